"""Configuration of the agenda app."""

from django.apps import AppConfig
from django.db.models import Q
from django.utils.translation import gettext_lazy as _


class AgendaConfig(AppConfig):
    name = "agenda"
    verbose_name = _("Agenda")

    def ready(self):
        from assembly.media import register_public_files
        from assembly.sections import register_session_section

        from .models import ProgrammeSlot, Speaker
        from .sections import session_themes

        register_session_section(session_themes, order=20)
        # A speaker's photo is public while the speaker appears in the public programme.
        register_public_files(
            Speaker, "photo", Q(appearances__slot__in=ProgrammeSlot.objects.public())
        )

"""Configuration of the agenda app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AgendaConfig(AppConfig):
    name = "agenda"
    verbose_name = _("Agenda")

    def ready(self):
        from assembly.sections import register_session_section

        from .sections import session_themes

        register_session_section(session_themes, order=20)

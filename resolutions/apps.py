"""Configuration of the resolutions app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ResolutionsConfig(AppConfig):
    name = "resolutions"
    verbose_name = _("Resolutions")

    def ready(self):
        from assembly.dashboard import register_dashboard_panel
        from assembly.sections import register_document_status, register_session_section

        from .console import live_ballot_panel
        from .sections import adopted_resolutions_section, draft_document_statuses

        register_session_section(adopted_resolutions_section, order=50)
        register_document_status(draft_document_statuses)
        register_dashboard_panel(live_ballot_panel, order=5)

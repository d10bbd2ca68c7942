"""Configuration of the delegates app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DelegatesConfig(AppConfig):
    name = "delegates"
    verbose_name = _("Delegates")

    def ready(self):
        from assembly.dashboard import register_dashboard_panel

        from .dashboard import credentials_panel, delegation_panel, registration_panel

        register_dashboard_panel(registration_panel, order=10)
        register_dashboard_panel(credentials_panel, order=20)
        register_dashboard_panel(delegation_panel, order=30)

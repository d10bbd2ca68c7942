"""Configuration of the core app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssemblyConfig(AppConfig):
    name = "assembly"
    verbose_name = _("General Assembly")

    def ready(self):
        # Registers the system checks of the shared services (Redis, broker, database).
        from . import health  # noqa: F401
        from .text import attach_input_validators

        # Every text and date field a person types gets the same rules (SECURITY 29, 34).
        attach_input_validators()

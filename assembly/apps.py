"""Configuration of the core app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssemblyConfig(AppConfig):
    name = "assembly"
    verbose_name = _("General Assembly")

    def ready(self):
        # Registers the system checks of the shared services (Redis, broker, database).
        from . import health  # noqa: F401

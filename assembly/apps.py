"""Configuration of the core app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AssemblyConfig(AppConfig):
    name = "assembly"
    verbose_name = _("General Assembly")

    def ready(self):
        # Registers the system checks of the shared services (Redis, broker, database).
        from django.db.models import Q

        from . import health, net  # noqa: F401  (system checks)
        from .media import register_public_files
        from .models import DocumentFile, Photo
        from .text import attach_input_validators

        # SECURITY.md 30: a document's files while it is public; the gallery's photos.
        register_public_files(DocumentFile, "file", Q(document__is_public=True))
        register_public_files(Photo, "image")
        # Every text and date field a person types gets the same rules (SECURITY 29, 34).
        attach_input_validators()

"""Configuration of the delegates app."""

from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DelegatesConfig(AppConfig):
    name = "delegates"
    verbose_name = _("Delegates")

"""Template filters of the resolutions pages."""

from django import template
from django.utils.safestring import mark_safe

from resolutions.sanitise import clean_rich_text

register = template.Library()


@register.filter
def rich_text(value: str) -> str:
    """Stored text is sanitised on save; it goes through the allow-list again when shown, so a
    row written by any other path can never carry a script to the page."""
    return mark_safe(clean_rich_text(value or ""))  # noqa: S308 (nh3 allow-list output)

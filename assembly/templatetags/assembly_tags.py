"""Template tags shared by every app: dates, times, durations, lists and numbers in CLDR formats
(assembly.i18n), links to other languages."""

from django import template
from django.conf import settings
from django.urls import translate_url
from django.utils.translation import get_language

from assembly import i18n
from assembly.languages import language_codes
from assembly.languages import missing_languages as _missing_languages

register = template.Library()


@register.filter
def long_date(value):
    return i18n.long_date(value) if value else ""


@register.simple_tag
def date_range(start, end):
    return i18n.date_range(start, end)


@register.filter
def local_time(value, tz=None):
    return i18n.short_time(value, tz) if value else ""


@register.filter
def local_datetime(value, tz=None):
    return i18n.short_datetime(value, tz) if value else ""


@register.simple_tag
def time_range(start, end, tz):
    """A slot's two times by CLDR's interval pattern («٩:٣٠–١٠:٣٠ ص»)."""
    return i18n.time_range(start, end, tz)


@register.simple_tag
def date_time_range(start, end, tz):
    return i18n.date_time_range(start, end, tz)


@register.filter
def zoned_datetime(value, tz):
    """The back office's date-time: in ``tz`` (the session's zone), with the zone named."""
    return i18n.zoned_datetime(value, tz) if value else ""


@register.filter
def localnumber(value):
    return i18n.number(value)


@register.filter
def localdigits(text):
    """A translated sentence's digits in the language's numbering system (a plural count)."""
    return i18n.localise_digits(str(text), i18n.babel_locale())


@register.filter
def time_zone_name(tz):
    """The zone in the reader's words ("Central European Time", «توقيت وسط أوروبا»)."""
    return i18n.time_zone_name(tz) if tz else ""


@register.filter
def join_list(items):
    """Items joined by the language's list pattern («العربية والإنجليزية والفرنسية»)."""
    return i18n.join_list(items or [])


@register.filter
def duration_seconds(seconds):
    return i18n.duration_seconds(seconds) if seconds is not None else ""


@register.simple_tag
def page_footer_css():
    """A PDF's page numbers in the visitor's words and digits («الصفحة ١ من ٣»)."""
    from django.utils.safestring import mark_safe

    return mark_safe(i18n.page_footer_css())  # noqa: S308 - built from the catalogue, no input


@register.simple_tag(takes_context=True)
def url_in_language(context, language: str) -> str:
    """The address of the page being shown, in another language (the switcher's links)."""
    request = context.get("request")
    if request is None:
        return f"/{language}/"
    url = translate_url(request.get_full_path(), language)
    # A path that names no page (a 404) comes back untranslated, as the visitor typed it:
    # "//evil.example/" would then be a link off the site (SECURITY.md 9). Offer the home page.
    if not url.startswith(f"/{language}/"):
        return f"/{language}/"
    return url


@register.filter
def with_statuses(documents) -> list:
    """The documents with what the feature apps say about each (one query per app)."""
    from assembly.sections import document_statuses

    return document_statuses(documents)


@register.filter
def missing_languages(obj, field: str) -> list[tuple[str, str]]:
    """Working languages in which ``obj.field`` has no text yet (code, name)."""
    missing = _missing_languages(obj, field, required=True)
    return [(code, name) for code, name in settings.LANGUAGES if code in missing]


@register.filter
def has_translation(obj, field: str) -> bool:
    """Whether ``obj.field`` exists in the visitor's language (not a fallback)."""
    language = get_language() or settings.LANGUAGE_CODE
    return language in language_codes() and language not in _missing_languages(
        obj, field, required=True
    )


@register.simple_tag(takes_context=True)
def admin_dashboard(context) -> dict:
    """The back office home's queues and charts for the signed-in staff (assembly.dashboard)."""
    from assembly.dashboard import dashboard

    return dashboard(context["request"])

"""Template tags of the agenda pages: links in the visitor's namespace, slot times."""

from django import template
from django.conf import settings
from django.urls import reverse

from assembly import i18n

register = template.Library()


@register.simple_tag(takes_context=True)
def agenda_url(context, name: str, **kwargs) -> str:
    """A URL of the agenda app for the session shown: /agenda/… or /sessions/<n>/agenda/…."""
    namespace = context.get("agenda_ns", "agenda")
    if namespace == "session-agenda":
        kwargs["number"] = context["session"].number
    return reverse(f"{namespace}:{name}", kwargs=kwargs)


@register.filter
def duration(minutes: int) -> str:
    return i18n.duration(minutes)


@register.filter
def language_names(codes) -> str:
    """Language names joined by the visitor's list pattern («العربية والإنجليزية»)."""
    names = dict(settings.LANGUAGES)
    return i18n.join_list(names[code] for code in codes or [] if code in names)


@register.filter
def iso_day(value, tz) -> str:
    """The day (yyyy-mm-dd) of a moment in the session's time zone: the day page it belongs to."""
    return value.astimezone(tz).date().isoformat() if value else ""

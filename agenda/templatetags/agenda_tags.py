"""Template tags of the agenda pages: links in the visitor's namespace, slot times."""

from django import template
from django.urls import reverse

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
    from assembly.i18n import babel_locale, localise_digits

    hours, rest = divmod(int(minutes), 60)
    text = (f"{hours} h {rest:02d}" if rest else f"{hours} h") if hours else f"{rest} min"
    return localise_digits(text, babel_locale())


@register.filter
def language_names(codes) -> str:
    from django.conf import settings

    names = dict(settings.LANGUAGES)
    return ", ".join(str(names[code]) for code in codes or [] if code in names)


@register.filter
def iso_day(value, tz) -> str:
    """The day (yyyy-mm-dd) of a moment in the session's time zone: the day page it belongs to."""
    return value.astimezone(tz).date().isoformat() if value else ""

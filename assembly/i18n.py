"""Dates, times and numbers in the visitor's language, from CLDR through Babel."""

import datetime as dt

from babel import Locale
from babel.dates import format_date, format_datetime, format_time
from django.conf import settings
from django.utils.translation import get_language

# First code point of the digits of CLDR numbering systems we publish in.
_DIGIT_ZERO = {"latn": 0x30, "arab": 0x660, "arabext": 0x6F0}


def babel_locale(language: str | None = None) -> Locale:
    code = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    return Locale.parse(settings.BABEL_LOCALES.get(code, code))


def localise_digits(text: str, locale: Locale) -> str:
    """Write ASCII digits in the locale's default numbering system (Arabic-Indic for ar_EG).

    Babel formats the pattern but leaves digits in Latin; CLDR says which digits the locale uses.
    """
    zero = _DIGIT_ZERO.get(locale.default_numbering_system, 0x30)
    if zero == 0x30:
        return text
    return text.translate({0x30 + i: zero + i for i in range(10)})


def long_date(value: dt.date, language: str | None = None) -> str:
    locale = babel_locale(language)
    return localise_digits(format_date(value, "long", locale=locale), locale)


def date_range(start: dt.date, end: dt.date, language: str | None = None) -> str:
    """Both dates in the CLDR long format, as the Organisation publishes them.

    CLDR's interval formats abbreviate month names in English and French, so they are not used.
    """
    if start == end:
        return long_date(start, language)
    return f"{long_date(start, language)} – {long_date(end, language)}"


def short_time(value: dt.datetime | dt.time, tzinfo=None, language: str | None = None) -> str:
    locale = babel_locale(language)
    if isinstance(value, dt.datetime) and tzinfo is not None:
        value = value.astimezone(tzinfo)
    return localise_digits(format_time(value, "short", locale=locale), locale)


def medium_datetime(value: dt.datetime, tzinfo=None, language: str | None = None) -> str:
    locale = babel_locale(language)
    if tzinfo is not None:
        value = value.astimezone(tzinfo)
    return localise_digits(format_datetime(value, "medium", locale=locale), locale)


def number(value: int, language: str | None = None) -> str:
    return localise_digits(str(value), babel_locale(language))


def zoned_datetime(value: dt.datetime, tzinfo, language: str | None = None) -> str:
    """Date and time in ``tzinfo`` with the zone named ("30 Nov 2023, 12:15 CET"), for the back
    office, where a time without its zone is read in the wrong one."""
    locale = babel_locale(language)
    local = value.astimezone(tzinfo)
    text = (
        str(locale.datetime_formats["medium"])
        .replace("{1}", format_date(local, "medium", locale=locale))
        .replace("{0}", format_time(local, "short", locale=locale))
    )
    return f"{localise_digits(text, locale)} {local.tzname()}"

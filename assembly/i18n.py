"""Dates, times, durations, lists and numbers in the visitor's language, from CLDR (Babel).

The one formatting module of the site: pages, mails, PDFs and human-readable exports call these
functions (or the template filters of ``assembly_tags`` built on them), never ``strftime``.

Digits follow one rule (README, "Digits"): every number the interface writes (dates, times,
durations, counts, PDF page numbers) uses the default numbering system of the language's CLDR
locale: Arabic-Indic digits (٠١٢٣٤٥٦٧٨٩) on Arabic pages, Western digits in the other
languages. Codes (document symbols, resolution numbers, agenda item numbers, tokens) and content
typed by the Secretariat are printed as written.
"""

import datetime as dt
from collections.abc import Iterable

from babel import Locale
from babel.dates import format_date, format_interval, format_time, get_timezone_name
from babel.lists import format_list
from babel.numbers import format_decimal
from babel.units import format_unit
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


def _date_and_time(date_text: str, time_text: str, locale: Locale) -> str:
    """CLDR's pattern gluing a date and a time ("{1}, {0}"; "{1}، {0}" in Arabic)."""
    pattern = str(locale.datetime_formats["medium"]).replace("'", "")
    return pattern.replace("{1}", date_text).replace("{0}", time_text)


def short_datetime(value: dt.datetime, tzinfo=None, language: str | None = None) -> str:
    """The long date and the short time, no seconds: "30 November 2023, 13:30";
    «٣٠ نوفمبر ٢٠٢٣، ١:٣٠ م»."""
    locale = babel_locale(language)
    if tzinfo is not None:
        value = value.astimezone(tzinfo)
    text = _date_and_time(
        format_date(value, "long", locale=locale),
        format_time(value, "short", locale=locale),
        locale,
    )
    return localise_digits(text, locale)


def time_range(start: dt.datetime, end: dt.datetime, tzinfo, language: str | None = None) -> str:
    """Two short times by CLDR's interval pattern: "09:30–10:30"; «٩:٣٠–١٠:٣٠ ص» (the period
    written once), «٩:٣٠ ص – ٢:٠٠ م»."""
    locale = babel_locale(language)
    pattern = str(locale.time_formats["short"])
    skeleton = "hm" if "h" in pattern else "Hm"
    text = format_interval(start, end, skeleton, tzinfo=tzinfo, locale=locale)
    return localise_digits(text, locale)


def date_time_range(
    start: dt.datetime, end: dt.datetime, tzinfo, language: str | None = None
) -> str:
    """The day in full and the two times: "28 November 2023, 09:30–10:30" (a slot)."""
    locale = babel_locale(language)
    day = format_date(start.astimezone(tzinfo), "long", locale=locale)
    text = _date_and_time(day, time_range(start, end, tzinfo, language), locale)
    return localise_digits(text, locale)


def time_zone_name(tzinfo, language: str | None = None) -> str:
    """The zone in the reader's words, as CLDR names it: "Central European Time",
    «توقيت وسط أوروبا», "heure d’Europe centrale" (never the identifier "Europe/Vienna")."""
    return get_timezone_name(tzinfo, "long", zone_variant="generic", locale=babel_locale(language))


def number(value: int, language: str | None = None) -> str:
    """A count with the language's digits and grouping: "1,024", «١٬٠٢٤»."""
    locale = babel_locale(language)
    # The symbols of the locale's own numbering system: the Arabic thousands separator «٬».
    return localise_digits(format_decimal(value, locale=locale, numbering_system="default"), locale)


def join_list(items: Iterable, language: str | None = None) -> str:
    """Items joined by the language's CLDR list pattern: "Arabic, English and French",
    «العربية والإنجليزية والفرنسية»."""
    words = [str(item) for item in items]
    if not words:
        return ""
    return format_list(words, locale=babel_locale(language))


def _two_units(amount: int, big: str, small: str, language: str | None) -> str:
    """``amount`` of the small unit as big and small units in words, by CLDR's list pattern."""
    whole, rest = divmod(int(amount), 60)
    parts = [(whole, big)] if whole else []
    if rest or not whole:
        parts.append((rest, small))
    locale = babel_locale(language)
    words = [format_unit(value, unit, "long", locale=locale) for value, unit in parts]
    return localise_digits(format_list(words, locale=locale), locale)


def duration(minutes: int, language: str | None = None) -> str:
    """Hours and minutes in words: "1 hour and 15 minutes", «ساعة و١٥ دقيقة»."""
    return _two_units(minutes, "duration-hour", "duration-minute", language)


def duration_seconds(seconds: int, language: str | None = None) -> str:
    """Minutes and seconds in words (a speech): "4 minutes", «٣ دقائق و٢٠ ثانية»."""
    return _two_units(seconds, "duration-minute", "duration-second", language)


def zoned_datetime(value: dt.datetime, tzinfo, language: str | None = None) -> str:
    """Date and time in ``tzinfo`` with the zone named ("30 Nov 2023, 12:15 CET"), for the back
    office, where a time without its zone is read in the wrong one."""
    locale = babel_locale(language)
    local = value.astimezone(tzinfo)
    text = _date_and_time(
        format_date(local, "medium", locale=locale),
        format_time(local, "short", locale=locale),
        locale,
    )
    return f"{localise_digits(text, locale)} {local.tzname()}"


# CSS counter styles (css-counter-styles-3) of the CLDR numbering systems we publish in.
_COUNTER_STYLE = {"latn": "decimal", "arab": "arabic-indic", "arabext": "persian"}


def page_footer_css(language: str | None = None) -> str:
    """The ``@page`` rule numbering a PDF's pages in words and in the language's digits:
    "Page 1 of 3"; «الصفحة ١ من ٣» laid out right to left (never "3 / 1").

    WeasyPrint draws the margin box from CSS only, so the translated sentence is cut at its
    placeholders and the numbers become ``counter()`` calls in the locale's counter style.
    """
    from django.utils import translation
    from django.utils.translation import gettext

    code = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0]
    with translation.override(code):
        sentence = gettext("Page %(number)s of %(total)s") % {
            "number": "\x00page\x00",
            "total": "\x00pages\x00",
        }
        rtl = translation.get_language_bidi()
    style = _COUNTER_STYLE.get(babel_locale(code).default_numbering_system, "decimal")
    parts = []
    for index, piece in enumerate(sentence.split("\x00")):
        if index % 2:
            parts.append(f"counter({piece}, {style})")
        elif piece:
            parts.append('"' + piece.replace("\\", "\\\\").replace('"', '\\"') + '"')
    direction = "rtl" if rtl else "ltr"
    return (
        "@page { @bottom-center { content: "
        + " ".join(parts)
        + f"; direction: {direction}; font-size: 8pt; }} }}"
    )

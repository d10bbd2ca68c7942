"""The formatting module (assembly.i18n) in the four working languages (issue 13).

Short times without seconds in the session's zone, the zone in the reader's words, durations in
CLDR units, lists by CLDR list patterns, counts and PDF page numbers with the language's digits.
"""

import datetime as dt
import zoneinfo

import pytest
from django.template import Context, Template
from django.utils import translation

from assembly import i18n

VIENNA = zoneinfo.ZoneInfo("Europe/Vienna")
# 12:30:15 UTC is 13:30:15 in Vienna: the seconds must never show.
MOMENT = dt.datetime(2023, 11, 30, 12, 30, 15, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("language", "expected"),
    [("ar", "١:٣٠ م"), ("en", "13:30"), ("fr", "13:30"), ("es", "13:30")],
)
def test_short_time_in_the_session_zone_without_seconds(language, expected):
    assert i18n.short_time(MOMENT, VIENNA, language) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ar", "٣٠ نوفمبر ٢٠٢٣، ١:٣٠ م"),
        ("en", "30 November 2023, 13:30"),
        ("fr", "30 novembre 2023, 13:30"),
        ("es", "30 de noviembre de 2023, 13:30"),
    ],
)
def test_short_datetime_has_the_long_date_and_no_seconds(language, expected):
    assert i18n.short_datetime(MOMENT, VIENNA, language) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ar", "توقيت وسط أوروبا"),
        ("en", "Central European Time"),
        ("fr", "heure d’Europe centrale"),
        ("es", "hora de Europa central"),
    ],
)
def test_time_zone_in_the_readers_words(language, expected):
    assert i18n.time_zone_name(VIENNA, language) == expected


@pytest.mark.parametrize(
    ("language", "minutes", "expected"),
    [
        ("ar", 75, "ساعة و١٥ دقيقة"),
        ("ar", 120, "ساعتان"),
        ("ar", 45, "٤٥ دقيقة"),
        ("ar", 130, "ساعتان و١٠ دقائق"),
        ("en", 75, "1 hour and 15 minutes"),
        ("en", 45, "45 minutes"),
        ("fr", 75, "1\u00a0heure et 15 minutes"),
        ("fr", 120, "2\u00a0heures"),
        ("es", 75, "1 hora y 15 minutos"),
        ("es", 30, "30 minutos"),
    ],
)
def test_durations_in_cldr_units(language, minutes, expected):
    text = i18n.duration(minutes, language)
    assert text == expected
    assert " h " not in text


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ar", "٣ دقائق و٢٠ ثانية"),
        ("en", "3 minutes and 20 seconds"),
        ("fr", "3 minutes et 20\u00a0secondes"),
        ("es", "3 minutos y 20 segundos"),
    ],
)
def test_speech_length_in_minutes_and_seconds(language, expected):
    assert i18n.duration_seconds(200, language) == expected


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("ar", "العربية والإنكليزية والفرنسية والإسبانية"),
        ("en", "Arabic, English, French and Spanish"),
        ("fr", "arabe, anglais, français et espagnol"),
        ("es", "árabe, inglés, francés y español"),
    ],
)
def test_language_names_joined_by_the_list_pattern(language, expected):
    names = {
        "ar": ["العربية", "الإنكليزية", "الفرنسية", "الإسبانية"],
        "en": ["Arabic", "English", "French", "Spanish"],
        "fr": ["arabe", "anglais", "français", "espagnol"],
        "es": ["árabe", "inglés", "francés", "español"],
    }[language]
    assert i18n.join_list(names, language) == expected
    assert i18n.join_list([], language) == ""


@pytest.mark.parametrize(
    ("language", "expected"),
    [("ar", "١٬٠٢٤"), ("en", "1,024"), ("fr", "1\u202f024"), ("es", "1.024")],
)
def test_counts_with_the_languages_digits_and_grouping(language, expected):
    assert i18n.number(1024, language) == expected


def test_page_footer_in_words_and_in_the_languages_digits():
    arabic = i18n.page_footer_css("ar")
    assert 'content: "الصفحة " counter(page, arabic-indic) " من " counter(pages, arabic-indic)' in (
        arabic
    )
    assert "direction: rtl" in arabic
    english = i18n.page_footer_css("en")
    assert 'content: "Page " counter(page, decimal) " of " counter(pages, decimal)' in english
    assert "direction: ltr" in english


def test_template_filters_use_the_module():
    template = Template(
        "{% load assembly_tags agenda_tags %}{{ moment|local_time:tz }}|"
        "{{ moment|local_datetime:tz }}|{{ tz|time_zone_name }}|{{ 75|duration }}|"
        "{{ codes|language_names }}|{{ 200|duration_seconds }}"
    )
    context = Context({"moment": MOMENT, "tz": VIENNA, "codes": ["ar", "en"]})
    with translation.override("ar"):
        text = template.render(context)
    assert text.split("|") == [
        "١:٣٠ م",
        "٣٠ نوفمبر ٢٠٢٣، ١:٣٠ م",
        "توقيت وسط أوروبا",
        "ساعة و١٥ دقيقة",
        "العربية والإنكليزية",
        "٣ دقائق و٢٠ ثانية",
    ]

"""The public agenda in the four languages, as a reader uses it: day tabs, filters, a slot page,
the language switcher keeping the page; and the Arabic programme really mirrored (measured)."""

import re

import pytest

pytestmark = pytest.mark.e2e

LANGUAGES = ("ar", "en", "fr", "es")
FIRST_DAY = "2023-11-28"


def _switch_to(page, language: str):
    page.locator(f".language-switcher a[hreflang={language}]").click()
    page.wait_for_load_state()


@pytest.mark.parametrize("language", LANGUAGES)
def test_programme_day_tabs_filters_slot_and_switcher(demo_site, page, language, snap, page_errors):
    site = demo_site
    page.goto(f"{site.url}/{language}/agenda/")
    snap(page, f"{language} programme")
    assert page.locator("html").get_attribute("lang") == language
    tabs = page.locator(".day-tabs a")
    assert tabs.count() == 5  # "all days" and the four days of the session
    assert tabs.first.get_attribute("aria-current") == "page"
    all_slots = page.locator(".slot").count()

    # A day tab: only that day, and the tab says it is the current one.
    tabs.nth(1).click()
    page.wait_for_url(f"{site.url}/{language}/agenda/{FIRST_DAY}/")
    snap(page, f"{language} first day")
    assert page.locator(".day-tabs a").nth(1).get_attribute("aria-current") == "page"
    assert page.locator(".programme-day").count() == 1
    assert 0 < page.locator(".slot").count() < all_slots

    # A filter: side events only, on every day.
    page.goto(f"{site.url}/{language}/agenda/")
    page.locator(".programme-filter select[name=kind]").select_option("side_event")
    page.locator(".programme-filter [type=submit]").click()
    page.wait_for_url(re.compile(r".*\?.*kind=side_event.*"))
    snap(page, f"{language} side events only")
    assert page.locator(".slot").count() == 3
    assert page.locator(".slot").count() == page.locator(".slot--side_event").count()

    # A slot page, then the language switcher: the same slot in the next language.
    page.locator("#slot-centenary-exhibition-tour .slot__title a").click()
    page.wait_for_url(f"{site.url}/{language}/agenda/items/centenary-exhibition-tour/")
    title = page.locator("main h1").inner_text()
    snap(page, f"{language} side-event page")
    other = LANGUAGES[(LANGUAGES.index(language) + 1) % len(LANGUAGES)]
    _switch_to(page, other)
    assert page.url == f"{site.url}/{other}/agenda/items/centenary-exhibition-tour/"
    assert page.locator("html").get_attribute("lang") == other
    assert page.locator("main h1").inner_text() not in ("", title)  # translated, not the same
    snap(page, f"{other} side-event page after switching")
    assert page_errors == []


def _x_of(page, selector: str) -> list[dict]:
    return [
        page.locator(selector).nth(i).bounding_box() for i in range(page.locator(selector).count())
    ]


def test_arabic_programme_is_mirrored(demo_site, page, snap):
    """Measured, not only `dir`: the navigation and the day tabs run from right to left."""
    site = demo_site
    measured = {}
    for language in ("en", "ar"):
        page.goto(f"{site.url}/{language}/agenda/{FIRST_DAY}/")
        snap(page, f"{language} day of the programme")
        measured[language] = {
            "nav": _x_of(page, ".site-nav li > a"),
            "nav_list": page.locator(".site-nav ul").bounding_box(),
            "tabs": _x_of(page, ".day-tabs li > a"),
            "tabs_list": page.locator(".day-tabs ul").bounding_box(),
            "heading": page.locator("main h1").bounding_box(),
            "main": page.locator("main").bounding_box(),
        }
    en, ar = measured["en"], measured["ar"]
    tolerance = 24

    def right(box):
        return box["x"] + box["width"]

    for part, whole in (("nav", "nav_list"), ("tabs", "tabs_list")):
        assert len(en[part]) >= 2 and len(en[part]) == len(ar[part]), part
        # English: the first item at the left edge, the next ones to its right.
        assert en[part][0]["x"] - en[whole]["x"] < tolerance, part
        assert en[part][0]["x"] < en[part][1]["x"], part
        # Arabic: the first item at the right edge, the next ones to its left.
        assert right(ar[whole]) - right(ar[part][0]) < tolerance, part
        assert ar[part][0]["x"] > ar[part][1]["x"], part
    # The heading sits against the start edge of the main column.
    assert en["heading"]["x"] - en["main"]["x"] < 40
    assert right(ar["main"]) - right(ar["heading"]) < 40
    assert page.evaluate("document.documentElement.scrollWidth") <= page.viewport_size["width"]

"""The Arabic pages really mirror: measured positions of the header, the switcher and the menu."""

import pytest

pytestmark = pytest.mark.e2e


def _box(page, selector: str) -> dict:
    box = page.locator(selector).first.bounding_box()
    assert box is not None, f"{selector} is not displayed"
    return box


def _right(box: dict) -> float:
    return box["x"] + box["width"]


def _measure(page) -> dict:
    return {
        "viewport": page.viewport_size["width"],
        "header": _box(page, ".site-header__inner"),
        "brand": _box(page, ".brand"),
        "switcher": _box(page, ".language-switcher"),
        "menu": [
            page.locator(".site-nav li > a").nth(i).bounding_box()
            for i in range(page.locator(".site-nav li > a").count())
        ],
        "menu_list": _box(page, ".site-nav ul"),
        "heading": _box(page, "main h1"),
        "main": _box(page, "main"),
    }


def test_home_page_mirrors_in_arabic(site, page, snap, page_errors):
    page.goto(f"{site.url}/en/")
    snap(page, "english home")
    assert page.locator("html").get_attribute("dir") == "ltr"
    assert page.locator("html").get_attribute("lang") == "en"
    en = _measure(page)

    page.locator(".language-switcher").get_by_role("link", name="العربيّة").click()
    page.wait_for_url(f"{site.url}/ar/")
    snap(page, "arabic home after switching")
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator("html").get_attribute("lang") == "ar"
    ar = _measure(page)

    tolerance = 24  # the header's inline padding (1rem) and a little more
    # English: the brand starts at the left edge of the header, the switcher ends at the right.
    assert en["brand"]["x"] - en["header"]["x"] < tolerance
    assert _right(en["header"]) - _right(en["switcher"]) < tolerance
    assert en["brand"]["x"] < en["switcher"]["x"]
    # Arabic: the same blocks, mirrored.
    assert _right(ar["header"]) - _right(ar["brand"]) < tolerance
    assert ar["switcher"]["x"] - ar["header"]["x"] < tolerance
    assert ar["brand"]["x"] > ar["switcher"]["x"]

    # The main menu: its first item starts at the start side, the next ones follow it.
    assert len(ar["menu"]) >= 2 and len(ar["menu"]) == len(en["menu"])
    assert en["menu"][0]["x"] - en["menu_list"]["x"] < tolerance
    assert _right(ar["menu_list"]) - _right(ar["menu"][0]) < tolerance
    assert en["menu"][0]["x"] < en["menu"][1]["x"]
    assert ar["menu"][0]["x"] > ar["menu"][1]["x"]

    # The page heading sits against the start edge of the main column.
    assert en["heading"]["x"] - en["main"]["x"] < 40
    assert _right(ar["main"]) - _right(ar["heading"]) < 40
    # Nothing scrolls sideways in either direction.
    assert page.evaluate("document.documentElement.scrollWidth") <= ar["viewport"]
    assert page_errors == []


def test_switching_language_keeps_the_page(site, page, snap, page_errors):
    page.goto(f"{site.url}/ar/sessions/90/")
    snap(page, "arabic past session")
    assert page.locator("h1").inner_text() == "الدورة التسعون للجمعية العامة"
    # The switcher's label is translated later; the link names each language in itself.
    page.locator(".language-switcher").get_by_role("link", name="English").click()
    page.wait_for_url(f"{site.url}/en/sessions/90/")
    snap(page, "english past session")
    assert page.locator("h1").inner_text() == "90th General Assembly"
    assert "New Delhi" in page.locator(".session__when-where").inner_text()
    assert page_errors == []


@pytest.mark.parametrize("language", ["en", "ar"])
def test_phone_layout_does_not_scroll_sideways(site, browser, language, snap):
    context = browser.new_context(viewport={"width": 360, "height": 740}, is_mobile=True)
    page = context.new_page()
    try:
        page.goto(f"{site.url}/{language}/")
        snap(page, f"{language} home on a phone")
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 360, f"the page is {width}px wide on a 360px phone"
        brand = _box(page, ".brand")
        if language == "ar":
            assert brand["x"] + brand["width"] > 360 - 24
        else:
            assert brand["x"] < 24
    finally:
        context.close()

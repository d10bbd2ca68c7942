"""Keyboard only: the skip link comes first, leads to the main content, and focus is visible."""

import pytest

pytestmark = pytest.mark.e2e

FOCUS_STYLE = """() => {
  const el = document.activeElement;
  const style = getComputedStyle(el);
  return {
    tag: el.tagName.toLowerCase(), id: el.id, cls: el.className,
    text: (el.innerText || '').trim(),
    outlineStyle: style.outlineStyle, outlineWidth: parseFloat(style.outlineWidth) || 0,
    boxShadow: style.boxShadow,
  };
}"""

INSIDE_MAIN = """() => {
  const main = document.getElementById('main');
  const el = document.activeElement;
  return main.contains(el)
    || !!(main.compareDocumentPosition(el) & Node.DOCUMENT_POSITION_FOLLOWING);
}"""


def _visible_focus(focus: dict) -> bool:
    outlined = focus["outlineStyle"] != "none" and focus["outlineWidth"] >= 2
    return outlined or focus["boxShadow"] not in ("", "none")


@pytest.mark.parametrize("language", ["en", "ar"])
def test_skip_link_first_then_main(site, page, language, snap):
    page.goto(f"{site.url}/{language}/")
    page.keyboard.press("Tab")
    focus = page.evaluate(FOCUS_STYLE)
    snap(page, "skip link focused", full_page=False)
    assert focus["cls"] == "skip-link", f"the first Tab stop is {focus}"
    assert _visible_focus(focus), f"no visible focus on the skip link: {focus}"
    # The skip link comes into view when focused (it is off-screen otherwise).
    box = page.locator(".skip-link").bounding_box()
    assert box["y"] >= 0 and box["y"] + box["height"] <= page.viewport_size["height"]

    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    assert page.url.endswith("#main")
    # The next Tab stop is in the main content (or after it), never back in the header.
    page.keyboard.press("Tab")
    snap(page, "first stop after skipping", full_page=False)
    assert page.evaluate(INSIDE_MAIN), page.evaluate(FOCUS_STYLE)


@pytest.mark.parametrize("language", ["en", "ar"])
def test_every_header_stop_shows_focus(site, page, language):
    """Tab through the header and the menu: each stop is drawn with a visible indicator."""
    page.goto(f"{site.url}/{language}/")
    header_links = page.locator("header.site-header a").count()
    seen = []
    for _ in range(header_links + 1):  # the skip link, then each link of the header
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_STYLE)
        seen.append(focus["text"])
        assert _visible_focus(focus), f"no visible focus on {focus}"
    assert len(set(seen)) == len(seen), f"a stop was visited twice: {seen}"

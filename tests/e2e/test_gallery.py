"""The session page's gallery on a phone and with the keyboard: ten drawings, a lightbox that
opens with Enter, moves with the arrow keys (mirrored in Arabic), closes with Escape and gives the
focus back to the picture it came from."""

import pytest

pytestmark = pytest.mark.e2e


@pytest.mark.parametrize("language,forward", [("en", "ArrowRight"), ("ar", "ArrowLeft")])
def test_lightbox_with_the_keyboard(site, page, snap, page_errors, language, forward):
    page.goto(f"{site.url}/{language}/")
    links = page.locator(".gallery__link")
    assert links.count() == 10
    captions = page.locator(".gallery figcaption").all_text_contents()
    links.nth(2).focus()
    page.keyboard.press("Enter")
    dialog = page.locator("dialog.lightbox")
    assert dialog.evaluate("d => d.open")
    assert page.locator(".lightbox__caption").text_content() == captions[2]
    assert page.evaluate("document.activeElement.className") == "lightbox__close"
    snap(page, f"{language} lightbox open", full_page=False)
    page.keyboard.press(forward)
    assert page.locator(".lightbox__caption").text_content() == captions[3]
    alt = page.locator(".lightbox__image").get_attribute("alt")
    assert alt == links.nth(3).locator("img").get_attribute("alt")
    page.keyboard.press("Escape")
    assert not dialog.evaluate("d => d.open")
    focused = page.evaluate(
        "[...document.querySelectorAll('.gallery__link')].indexOf(document.activeElement)"
    )
    assert focused == 2
    assert page_errors == []


@pytest.mark.parametrize("language", ["en", "ar"])
def test_the_gallery_fits_a_phone(site, browser, snap, language):
    context = browser.new_context(viewport={"width": 360, "height": 740})
    page = context.new_page()
    page.goto(f"{site.url}/{language}/")
    page.locator(".gallery").scroll_into_view_if_needed()
    snap(page, f"{language} phone gallery")
    assert page.evaluate("document.documentElement.scrollWidth") <= 360
    for index in range(10):
        image = page.locator(".gallery img").nth(index)
        image.scroll_into_view_if_needed()
        box = image.bounding_box()
        assert box["width"] <= 340
        assert abs(box["height"] / box["width"] - 500 / 800) < 0.02  # kept its proportions
        assert image.evaluate("i => i.complete && i.naturalWidth > 0")
    context.close()

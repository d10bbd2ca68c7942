"""Keyboard only: sign in, register for the session, filter the programme, with Tab and Enter
(and typing), every stop on the way drawn with a visible focus indicator."""

import re

import pytest

from .test_keyboard import FOCUS_STYLE, _visible_focus
from .users import PASSWORD, make_user

pytestmark = pytest.mark.e2e


def tab_to(page, selector: str, *, limit: int = 80) -> list[str]:
    """Press Tab until the focused element matches `selector`; each stop must show its focus."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        focus = page.evaluate(FOCUS_STYLE)
        stops.append(f"{focus['tag']}#{focus['id']}")
        assert _visible_focus(focus), f"no visible focus on {focus} (after {stops})"
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return stops
    raise AssertionError(f"{selector} never took the focus: {stops}")


def test_sign_in_register_and_filter_with_the_keyboard(demo_site, page, snap, page_errors):
    site = demo_site
    user = make_user("profiled")  # an account that told who it is, not yet registered

    # Sign in.
    page.goto(f"{site.url}/en/accounts/login/")
    tab_to(page, "main [name=login]")
    page.keyboard.type(user.email)
    tab_to(page, "main [name=password]")
    page.keyboard.type(PASSWORD)
    snap(page, "sign-in typed", full_page=False)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/en/delegates/$"))
    snap(page, "signed in")

    # Register: the form comes filled with the person's country; a delegate, the default.
    page.goto(f"{site.url}/en/delegates/register/")
    tab_to(page, "main select[name=category]")
    tab_to(page, "main form [type=submit]")
    snap(page, "registration submit focused", full_page=False)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*/en/delegates/$"))
    snap(page, "registered")
    assert "Your registration is submitted" in page.locator(".messages").inner_text()

    # Filter the programme: the kind list, typed to "side event", then the Filter button.
    page.goto(f"{site.url}/en/agenda/")
    tab_to(page, ".programme-filter select[name=kind]")
    page.keyboard.type("side")
    assert page.locator(".programme-filter select[name=kind]").input_value() == "side_event"
    tab_to(page, ".programme-filter [type=submit]")
    snap(page, "filter focused", full_page=False)
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r".*kind=side_event.*"))
    snap(page, "side events only")
    assert page.locator(".slot").count() == 3
    assert page_errors == []

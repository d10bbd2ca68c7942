"""A new delegate's journey as a person would make it: Arabic first, English, sign up, confirm
the email from the mail outbox, sign in with the keyboard only.

The registration steps (register in a delegation, upload credentials, the officer's decision,
the badge) continue this journey once the delegates app is merged: see `continue_journey`.
"""

import re

import pytest
from django.core import mail

from .users import PASSWORD

pytestmark = pytest.mark.e2e

CONFIRM_LINK = re.compile(r"https?://\S+/accounts/confirm-email/\S+")

# Steps a signed-in delegate takes next, each a function(page, site, snap); added after merge.
continue_journey: list = []


def test_new_delegate_signs_up_confirms_and_signs_in(site, page, snap, page_errors):
    page.goto(f"{site.url}/ar/")
    snap(page, "arabic home")
    page.locator(".language-switcher").get_by_role("link", name="English").click()
    page.wait_for_url(f"{site.url}/en/")
    snap(page, "english home")

    page.get_by_role("link", name="Delegate sign in").click()
    page.wait_for_url(re.compile(r".*/en/accounts/login/.*"))
    snap(page, "sign-in page")
    page.locator("main").get_by_role("link", name="sign up").click()
    page.wait_for_url(re.compile(r".*/en/accounts/signup/.*"))
    page.get_by_label("Email").fill("amira.haddad@example.org")
    page.get_by_label("Password", exact=False).first.fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    snap(page, "sign-up form filled")
    page.get_by_role("button", name="Sign Up").click()
    page.wait_for_url(re.compile(r".*/en/accounts/confirm-email/$"))
    snap(page, "verification sent")

    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["amira.haddad@example.org"]
    link = CONFIRM_LINK.search(mail.outbox[0].body).group(0)
    page.goto(link)
    snap(page, "confirm email page")
    page.get_by_role("button", name="Confirm").click()
    snap(page, "email confirmed")

    # Keyboard only from here: the sign-in form, Tab to each field, Enter to send.
    page.goto(f"{site.url}/en/accounts/login/")
    page.get_by_label("Email").focus()
    page.keyboard.type("amira.haddad@example.org")
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    snap(page, "sign-in by keyboard")
    page.keyboard.press("Enter")
    page.wait_for_load_state()
    snap(page, "signed in")
    assert page.get_by_role("link", name="Sign out").count() == 1
    assert page_errors == []

    for step in continue_journey:
        step(page, site, snap)

"""A new delegate's whole journey as a person would make it, in the browser.

Arabic first, then English; sign up; confirm the email from the mail outbox; tell who they are;
register as head of a member delegation; a registration officer approves the registration in
the admin; the head uploads the letter of credentials (a small valid PDF); the officer accepts
the credentials; the delegate downloads the badge (a PDF). Screenshots of every step are kept
under test-artifacts/screenshots/<test>/.

The head uploads the credentials only once approved: the portal gives a head's powers over
the delegation (credentials, nominations) to approved heads only (delegates.permissions).
"""

import io
import re
from pathlib import Path

import pytest
from django.core import mail

from .users import PASSWORD

pytestmark = pytest.mark.e2e

CONFIRM_LINK = re.compile(r"https?://\S+/accounts/confirm-email/\S+")
OFFICER = ("officer@demo.example", "Vienna-Officer-1923")
EMAIL = "amira.haddad@example.org"


def small_pdf() -> bytes:
    """A one-page PDF, as a scanned letter of credentials would be (smaller)."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def country_without_delegation():
    """A member country with no delegation yet at the current session (the demo's 91st)."""
    from assembly.models import AssemblySession, Country

    session = AssemblySession.objects.get(is_current=True)
    return (
        Country.objects.filter(status=Country.Status.MEMBER)
        .exclude(delegations__session=session)
        .order_by("iso_code")
        .first()
    )


def officer_signs_in(browser, site, snap):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.goto(f"{site.url}/admin/login/?next=/admin/")
    page.locator("#id_username").fill(OFFICER[0])
    page.locator("#id_password").fill(OFFICER[1])
    page.locator("[type=submit]").click()
    page.wait_for_url(re.compile(r".*/admin/$"))
    snap(page, "officer in the admin")
    return context, page


def run_admin_action(page, changelist: str, search: str, action: str):
    """Search the change list, tick the one row found, run the action."""
    page.goto(f"{changelist}?q={search}")
    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 1, f"{changelist}?q={search} lists {rows.count()} rows"
    rows.first.locator("input.action-select").check()
    page.locator("select[name=action]").select_option(action)
    page.locator("button[name=index], input[name=index]").first.click()
    page.wait_for_load_state()


def test_new_delegate_from_sign_up_to_badge(demo_site, browser, page, snap, page_errors):
    site = demo_site
    country = country_without_delegation()
    assert country is not None

    # 1. Arabic first, then English with the language switcher.
    page.goto(f"{site.url}/ar/")
    snap(page, "arabic home")
    assert page.locator("html").get_attribute("dir") == "rtl"
    page.locator(".language-switcher").get_by_role("link", name="English").click()
    page.wait_for_url(f"{site.url}/en/")
    snap(page, "english home")

    # 2. Sign up, then confirm the address from the mail outbox.
    page.get_by_role("link", name="Delegate sign in").click()
    page.wait_for_url(re.compile(r".*/en/accounts/login/.*"))
    snap(page, "sign-in page")
    page.locator("main").get_by_role("link", name="sign up").click()
    page.wait_for_url(re.compile(r".*/en/accounts/signup/.*"))
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label("Password", exact=False).first.fill(PASSWORD)
    page.get_by_label("Password (again)").fill(PASSWORD)
    snap(page, "sign-up form filled")
    page.get_by_role("button", name="Sign Up").click()
    page.wait_for_url(re.compile(r".*/en/accounts/confirm-email/$"))
    snap(page, "verification sent")
    sent = [message for message in mail.outbox if message.to == [EMAIL]]
    assert len(sent) == 1
    page.goto(CONFIRM_LINK.search(sent[0].body).group(0))
    snap(page, "confirm email page")
    page.get_by_role("button", name="Confirm").click()
    page.wait_for_load_state()
    snap(page, "email confirmed, signed in")
    assert (
        page.get_by_role("button", name="Sign out")
        .or_(page.get_by_role("link", name="Sign out"))
        .count()
        == 1
    )

    # 3. The portal: who they are, then the registration as head of delegation.
    page.goto(f"{site.url}/en/delegates/")
    page.get_by_role("link", name="Complete my profile").click()
    page.locator("main [name=given_name]").fill("Amira")
    page.locator("main [name=family_name]").fill("Haddad")
    page.locator("main select[name=country]").select_option(str(country.pk))
    snap(page, "profile filled")
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    page.goto(f"{site.url}/en/delegates/register/")
    page.locator("main select[name=category]").select_option("head")
    page.locator("main select[name=country]").select_option(str(country.pk))
    snap(page, "registration filled")
    page.get_by_role("button", name="Submit my registration").click()
    page.wait_for_url(re.compile(r".*/en/delegates/$"))
    snap(page, "registration submitted")
    assert "Your registration is submitted" in page.locator(".messages").inner_text()

    # 4. The registration officer approves the registration in the admin.
    officer_context, officer = officer_signs_in(browser, site, snap)
    try:
        run_admin_action(
            officer,
            f"{site.url}/admin/delegates/registration/",
            EMAIL,
            "approve_selected",
        )
        snap(officer, "registration approved")
        assert "1 registration approved" in officer.locator(".messagelist").inner_text()

        # 5. The head uploads the letter of credentials.
        page.goto(f"{site.url}/en/delegates/delegation/credentials/")
        page.locator("main input[name=file]").set_input_files(
            files=[
                {"name": "credentials.pdf", "mimeType": "application/pdf", "buffer": small_pdf()}
            ]
        )
        page.locator("main select[name=issuing_authority]").select_option(index=1)
        page.locator("main input[name=issued_on]").fill("2023-11-01")
        snap(page, "credentials upload filled")
        page.get_by_role("button", name="Upload").click()
        page.wait_for_load_state()
        snap(page, "credentials uploaded")
        assert page.locator(".errorlist").count() == 0, page.locator("main").inner_text()

        # 6. The officer accepts the credentials (the Credentials Bureau's decision).
        run_admin_action(
            officer,
            f"{site.url}/admin/delegates/credentials/",
            f"{country.name_en}&state__exact=received",
            "decide",
        )
        snap(officer, "credentials decision form")
        officer.locator("select[name=state]").select_option("accepted")
        officer.get_by_role("button", name="Record the decision").click()
        officer.wait_for_load_state()
        snap(officer, "credentials accepted")
        assert "1 credentials decided" in officer.locator(".messagelist").inner_text()
    finally:
        officer_context.close()

    # 7. The delegate downloads the badge: a PDF arrives.
    page.goto(f"{site.url}/en/delegates/")
    snap(page, "portal with badge")
    with page.expect_download() as waiting:
        page.get_by_role("link", name="Download my badge").click()
    badge = waiting.value
    content = Path(badge.path()).read_bytes()
    assert badge.suggested_filename == "badge-91.pdf"
    assert content.startswith(b"%PDF-") and len(content) > 1000
    from pypdf import PdfReader

    assert len(PdfReader(io.BytesIO(content)).pages) == 1
    assert page_errors == []

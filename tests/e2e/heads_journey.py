"""The first part of a delegation's journey, shared with the journeys that continue it.

``secretariat_confirms_head_who_invites_member`` runs, in the browser: the Credentials Bureau
confirms a head of delegation in the admin; the head nominates a member in the portal; the
member opens the invitation, creates an account with the invited address, confirms it, tells
who they are and accepts. It returns the member's page (signed in, on the portal) and the
objects made, for a journey to go on (a badge with a photo, the check-in…).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from django.core import mail

from .users import PASSWORD

CONFIRM_LINK = re.compile(r"https?://\S+/accounts/confirm-email/\S+")
INVITATION_LINK = re.compile(r"https?://\S+/delegates/invitation/[^/\s]+/")


@dataclass
class Journey:
    member_page: object  # the member's Playwright page, signed in, on the portal
    member_email: str
    head_email: str
    country: object
    registration: object  # the member's registration (approved)


def _sign_in(page, url: str, email: str, password: str) -> None:
    page.goto(f"{url}/en/accounts/login/")
    page.locator("main [name=login]").fill(email)
    page.locator("main [name=password]").fill(password)
    page.locator("main [type=submit]").first.click()
    page.wait_for_load_state()


def _setup(country_code: str | None):
    """A member country without a delegation, its head's request (an account that registered
    as head), and a registration officer."""
    from django.contrib.auth.models import Group

    from assembly.models import AssemblySession, Country
    from assembly.roles import REGISTRATION_OFFICERS, roles_sync
    from delegates import services
    from tests.delegates.factories import make_person, make_user

    roles_sync()
    session = AssemblySession.objects.get(is_current=True)
    countries = Country.objects.filter(status=Country.Status.MEMBER).exclude(
        delegations__session=session
    )
    if country_code:
        countries = countries.filter(iso_code=country_code)
    country = countries.order_by("iso_code").first()
    head_email = "head.journey@example.org"
    head_user = make_user(head_email, password=PASSWORD)
    person = make_person(user=head_user, country=country, given_name="Hana", family_name="Journey")
    services.registration_submit(
        person=person,
        session=session,
        category="head",
        delegation=services.delegation_for(session=session, country=country),
        actor=head_user,
    )
    officer = make_user("officer.journey@example.org", password=PASSWORD, is_staff=True)
    officer.groups.add(Group.objects.get(name=REGISTRATION_OFFICERS))
    return country, head_email, officer.email


def secretariat_confirms_head_who_invites_member(
    site, browser, snap, *, member_email="member.journey@example.org", country_code=None
) -> Journey:
    from delegates.models import Registration

    country, head_email, officer_email = _setup(country_code)

    # 1. The Credentials Bureau confirms the head the letter names, in the admin.
    officer_context = browser.new_context(viewport={"width": 1280, "height": 900})
    officer = officer_context.new_page()
    officer.set_default_timeout(10_000)
    officer.goto(f"{site.url}/admin/login/?next=/admin/")
    officer.locator("#id_username").fill(officer_email)
    officer.locator("#id_password").fill(PASSWORD)
    officer.locator("[type=submit]").click()
    officer.wait_for_url(re.compile(r".*/admin/$"))
    officer.goto(f"{site.url}/admin/delegates/registration/?q={head_email}")
    rows = officer.locator("#result_list tbody tr")
    assert rows.count() == 1
    rows.first.locator("input.action-select").check()
    officer.locator("select[name=action]").select_option("confirm_head")
    officer.locator("button[name=index], input[name=index]").first.click()
    officer.wait_for_load_state()
    snap(officer, "secretariat confirms the head")
    assert "Head of delegation confirmed." in officer.locator(".messagelist").inner_text()
    officer_context.close()

    # 2. The head nominates a member in the portal.
    head_context = browser.new_context(viewport={"width": 1280, "height": 900})
    head = head_context.new_page()
    head.set_default_timeout(10_000)
    _sign_in(head, site.url, head_email, PASSWORD)
    head.goto(f"{site.url}/en/delegates/delegation/")
    snap(head, "the head's delegation")
    head.get_by_role("link", name="Nominate a member").click()
    head.locator("main [name=email]").fill(member_email)
    head.locator("main [name=given_name]").fill("Mina")
    head.locator("main [name=family_name]").fill("Member")
    head.locator("main select[name=category]").select_option("delegate")
    head.locator("main select[name=language]").select_option("en")
    snap(head, "nomination filled")
    head.get_by_role("button", name="Nominate").click()
    head.wait_for_url(re.compile(r".*/en/delegates/delegation/$"))
    snap(head, "invitation sent")
    assert f"An invitation is sent to {member_email}" in head.locator(".messages").inner_text()
    head_context.close()

    # 3. The member opens the invitation, creates the account of that address and accepts.
    sent = [message for message in mail.outbox if message.to == [member_email]]
    assert len(sent) == 1
    link = INVITATION_LINK.search(sent[0].body).group(0)
    member_context = browser.new_context(viewport={"width": 1280, "height": 900})
    member = member_context.new_page()
    member.set_default_timeout(10_000)
    member.goto(link)
    snap(member, "the invitation, before signing in")
    assert country.name_en in member.locator("main").inner_text()
    member.get_by_role("link", name="Create my account").click()
    member.wait_for_url(re.compile(r".*/en/accounts/signup/.*"))
    member.get_by_label("Email").fill(member_email)
    member.get_by_label("Password", exact=False).first.fill(PASSWORD)
    member.get_by_label("Password (again)").fill(PASSWORD)
    member.get_by_role("button", name="Sign Up").click()
    member.wait_for_url(re.compile(r".*/en/accounts/confirm-email/$"))
    confirm = [m for m in mail.outbox if m.to == [member_email] and CONFIRM_LINK.search(m.body)]
    member.goto(CONFIRM_LINK.search(confirm[-1].body).group(0))
    member.get_by_role("button", name="Confirm").click()
    member.wait_for_load_state()
    member.goto(link)
    snap(member, "the invitation, signed in")
    assert member.get_by_role("button", name="Accept the invitation").count() == 1
    assert member.locator("main [name=given_name]").input_value() == "Mina"
    member.get_by_role("button", name="Accept the invitation").click()
    member.wait_for_url(re.compile(r".*/en/delegates/$"))
    snap(member, "the member joined the delegation")
    assert "You joined the delegation of" in member.locator(".messages").inner_text()
    registration = Registration.objects.get(email__iexact=member_email)
    assert (registration.delegation.country_id, registration.status) == (country.pk, "approved")
    return Journey(
        member_page=member,
        member_email=member_email,
        head_email=head_email,
        country=country,
        registration=registration,
    )

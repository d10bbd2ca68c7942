"""The portal as a new delegate finds it: the call to register, what happens next, a
withdrawal that asks first, the consent checkbox beside its label, mails that name the site."""

import re

import pytest
from django.core import mail

from assembly.models import AssemblySession
from delegates.models import Registration

from .factories import _english, make_person, make_user, register  # noqa: F401  (autouse)


def test_the_session_page_calls_to_register_while_registration_is_open(client, session91):
    html = client.get("/en/sessions/91/").content.decode()
    assert "Registration is open" in html
    assert 'href="/en/delegates/register/"' in html
    AssemblySession.objects.filter(pk=session91.pk).update(status=AssemblySession.Status.CLOSED)
    assert "Registration is open" not in client.get("/en/sessions/91/").content.decode()


def test_another_sessions_page_has_no_call_to_register(client, session91):
    assert "Registration is open" not in client.get("/en/sessions/90/").content.decode()


def test_after_registering_the_portal_says_what_happens_next(client, session91, austria):
    user = make_user("anna@example.org")
    make_person(user=user, country=austria, given_name="Anna", family_name="Gruber")
    client.force_login(user)
    page = client.post(
        "/en/delegates/register/", {"category": "delegate", "country": austria.pk}, follow=True
    ).content.decode()
    assert "What happens next" in page
    assert "confirms your registration" in page
    assert "letter of credentials" in page
    assert "The session opens on 28 November 2023" in page


def test_withdrawing_asks_for_confirmation_first(client, session91, austria):
    registration = register(session=session91, country=austria, user=True, email="w@example.org")
    client.force_login(registration.person.user)
    page = client.get("/en/delegates/registration/withdraw/")
    assert page.status_code == 200
    assert "Do you really want to withdraw your registration" in page.content.decode()
    registration.refresh_from_db()
    assert registration.status == Registration.Status.SUBMITTED
    client.post("/en/delegates/registration/withdraw/")
    registration.refresh_from_db()
    assert registration.status == Registration.Status.WITHDRAWN


def test_a_head_confirms_before_withdrawing_a_member(client, session91, austria):
    head = register(
        session=session91,
        country=austria,
        category="head",
        status="approved",
        user=True,
        email="head@example.org",
    )
    # A confirmed member (a request is confirmed or declined, not withdrawn, by the head).
    member = register(session=session91, country=austria, status="approved", email="m@example.org")
    client.force_login(head.person.user)
    url = f"/en/delegates/delegation/members/{member.pk}/withdraw/"
    assert f'href="{url}"' in client.get("/en/delegates/delegation/").content.decode()
    page = client.get(url).content.decode()
    assert f"Do you really want to withdraw {member.person.full_name}" in page
    member.refresh_from_db()
    assert member.status == Registration.Status.APPROVED
    client.post(url)
    member.refresh_from_db()
    assert member.status == Registration.Status.WITHDRAWN


def test_the_consent_checkbox_sits_beside_its_label(client, session91):
    client.force_login(make_user())
    html = client.get("/en/delegates/me/").content.decode()
    field = re.search(r'<div class="field field--checkbox">\s*(.*?)</div>', html, re.S).group(1)
    assert re.match(r'<input type="checkbox" name="public_consent"[^>]*>\s*<label', field)
    assert "Appear on the public list of participants" in field


@pytest.mark.parametrize("language", ["en", "fr", "ar"])
def test_sign_up_mail_names_the_site_and_links_to_it_in_the_readers_language(client, db, language):
    from django.utils import translation

    from delegates.adapters import current_site

    client.post(
        f"/{language}/accounts/signup/",
        {
            "email": "new@example.org",
            "password1": "correct horse battery 91",
            "password2": "correct horse battery 91",
        },
    )
    body = mail.outbox[0].body
    with translation.override(language):
        name = current_site().name
    assert name in body
    assert body.rstrip().endswith(f"\nhttp://testserver/{language}/")
    assert "127.0.0.1" not in body and "Hello from testserver" not in body
    if language == "en":
        assert body.startswith("Hello from the INTERPOL General Assembly platform,")

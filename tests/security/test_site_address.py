"""Absolute URLs come from the configured site address (SECURITY.md 27).

The request's Host (an allowed name with any port) and an X-Forwarded-Proto that no trusted
proxy set never reach a link of a page, an export, a calendar or a mail; the scheme a trusted
proxy reports is believed for ``request.is_secure`` only.
"""

import io
import json
import re

import icalendar
import pytest
from django.core import mail
from django.http import HttpResponse
from django.test import RequestFactory

from assembly.net import TrustedProxyMiddleware
from tests.e2e.users import PASSWORD, make_user

SITE = "https://assembly.example.org"
# An allowed host name with a port of the attacker's choice, and a scheme no proxy vouched for.
HOSTILE = {"HTTP_HOST": "127.0.0.1:6666", "HTTP_X_FORWARDED_PROTO": "https"}
URL = re.compile(r"""https?://[^\s"'<>\\]+""")


@pytest.fixture(autouse=True)
def _site_address(settings):
    settings.SITE_URL = SITE


def _assert_only_site_urls(text: str) -> None:
    urls = URL.findall(text)
    assert urls, text[:500]
    for url in urls:
        if url.startswith(("http://www.w3.org", "https://www.w3.org", "https://c3voc.de/")):
            continue  # XML namespaces, the schedule format's schema
        assert url.startswith(SITE + "/"), url
    assert "6666" not in text
    assert "127.0.0.1" not in text


@pytest.fixture
def agenda_demo(core_demo):
    from agenda import demo

    demo.seed(stdout=io.StringIO())


@pytest.mark.parametrize("export", ["schedule.json", "schedule.xml", "agenda.ics"])
def test_exports_carry_the_site_address(client, agenda_demo, export):
    response = client.get(f"/en/agenda/{export}", **HOSTILE)
    assert response.status_code == 200
    body = response.content.decode()
    if export == "schedule.json":
        urls = [slot["url"] for slot in _json_slots(json.loads(body))]
        assert urls
        assert all(url.startswith(SITE + "/en/agenda/") for url in urls), urls[:3]
    _assert_only_site_urls(body)
    # The cached copy, served to the next visitor, is the same.
    assert client.get(f"/en/agenda/{export}").content.decode() == body


def _json_slots(data):
    slots = []

    def walk(node):
        if isinstance(node, dict):
            if "url" in node and "title" in node:
                slots.append(node)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(data)
    return slots


def test_slot_calendar_carries_the_site_address(client, agenda_demo):
    from agenda.models import ProgrammeSlot

    # A slot of the current session: the programme's addresses are the current session's.
    slot = ProgrammeSlot.objects.public().filter(session__number=91).first()
    response = client.get(f"/en/agenda/items/{slot.slug}/agenda.ics", **HOSTILE)
    assert response.status_code == 200
    calendar = icalendar.Calendar.from_ical(response.content)
    urls = [str(event["URL"]) for event in calendar.walk("VEVENT")]
    assert urls == [f"{SITE}/en/agenda/items/{slot.slug}/"]


def test_calendar_feed_address_and_its_events_carry_the_site_address(client, agenda_demo):
    from agenda.models import ProgrammeSlot, Star

    user = make_user("delegate")
    slot = ProgrammeSlot.objects.public().first()
    Star.objects.create(user=user, slot=slot)
    client.force_login(user)
    page = client.get("/en/agenda/me/", **HOSTILE).content.decode()
    feed = re.search(r"(?:https?:)?//[^\s\"'<>]+/calendar/[^\s\"'<>]+\.ics", page)
    assert feed, page
    assert feed.group(0).startswith(SITE + "/en/agenda/calendar/"), feed.group(0)
    assert "6666" not in page

    path = feed.group(0)[len(SITE) :]
    calendar = icalendar.Calendar.from_ical(client.get(path, **HOSTILE).content)
    urls = [str(event["URL"]) for event in calendar.walk("VEVENT")]
    assert len(urls) == 1
    assert urls[0].startswith(SITE + "/"), urls
    assert urls[0].endswith(f"/agenda/items/{slot.slug}/"), urls


def _mail_links(body: str) -> list[str]:
    return re.findall(r"https?://\S+", body)


def test_password_reset_mail_carries_the_site_address_and_name(client, db):
    user = make_user("delegate")
    response = client.post("/en/accounts/password/reset/", {"email": user.email}, **HOSTILE)
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    links = _mail_links(body)
    assert links
    # The action's link, then the site's own address under the signature.
    assert links[0].startswith(SITE + "/en/accounts/password/reset/key/"), links
    assert links[1:] == [SITE + "/en/"], links
    assert "Hello from the INTERPOL General Assembly platform," in body
    assert "6666" not in body and "127.0.0.1" not in body


def test_mail_to_an_unknown_address_carries_the_site_address(client, db):
    client.post("/en/accounts/password/reset/", {"email": "nobody@example.org"}, **HOSTILE)
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    assert _mail_links(body)
    assert all(link.startswith(SITE + "/") for link in _mail_links(body)), body
    assert "6666" not in body and "127.0.0.1" not in body


def test_confirmation_mail_carries_the_site_address_and_name(client, db):
    response = client.post(
        "/en/accounts/signup/",
        {"email": "new.delegate@example.org", "password1": PASSWORD, "password2": PASSWORD},
        **HOSTILE,
    )
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    body = mail.outbox[0].body
    links = _mail_links(body)
    assert links
    assert links[0].startswith(SITE + "/en/accounts/confirm-email/"), links
    assert links[1:] == [SITE + "/en/"], links
    assert "The secretariat of the INTERPOL General Assembly" in body
    assert "assembly.example.org" in body  # "… register an account on assembly.example.org"
    assert "6666" not in body and "127.0.0.1" not in body


def test_login_failures_count_once_whatever_the_port(client, db):
    """allauth keys the per-account limit by the site's domain: a Host port per attempt must
    not give the attacker five fresh attempts each time."""
    make_user("delegate", email="victim@example.org")
    for attempt in range(5):
        client.post(
            "/en/accounts/login/",
            {"login": "victim@example.org", "password": "wrong password"},
            HTTP_HOST=f"127.0.0.1:{6660 + attempt}",
            REMOTE_ADDR=f"192.0.2.{attempt + 1}",
        )
    response = client.post(
        "/en/accounts/login/",
        {"login": "victim@example.org", "password": "wrong password"},
        HTTP_HOST="127.0.0.1:6699",
        REMOTE_ADDR="192.0.2.99",
    )
    assert "Too many failed" in response.content.decode()


def _seen_through_middleware(settings, remote, proxies):
    settings.TRUSTED_PROXIES = proxies
    seen = {}

    def view(request):
        seen.update(secure=request.is_secure(), url=request.build_absolute_uri("/en/"))
        return HttpResponse()

    TrustedProxyMiddleware(view)(RequestFactory().get("/", REMOTE_ADDR=remote, **HOSTILE))
    return seen


def test_x_forwarded_proto_without_a_trusted_proxy_is_not_believed(settings):
    assert _seen_through_middleware(settings, "203.0.113.9", []) == {
        "secure": False,
        "url": SITE + "/en/",
    }


def test_x_forwarded_proto_from_a_trusted_proxy_is_believed_but_urls_keep_the_site(settings):
    assert _seen_through_middleware(settings, "10.0.0.2", ["10.0.0.2"]) == {
        "secure": True,
        "url": SITE + "/en/",
    }


def test_reset_mail_through_a_trusted_proxy_carries_the_site_address(client, db, settings):
    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    user = make_user("delegate")
    client.post(
        "/en/accounts/password/reset/", {"email": user.email}, REMOTE_ADDR="10.0.0.2", **HOSTILE
    )
    links = _mail_links(mail.outbox[0].body)
    assert links[0].startswith(SITE + "/en/accounts/password/reset/key/"), links
    assert links[1:] == [SITE + "/en/"], links

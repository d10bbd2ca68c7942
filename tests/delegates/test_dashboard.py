"""The back office's home page: work queues whose counts match the rows their links list, charts
drawn as accessible SVG (mirrored in Arabic), shown per permission, in a fixed number of queries."""

import datetime as dt
import re

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assembly.dashboard import bar_chart, column_chart
from assembly.models import AssemblySession, Country, OutboundMail
from assembly.roles import (
    ADMINISTRATORS,
    PROGRAMME_OFFICERS,
    REGISTRATION_OFFICERS,
    RESOLUTIONS_OFFICERS,
    roles_sync,
)
from delegates.models import Credentials, Registration

from . import staffdata

INDEX = "/admin/"
S, C = Registration.Status, Registration.Category


def _mail(status: str) -> OutboundMail:
    sent_at = dt.datetime(2026, 11, 1, tzinfo=dt.UTC) if status == "sent" else None
    return OutboundMail.objects.create(
        to=["someone@example.org"], subject="Hello", body="Hello", status=status, sent_at=sent_at
    )


_numbers = iter(range(1, 100000))


def _register(session, country, category, status, *, day=None):
    delegation = staffdata.delegation(session, country=country)
    n = next(_numbers)
    who = staffdata.person(n, country=country, family_name=f"Family{n:05d}")
    registration = staffdata.registration(
        session, who, delegation_=delegation, category=category, status=status
    )
    if day is not None:
        Registration.objects.filter(pk=registration.pk).update(
            created_at=dt.datetime.combine(day, dt.time(12), tzinfo=dt.UTC)
        )
    return registration


def _set_credentials(session, country, state):
    Credentials.objects.filter(delegation__session=session, delegation__country=country).update(
        state=state
    )


@pytest.fixture
def world(session91):
    """The 91st session (current) with registrations in every state, and another session's."""
    at, fr, eg, br, jp = (Country.objects.get(iso_code=c) for c in ("AT", "FR", "EG", "BR", "JP"))
    day1, day3 = dt.date(2026, 9, 1), dt.date(2026, 9, 3)
    _register(session91, at, C.HEAD, S.APPROVED, day=day1)
    _register(session91, at, C.DELEGATE, S.SUBMITTED, day=day1)
    _register(session91, fr, C.DELEGATE, S.SUBMITTED, day=day3)  # France: no head
    _register(session91, fr, C.HEAD, S.REJECTED, day=day3)  # a rejected head is no head
    _register(session91, eg, C.HEAD, S.SUBMITTED, day=day3)
    _register(session91, br, C.ADDITIONAL, S.SUBMITTED, day=day3)  # Brazil: no head
    org = staffdata.observer_organisation("Test Observer Organisation")
    observers = staffdata.delegation(session91, organisation=org)  # observers have no head
    staffdata.registration(
        session91,
        staffdata.person(99001, family_name="Observer"),
        delegation_=observers,
        category=C.OBSERVER,
        status=S.APPROVED,
    )
    _set_credentials(session91, at, Credentials.State.RECEIVED)
    _set_credentials(session91, eg, Credentials.State.RECEIVED)
    _set_credentials(session91, br, Credentials.State.DISPUTED)
    _set_credentials(session91, fr, Credentials.State.ACCEPTED)
    # Another session's: counted nowhere on the current session's dashboard.
    session90 = AssemblySession.objects.get(number=90)
    _register(session90, jp, C.DELEGATE, S.SUBMITTED)
    _set_credentials(session90, jp, Credentials.State.RECEIVED)
    for status in ("failed", "failed", "sent", "queued"):
        _mail(status)
    return session91


def _staff(name: str):
    roles_sync()
    user = staffdata.user(f"{name.split()[0].lower()}@example.org", staff=True)
    user.groups.add(Group.objects.get(name=name))
    return user


@pytest.fixture
def root(db):
    return staffdata.user("root@example.org", superuser=True)


def _queues(html: str) -> dict[str, tuple[str, str]]:
    """{queue key: (link, text)} of the dashboard's work queues."""
    found = re.findall(
        r'<li id="queue-([\w-]+)" class="[\w-]+"><a href="([^"]+)">([^<]+)</a></li>', html
    )
    return {key: (href.replace("&amp;", "&"), text) for key, href, text in found}


def _charts(html: str) -> list[str]:
    return re.findall(r'<section class="module work-chart" id="chart-([\w-]+)"', html)


def test_queues_count_the_current_sessions_work(client, root, world):
    client.force_login(root)
    response = client.get(INDEX)
    assert response.status_code == 200
    texts = {key: text for key, (_link, text) in _queues(response.content.decode()).items()}
    assert texts == {
        "registrations-to-decide": "4 registrations to decide",
        "credentials-received": "2 credentials letters received and not decided",
        "credentials-disputed": "1 delegation with disputed credentials",
        "delegations-without-head": "2 delegations without a head",
        "failed-mail": "2 mails failed",
    }


@pytest.mark.parametrize(
    "key,model_label,expected",
    [
        ("registrations-to-decide", "registration", "submitted-91"),
        ("credentials-received", "credentials", "received-91"),
        ("credentials-disputed", "credentials", "disputed-91"),
        ("delegations-without-head", "delegation", "headless-91"),
        ("failed-mail", "outboundmail", "failed"),
    ],
)
def test_each_queue_links_to_a_changelist_of_exactly_its_rows(
    client, root, world, key, model_label, expected
):
    from delegates.models import Delegation
    from delegates.selectors import without_head

    client.force_login(root)
    link, text = _queues(client.get(INDEX).content.decode())[key]
    assert f"/{model_label}/?" in link
    changelist = client.get(link)
    assert changelist.status_code == 200
    shown = {obj.pk for obj in changelist.context["cl"].result_list}
    rows = {
        "submitted-91": Registration.objects.filter(session=world, status=S.SUBMITTED),
        "received-91": Credentials.objects.filter(delegation__session=world, state="received"),
        "disputed-91": Credentials.objects.filter(delegation__session=world, state="disputed"),
        "headless-91": without_head(Delegation.objects.filter(session=world)),
        "failed": OutboundMail.objects.filter(status="failed"),
    }[expected]
    assert shown == set(rows.values_list("pk", flat=True))
    assert text.startswith(f"{len(shown)} ")


def test_delegations_without_a_head_filter(client, root, world):
    """France (head rejected) and Brazil have none; Austria and Egypt do; observers never."""
    client.force_login(root)
    response = client.get("/admin/delegates/delegation/", {"head": "missing"})
    names = sorted(d.country.iso_code for d in response.context["cl"].result_list)
    assert names == ["BR", "FR"]  # the list opens on the current session
    response = client.get("/admin/delegates/delegation/", {"head": "missing", "session": "all"})
    names = sorted(d.country.iso_code for d in response.context["cl"].result_list)
    assert names == ["BR", "FR", "JP"]  # Japan: the 90th session's delegation has no head either
    response = client.get("/admin/delegates/delegation/", {"head": "present"})
    assert sorted(d.country.iso_code for d in response.context["cl"].result_list) == ["AT", "EG"]


def test_a_single_item_is_counted_in_the_singular(client, root, session91):
    _register(session91, Country.objects.get(iso_code="AT"), C.DELEGATE, S.SUBMITTED)
    client.force_login(root)
    texts = {k: t for k, (_l, t) in _queues(client.get(INDEX).content.decode()).items()}
    assert texts["registrations-to-decide"] == "1 registration to decide"
    assert texts["delegations-without-head"] == "1 delegation without a head"


ALL_QUEUES = {
    "registrations-to-decide",
    "credentials-received",
    "credentials-disputed",
    "delegations-without-head",
    "failed-mail",
}
ALL_CHARTS = [
    "registrations-per-day",
    "registrations-per-region",
    "registrations-per-category",
    "credentials-states",
]


@pytest.mark.parametrize(
    "role,queues,charts",
    [
        (REGISTRATION_OFFICERS, ALL_QUEUES, ALL_CHARTS),
        (ADMINISTRATORS, ALL_QUEUES, ALL_CHARTS),
        (PROGRAMME_OFFICERS, {"delegations-without-head"}, []),
        (
            RESOLUTIONS_OFFICERS,
            {"credentials-received", "credentials-disputed", "delegations-without-head"},
            ["credentials-states"],
        ),
    ],
)
def test_each_role_sees_the_queues_of_the_models_it_may_view(client, world, role, queues, charts):
    user = _staff(role)
    client.force_login(user)
    html = client.get(INDEX).content.decode()
    found = _queues(html)
    assert set(found) == queues
    assert _charts(html) == charts
    for link, _text in found.values():  # every link opens for this role
        assert client.get(link).status_code == 200


def test_staff_without_any_of_these_permissions_get_the_plain_index(client, world):
    client.force_login(staffdata.user("plain@example.org", staff=True))
    response = client.get(INDEX)
    assert response.status_code == 200
    assert "work-dashboard" not in response.content.decode()


def test_charts_are_svg_with_a_title_a_description_and_a_data_table(client, root, world):
    client.force_login(root)
    html = client.get(INDEX).content.decode()
    assert _charts(html) == ALL_CHARTS
    svgs = re.findall(r"<svg class=\"chart [^>]*>.*?</svg>", html, flags=re.S)
    assert len(svgs) == 4
    for svg in svgs:
        assert 'role="img"' in svg
        assert re.search(r"<title id=\"chart-[\w-]+-title\">[^<]+</title>", svg)
        assert re.search(r"<desc id=\"chart-[\w-]+-desc\">[^<]+</desc>", svg)
        assert "<script" not in svg
    # the data tables say the same as the bars
    per_category = html.split('id="chart-registrations-per-category"')[1].split("</section>")[0]
    rows = dict(re.findall(r'<tr><th scope="row">([^<]+)</th><td>(\d+)</td></tr>', per_category))
    # submitted or approved: the rejected French head is not counted
    assert rows == {
        "head of delegation": "2",
        "delegate": "2",
        "additional delegate": "1",
        "observer": "1",
        "secretariat": "0",
        "media": "0",
    }
    per_day = html.split('id="chart-registrations-per-day"')[1].split("</section>")[0]
    days = re.findall(r'<tr><th scope="row">([^<]+)</th><td>(\d+)</td></tr>', per_day)
    assert [n for _day, n in days][:3] == ["2", "0", "4"]  # the 2nd of September is shown at 0
    states = html.split('id="chart-credentials-states"')[1].split("</section>")[0]
    rows = dict(re.findall(r'<tr><th scope="row">([^<]+)</th><td>(\d+)</td></tr>', states))
    assert rows == {
        "pending": "1",
        "received": "2",
        "accepted": "1",
        "rejected": "0",
        "disputed": "1",
    }
    assert "cdn" not in html.lower()


def test_the_arabic_dashboard_is_right_to_left(client, root, world):
    client.force_login(root)
    response = client.get(INDEX, HTTP_ACCEPT_LANGUAGE="ar")
    html = response.content.decode()
    assert '<html lang="ar" dir="rtl">' in html
    svgs = re.findall(r"<svg class=\"chart [^>]*>", html)
    assert svgs and all('direction="rtl"' in svg for svg in svgs)
    english = client.get(INDEX, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'direction="rtl"' not in english


def test_bars_and_columns_are_mirrored_right_to_left():
    rows = [("a", 10), ("b", 5)]
    ltr, rtl = bar_chart(rows, rtl=False), bar_chart(rows, rtl=True)
    for left, right in zip(ltr["bars"], rtl["bars"], strict=True):
        assert left["width"] == right["width"]
        assert right["x"] == ltr["width"] - left["x"] - left["width"]  # mirrored
        assert left["label_x"] < left["x"] and right["label_x"] > right["x"] + right["width"]
    # direction="rtl" makes "end" the left end: the Arabic label runs from its bar rightwards
    assert ltr["label_anchor"] == rtl["label_anchor"] == "end"
    assert rtl["rtl"] and not ltr["rtl"]
    days = [("1", 1), ("2", 3), ("3", 2)]
    ltr, rtl = column_chart(days, rtl=False), column_chart(days, rtl=True)
    assert ltr["columns"][0]["x"] < ltr["columns"][-1]["x"]  # oldest on the left
    assert rtl["columns"][0]["x"] > rtl["columns"][-1]["x"]  # oldest on the right
    assert [c["height"] for c in ltr["columns"]] == [c["height"] for c in rtl["columns"]]


def _more_rows(session, n: int) -> None:
    """Registrations in more countries, states, categories and days; more failed mail."""
    countries = list(Country.objects.filter(status="member").order_by("iso_code")[:n])
    states = list(Credentials.State)
    for index, country in enumerate(countries):
        day = dt.date(2026, 8, 1) + dt.timedelta(days=index)
        _register(session, country, C.DELEGATE, S.SUBMITTED, day=day)
        _register(session, country, C.ADDITIONAL, S.APPROVED, day=day)
        _set_credentials(session, country, states[index % len(states)])
        _mail("failed")


def test_the_dashboard_runs_a_fixed_number_of_queries(
    client, root, world, django_assert_num_queries
):
    client.force_login(root)
    client.get(INDEX)  # warm the session and the content types
    with CaptureQueriesContext(connection) as small:
        assert client.get(INDEX).status_code == 200
    _more_rows(world, 30)
    with django_assert_num_queries(len(small.captured_queries)):
        html = client.get(INDEX).content.decode()
    assert _queues(html)["failed-mail"][1] == "32 mails failed"


def test_an_officer_with_view_permissions_runs_a_fixed_number_of_queries(
    client, world, django_assert_num_queries
):
    client.force_login(_staff(REGISTRATION_OFFICERS))
    client.get(INDEX)
    with CaptureQueriesContext(connection) as small:
        client.get(INDEX)
    _more_rows(world, 20)
    with django_assert_num_queries(len(small.captured_queries)):
        client.get(INDEX)

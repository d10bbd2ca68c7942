"""The public list of participants (/<lang>/participants/): consent, no contact data, search,
a fixed number of queries, the page cache made stale by a withdrawn consent, the CSV."""

import csv
import io

import pytest
from django.contrib.auth.models import Permission

from assembly.languages import language_codes
from assembly.models import Country
from delegates import services

from . import staffdata
from .factories import _english, make_user  # noqa: F401  (autouse)


def _member(session, n, country, *, consent=True, **fields):
    who = staffdata.person(
        n,
        country=country,
        public_consent=consent,
        phone=f"+43 1 555 {n:04d}",
        **fields,
    )
    return staffdata.registration(
        session, who, delegation_=staffdata.delegation(session, country=country)
    )


@pytest.fixture
def listed(session91, austria):
    france = Country.objects.get(iso_code="FR")
    return {
        "amira": _member(
            session91,
            1,
            austria,
            given_name="Amira",
            family_name="Haddad",
            given_name_ar="أميرة",
            family_name_ar="حداد",
            function="Director of International Cooperation",
            title="Colonel",
        ),
        "jean": _member(
            session91, 2, france, given_name="Jean", family_name="Martin", function="Head of NCB"
        ),
        "secret": _member(
            session91, 3, austria, consent=False, given_name="Hidden", family_name="Person"
        ),
    }


def test_only_people_who_consented_without_contact_data(client, listed):
    page = client.get("/en/participants/")
    assert page.status_code == 200
    html = page.content.decode()
    assert "Amira Haddad" in html and "أميرة حداد" in html
    assert "Director of International Cooperation" in html
    assert "Jean Martin" in html
    assert "Austria" in html and "France" in html
    assert "Hidden" not in html
    for registration in listed.values():
        assert registration.person.email not in html
        assert registration.person.phone not in html
    assert "Colonel" not in html  # rank is not on the list (SECURITY.md 4)
    assert "@" not in html.split("<main", 1)[1].split("</main>", 1)[0]


def test_a_submitted_or_withdrawn_registration_is_not_listed(client, session91, austria):
    who = staffdata.person(9, country=austria, public_consent=True, given_name="Waiting")
    staffdata.registration(
        session91,
        who,
        delegation_=staffdata.delegation(session91, country=austria),
        status="submitted",
    )
    assert "Waiting" not in client.get("/en/participants/").content.decode()


def test_search_by_name_function_and_country(client, listed):
    html = client.get("/en/participants/", {"q": "haddad"}).content.decode()
    assert "Amira Haddad" in html and "Jean Martin" not in html
    html = client.get("/en/participants/", {"q": "NCB"}).content.decode()
    assert "Jean Martin" in html and "Amira" not in html
    html = client.get("/fr/participants/", {"q": "autriche"}).content.decode()
    assert "Amira Haddad" in html and "Jean Martin" not in html
    html = client.get("/en/participants/", {"q": "nobody-like-this"}).content.decode()
    assert "No participant matches this search." in html


@pytest.mark.parametrize("query", ["a" * 5000, "%", "' OR 1=1 --", "\u202e"])
def test_odd_searches_are_answered(client, listed, query):
    assert client.get("/en/participants/", {"q": query}).status_code == 200


def test_a_nul_byte_in_the_search_is_a_clear_400(client, listed):
    assert client.get("/en/participants/", {"q": "\x00"}).status_code == 400


def test_every_language(client, listed):
    for language in language_codes():
        page = client.get(f"/{language}/participants/")
        assert page.status_code == 200
        html = page.content.decode()
        assert f'lang="{language}"' in html
        assert "Amira Haddad" in html
    assert "النمسا" in client.get("/ar/participants/").content.decode()


def _page_queries(client, url) -> int:
    """The queries of a page made afresh (not from the page cache), the versions known."""
    from django.core.cache import caches
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(url)
    caches["pages"].clear()
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200
    return len(captured)


def test_a_fixed_number_of_queries_whatever_the_number_of_rows(client, session91, austria):
    _member(session91, 1, austria)
    _member(session91, 2, Country.objects.get(iso_code="FR"))
    small = _page_queries(client, "/en/participants/")
    countries = list(Country.objects.order_by("iso_code")[:40])
    for n in range(3, 83):
        _member(session91, n, countries[n % len(countries)])
    # The list's version, the session and the list itself (the programme version is kept by
    # the process for a second without Redis: no query).
    assert small == _page_queries(client, "/en/participants/") == 3
    page = client.get("/en/participants/")
    assert page.content.decode().count('class="participant"') == 82


def test_withdrawing_consent_removes_the_person_from_the_cached_page_at_once(
    client, listed, django_assert_num_queries
):
    assert "Amira Haddad" in client.get("/en/participants/").content.decode()
    # Served from the cache now: the participants version only.
    with django_assert_num_queries(1):
        assert "Amira Haddad" in client.get("/en/participants/").content.decode()
    person = listed["amira"].person
    services.person_update(person=person, actor=None, public_consent=False)
    for language in language_codes():
        assert "Haddad" not in client.get(f"/{language}/participants/").content.decode()
    services.person_update(person=person, actor=None, public_consent=True)
    assert "Haddad" in client.get("/en/participants/").content.decode()


def test_a_withdrawn_registration_leaves_the_cached_page(client, listed):
    assert "Jean Martin" in client.get("/en/participants/").content.decode()
    services.registration_withdraw(registration=listed["jean"], actor=None)
    assert "Jean Martin" not in client.get("/en/participants/").content.decode()


def test_unread_query_strings_share_the_cache_entry(client, listed, django_assert_num_queries):
    client.get("/en/participants/?q=amira")
    with django_assert_num_queries(1):
        page = client.get("/en/participants/?q=amira&utm_source=x")
    assert "Amira Haddad" in page.content.decode()


def test_the_csv_for_the_secretariat(client, listed):
    listed["jean"].person.function = "=HYPERLINK(1)"
    listed["jean"].person.save()
    officer = make_user(is_staff=True)
    officer.user_permissions.add(Permission.objects.get(codename="view_registration"))
    client.force_login(officer)
    response = client.get("/en/delegates/participants.csv")
    assert response.status_code == 200
    assert response.content.startswith("\ufeff".encode())
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["Country or organisation", "Family name", "Given name"]
    body = {row[1]: row for row in rows[1:]}
    assert set(body) == {"Haddad", "Martin"}
    assert body["Haddad"][3] == "أميرة حداد"
    assert body["Martin"][4] == "'=HYPERLINK(1)"
    assert "@" not in response.content.decode("utf-8-sig")


def test_the_csv_is_for_staff_only(client, listed):
    client.force_login(make_user())
    assert client.get("/en/delegates/participants.csv").status_code == 403


def test_member_countries_come_before_observer_organisations(client, listed, session91):
    organisation = staffdata.observer_organisation("Zeta Observers")
    who = staffdata.person(7, public_consent=True, given_name="Olga", family_name="Observer")
    staffdata.registration(
        session91,
        who,
        delegation_=staffdata.delegation(session91, organisation=organisation),
        category="observer",
    )
    html = client.get("/en/participants/").content.decode()
    assert html.index("Austria") < html.index("France") < html.index("Zeta Observers")


def test_one_refresh_after_commit_however_many_people_change(
    listed, django_capture_on_commit_callbacks
):
    from delegates import participants

    with django_capture_on_commit_callbacks() as callbacks:
        for registration in listed.values():
            services.person_update(
                person=registration.person, actor=None, function="Changed function"
            )
    assert callbacks == [participants._drop_version]

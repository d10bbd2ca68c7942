"""The back office in the browser: translation tabs with no network, a programme conflict named,
a roll call recorded and the ballot closed."""

import re

import pytest

pytestmark = pytest.mark.e2e


@pytest.fixture
def admin_page(demo_site, browser, visitor_cookie):
    """A page signed in as a superuser, with every request off this machine refused."""
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    context.add_cookies([visitor_cookie("superuser")])
    refused = []

    def only_local(route):
        url = route.request.url
        if re.match(r"https?://(localhost|127\.0\.0\.1)[:/]", url):
            route.continue_()
        else:
            refused.append(url)
            route.abort()

    context.route("**/*", only_local)
    page = context.new_page()
    page.set_default_timeout(10_000)
    page.refused = refused
    yield page
    context.close()


def _slot(slug):
    from agenda.models import ProgrammeSlot

    return ProgrammeSlot.objects.get(slug=slug, session__is_current=True)


def test_translation_tabs_work_offline_and_a_room_conflict_is_named(demo_site, admin_page, snap):
    page = admin_page
    plenary, press = _slot("plenary-1"), _slot("press-conference-opening")
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    # The plenary's times and room, as the admin shows them.
    page.goto(f"{demo_site.url}/admin/agenda/programmeslot/{plenary.pk}/change/")
    taken = {
        name: page.locator(f"[name={name}]").input_value()
        for name in ("room", "start_0", "start_1", "end_0", "end_1")
    }

    page.goto(f"{demo_site.url}/admin/agenda/programmeslot/{press.pk}/change/")
    # jQuery UI tabs (served by this site: no network) group the languages of each field.
    tabs = page.locator(".ui-tabs-nav").first
    tabs.wait_for()
    snap(page, "translation tabs")
    title_ar = page.locator("#id_title_ar")
    assert page.locator("#id_title_en").is_visible()
    assert not title_ar.is_visible()
    tabs.get_by_role("tab", name=re.compile(r"^ar", re.I)).click()
    assert title_ar.is_visible() and not page.locator("#id_title_en").is_visible()
    assert title_ar.input_value() == press.title_ar
    snap(page, "arabic tab shown")
    # Whatever the page asked of the network was refused; the tabs did not need it.
    assert errors == [], errors

    # The press conference moved into the plenary's room at the plenary's time.
    for name, value in taken.items():
        field = page.locator(f"[name={name}]")
        if name == "room":
            field.select_option(value)
        else:
            field.fill(value)
    page.locator("[name=_save]").click()
    page.wait_for_load_state()
    snap(page, "room conflict")
    message = page.locator(".errorlist").first.inner_text()
    assert "already booked" in message and plenary.title_en in message, message
    assert errors == []


def test_roll_call_recorded_and_ballot_closed(demo_site, admin_page, snap):
    from assembly.models import AssemblySession
    from resolutions import services
    from resolutions.models import Ballot, Vote

    session = AssemblySession.objects.get(is_current=True)
    ballot = services.ballot_create(
        session=session,
        question=Ballot.Question.PROCEDURAL,
        method=Ballot.Method.ROLL_CALL,
        subjects={
            "en": "Closure of the debate on item 4",
            "fr": "Clôture du débat sur le point 4",
            "es": "Cierre del debate sobre el punto 4",
            "ar": "إقفال باب المناقشة بشأن البند 4",
        },
    )
    services.ballot_open(ballot=ballot, letter="M")
    page = admin_page

    page.goto(f"{demo_site.url}/admin/resolutions/ballot/{ballot.pk}/roll-call/")
    snap(page, "roll call")
    rows = page.locator("form.roll-call tbody tr")
    assert rows.count() > 100  # the members entitled to vote
    choices = ["yes", "yes", "no", "abstain", "yes"]
    countries = []
    for row_number, choice in enumerate(choices):
        radio = rows.nth(row_number).locator(f"input[value={choice}]")
        radio.check()
        countries.append(radio.get_attribute("name").removeprefix("vote-"))
    page.locator("form.roll-call [type=submit]").click()
    page.wait_for_load_state()
    snap(page, "roll call saved")
    assert "Roll call saved: 5 countries recorded." in page.locator(".messagelist").inner_text()
    recorded = dict(ballot.votes.values_list("country_id", "choice"))
    assert recorded == {int(c): choice for c, choice in zip(countries, choices, strict=True)}

    page.goto(f"{demo_site.url}/admin/resolutions/ballot/{ballot.pk}/close/")
    snap(page, "close the ballot")
    page.locator("#content form [type=submit]").first.click()
    page.wait_for_load_state()
    snap(page, "ballot closed")
    ballot.refresh_from_db()
    assert ballot.status == Ballot.Status.CLOSED
    assert Vote.objects.filter(ballot=ballot).count() == 5
    # A closed ballot's roll call is read-only.
    page.goto(f"{demo_site.url}/admin/resolutions/ballot/{ballot.pk}/roll-call/")
    assert page.locator("form.roll-call input[type=radio]:not([disabled])").count() == 0
    snap(page, "closed roll call")

"""Issue 15's journey in the browser: three voting delegates (English, Arabic, French) vote on a
secret ballot from their seats while the hall screen follows the participation without being
reloaded; each checks their receipt code; the chair closes the ballot from the console and the
result sheet appears on the hall screen by itself."""

import re

import pytest

from .users import session_cookie

pytestmark = pytest.mark.e2e

# Who votes, in which language, and how.
VOTERS = (("GB", "en", "yes"), ("JO", "ar", "no"), ("FR", "fr", "yes"))
SUBJECTS = {
    "en": "Closing the list of speakers on item 5",
    "fr": "Clôture de la liste des orateurs sur le point 5",
    "es": "Cierre de la lista de oradores sobre el punto 5",
    "ar": "إقفال قائمة المتكلمين بشأن البند 5",
}


@pytest.fixture
def hall_world(site, django_db_blocker):
    from django.contrib.auth.models import Group, User

    from assembly.roles import RESOLUTIONS_OFFICERS, roles_sync
    from assembly.selectors import current_session
    from resolutions import services
    from tests.resolutions.factories import voters

    with django_db_blocker.unblock():
        session = current_session()
        people = voters(session, *(code for code, _, _ in VOTERS))
        roles_sync()
        chair = User.objects.create_user("chair", "chair@example.org", "not-used", is_staff=True)
        chair.groups.add(Group.objects.get(name=RESOLUTIONS_OFFICERS))
        ballot = services.ballot_create(
            session=session,
            question="procedural",
            method="secret",
            subjects=SUBJECTS,
            electronic=True,
        )
    return {"people": people, "chair": chair, "ballot": ballot}


def _context(browser, site, user=None, *, width=1366):
    context = browser.new_context(viewport={"width": width, "height": 900})
    if user is not None:
        host = site.url.split("//", 1)[1].split(":", 1)[0]
        context.add_cookies([session_cookie(user, domain=host)])
    return context


def test_three_delegates_vote_while_the_hall_follows_and_the_chair_closes(
    site, browser, hall_world, snap, django_db_blocker
):
    ballot = hall_world["ballot"]
    # The hall screen is opened once and never reloaded.
    hall = _context(browser, site).new_page()
    hall.goto(f"{site.url}/en/hall/")
    hall_region = hall.locator("main")
    assert "No ballot is under way" in hall_region.inner_text()

    # Each voting delegate waits on the vote page in their language, before the ballot opens.
    seats = []
    for code, language, choice in VOTERS:
        page = _context(browser, site, hall_world["people"][code], width=390).new_page()
        page.goto(f"{site.url}/{language}/vote/")
        assert page.locator("html").get_attribute("lang") == language
        seats.append((code, language, choice, page))
    assert seats[1][3].locator("html").get_attribute("dir") == "rtl"

    # The chair opens the ballot from the console.
    console = _context(browser, site, hall_world["chair"]).new_page()
    console.goto(f"{site.url}/admin/resolutions/ballot/{ballot.pk}/console/")
    console.get_by_role("button", name="Open the ballot").click()
    snap(console, "console-open")

    # Without a reload, the hall shows the question and the vote pages the ballot paper.
    hall_region.get_by_text(SUBJECTS["en"]).wait_for(timeout=15_000)
    hall_region.get_by_text(re.compile(r"\b0 of 3 delegations have voted")).wait_for()
    snap(hall, "hall-open")
    receipts = {}
    for voted, (code, language, choice, page) in enumerate(seats, start=1):
        page.locator(f"input[name=choice][value={choice}]").wait_for(timeout=15_000)
        assert SUBJECTS[language] in page.locator("main").inner_text()
        page.locator(f"input[name=choice][value={choice}]").check()
        snap(page, f"{language}-paper")
        page.locator("button.vote-form__submit").click()
        code_text = page.locator(".receipt__code").inner_text().strip()
        assert re.fullmatch(r"[A-Z2-9]{4}(-[A-Z2-9]{4}){3}", code_text), code_text
        receipts[code] = code_text
        snap(page, f"{language}-recorded")
        # The hall follows the participation by itself.
        hall_region.get_by_text(
            re.compile(rf"\b{voted} of 3 delegations? ha(s|ve) voted")
        ).wait_for(timeout=15_000)
    snap(hall, "hall-three-voted")

    # Each voter checks their receipt, in their language.
    for code, language, _choice, page in seats:
        page.goto(f"{site.url}/{language}/vote/receipt/")
        page.locator("input[name=code]").fill(receipts[code].lower().replace("-", " "))
        page.locator("form.receipt-form button[type=submit]").click()
        answer = page.locator("#receipt-answer")
        assert "vote-status--error" not in (answer.get_attribute("class") or "")
        snap(page, f"{language}-receipt")
    with django_db_blocker.unblock():
        from resolutions.services import receipt_lookup

        assert {code: receipt_lookup(receipts[code]).choice for code in receipts} == {
            code: choice for code, _, choice in VOTERS
        }

    # The chair closes the ballot (a confirmation step); the hall shows the result sheet.
    console.goto(f"{site.url}/admin/resolutions/ballot/{ballot.pk}/console/")
    console.get_by_role("link", name="Close the ballot…").click()
    console.get_by_role("button", name="Yes, close the ballot").click()
    snap(console, "console-closed")
    hall.locator(".hall__status--closed").wait_for(timeout=15_000)
    sheet = hall.locator(".hall__result").inner_text()
    snap(hall, "hall-result")
    for label in ("Members entitled to vote", "Abstentions", "Votes cast", "Majority required"):
        assert label.lower() in sheet.lower(), label
    assert "adopted" in hall_region.inner_text().lower()
    with django_db_blocker.unblock():
        ballot.refresh_from_db()
    assert (ballot.yes, ballot.no, ballot.participants, ballot.outcome) == (2, 1, 3, "adopted")
    # The Arabic voter's vote page says the ballot is closed.
    arabic = seats[1][3]
    arabic.goto(f"{site.url}/ar/vote/")
    assert arabic.locator(".vote-status--closed").count() == 1
    snap(arabic, "ar-closed")

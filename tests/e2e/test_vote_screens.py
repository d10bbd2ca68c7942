"""Electronic voting in the browser (issue 15): the vote page, the hall screen and the receipt
check while a ballot is open, once voted, and closed; axe-core and the Nu HTML Checker in every
working language, the vote cast with the keyboard, and screenshots at desktop and phone widths.

The demo has no electronic ballot; this module opens one on the current session of its own demo
copy (``demo_site`` is seeded per module)."""

import re

import pytest

from .conftest import SCREENSHOTS, WCAG_TAGS
from .test_axe import _assert_no_violation
from .test_html import _assert_valid, fetch

pytestmark = pytest.mark.e2e

SHOTS = SCREENSHOTS / "vote-screens"


@pytest.fixture(scope="module")
def voter(demo_site, django_db_blocker):
    """The voting delegate of an accredited member, and two other voters."""
    from assembly.selectors import current_session
    from tests.resolutions.factories import voters

    with django_db_blocker.unblock():
        session = current_session()
        codes = _free_members(session)
        people = voters(session, *codes)
        return {
            "session": session,
            "user": people[codes[0]],
            "others": [people[codes[1]], people[codes[2]]],
        }


def _free_members(session) -> list[str]:
    """Three members without a delegation at ``session`` yet (the demo's have a head) and
    with their voting rights."""
    from assembly.models import Country, VotingRights
    from delegates.models import Delegation

    taken = Delegation.objects.filter(session=session, country__isnull=False).values("country_id")
    suspended = VotingRights.objects.filter(session=session, status="suspended").values(
        "country_id"
    )
    free = (
        Country.objects.filter(status=Country.Status.MEMBER)
        .exclude(pk__in=taken)
        .exclude(pk__in=suspended)
    )
    return list(free.order_by("iso_code").values_list("iso_code", flat=True)[:3])


def _open(voter, method):
    from tests.resolutions.factories import open_device_ballot

    return open_device_ballot(voter["session"], method=method)


def _audit(page, axe_source, name):
    page.add_script_tag(content=axe_source)
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", WCAG_TAGS
    )
    _assert_no_violation(result, name)


def _shot(page, language, name, width):
    if language in ("en", "ar"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{language}-{name}-{width}.png"), full_page=True)


@pytest.mark.parametrize("language", ["en", "fr", "es", "ar"])
def test_vote_hall_and_receipt_through_a_secret_ballot(
    demo_site, browser, voter, vnu, axe_source, django_db_blocker, language
):
    from resolutions import services

    from .users import session_cookie

    host = demo_site.url.split("//", 1)[1].split(":", 1)[0]
    with django_db_blocker.unblock():
        ballot = _open(voter, "secret")
        services.vote_cast(ballot=ballot, user=voter["others"][0], choice="no")
        cookie = session_cookie(voter["user"], domain=host)
    base = f"{demo_site.url}/{language}"
    # The server's HTML, valid in each state.
    for path, name in (("/vote/", "vote-open"), ("/hall/", "hall-open")):
        status, body = fetch(base + path, cookie)
        assert status == 200
        _assert_valid(vnu, body, f"{language}-{name}")
    context = browser.new_context(bypass_csp=True, viewport={"width": 1366, "height": 900})
    try:
        context.add_cookies([cookie])
        page = context.new_page()
        page.goto(base + "/vote/")
        assert page.locator("fieldset legend").count() == 1
        _shot(page, language, "vote-open", 390)
        _shot(page, language, "vote-open", 1366)
        _audit(page, axe_source, f"{language}-vote-open")
        # With the keyboard: the first choice, arrows to the second, then the button.
        page.goto(base + "/vote/")
        page.locator("input[name=choice]").first.focus()
        page.keyboard.press("ArrowRight" if language != "ar" else "ArrowLeft")
        page.locator("button.vote-form__submit").focus()
        page.keyboard.press("Enter")
        page.wait_for_selector(".receipt__code")
        code = page.locator(".receipt__code").inner_text().strip()
        assert re.fullmatch(r"[A-Z0-9]{4}(-[A-Z0-9]{4}){3}", code)
        assert page.evaluate("document.activeElement.id") == "vote-status"
        _shot(page, language, "vote-recorded", 390)
        _shot(page, language, "vote-recorded", 1366)
        _audit(page, axe_source, f"{language}-vote-recorded")
        # The hall follows the vote without a reload.
        hall = context.new_page()
        hall.goto(base + "/hall/")
        count = hall.locator(".hall__count").inner_text()
        with django_db_blocker.unblock():
            services.vote_cast(ballot=ballot, user=voter["others"][1], choice="yes")
        hall.wait_for_function(
            "before => document.querySelector('.hall__count').innerText !== before", arg=count
        )
        _shot(hall, language, "hall-open", 1366)
        _audit(hall, axe_source, f"{language}-hall-open")
        with django_db_blocker.unblock():
            services.ballot_close(ballot=ballot)
        hall.wait_for_selector(".result-sheet", timeout=10_000)
        _shot(hall, language, "hall-closed", 1366)
        _audit(hall, axe_source, f"{language}-hall-closed")
        # The receipt check finds the paper, with the totals now that the ballot is closed.
        page.goto(base + "/vote/receipt/")
        page.fill("input[name=code]", code)
        page.locator(".receipt-form button").click()
        page.wait_for_selector(".result-sheet")
        _shot(page, language, "receipt-found", 1366)
        _audit(page, axe_source, f"{language}-receipt-found")
        page.goto(base + "/vote/")
        assert page.locator(".result-sheet").count() == 1
        _audit(page, axe_source, f"{language}-vote-closed")
    finally:
        context.close()
    for path, name in (("/vote/", "vote-closed"), ("/hall/", "hall-closed")):
        status, body = fetch(base + path, cookie)
        assert status == 200
        _assert_valid(vnu, body, f"{language}-{name}")


def test_a_closed_recorded_ballot_on_the_hall_screen(
    demo_site, browser, voter, vnu, axe_source, django_db_blocker
):
    from resolutions import services

    with django_db_blocker.unblock():
        ballot = _open(voter, "recorded")
        for user, choice in zip(
            [voter["user"], *voter["others"]], ["yes", "no", "abstain"], strict=True
        ):
            services.vote_cast(ballot=ballot, user=user, choice=choice)
        services.ballot_close(ballot=ballot)
    for language in ("en", "ar"):
        status, body = fetch(f"{demo_site.url}/{language}/hall/")
        assert status == 200
        _assert_valid(vnu, body, f"{language}-hall-recorded")
        context = browser.new_context(bypass_csp=True, viewport={"width": 1366, "height": 900})
        try:
            page = context.new_page()
            page.goto(f"{demo_site.url}/{language}/hall/")
            assert page.locator(".hall__votes li").count() == 3
            _shot(page, language, "hall-recorded", 1366)
            _audit(page, axe_source, f"{language}-hall-recorded")
        finally:
            context.close()

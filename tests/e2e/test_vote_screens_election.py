"""An election's ballot in the browser (issue 15): the ballot paper of candidates on the vote
page and the hall's result per candidate, checked by axe-core and the Nu HTML Checker in every
working language, the paper marked with the keyboard, and screenshots in English and Arabic."""

import re
from pathlib import Path

import pytest

from .test_html import _assert_valid, fetch
from .test_vote_screens import _audit, voter  # noqa: F401 (the module's voters)

pytestmark = pytest.mark.e2e

SHOTS = Path("/work/notes/shots-electvote")
LANGUAGES = ("en", "fr", "es", "ar")


def _shot(page, language, name, width):
    if language in ("en", "ar"):
        SHOTS.mkdir(parents=True, exist_ok=True)
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{language}-{name}-{width}.png"), full_page=True)


def _election_ballot(session):
    """A group of two seats for Asia with three candidates, its first ballot open."""
    import datetime as dt

    from django.utils import timezone

    from assembly.models import Country, Region
    from resolutions import services
    from resolutions.models import Election

    election = services.election_save(
        election=Election(
            session=session,
            post="delegate",
            region=Region.objects.get(code="asia"),
            seats=2,
            candidature_deadline=timezone.now() + dt.timedelta(days=1),
        )
    )
    names = {"CN": "Li Wei", "KR": "Kim Min-jun", "ID": "Siti Rahayu"}
    for iso, name in names.items():
        candidature = services.candidature_submit(
            election=election, country=Country.objects.get(iso_code=iso), candidate_name=name
        )
        services.candidature_review(candidature=candidature)
    ballot = services.election_put_to_vote(election=election)
    services.ballot_open(ballot=ballot)
    ballot.refresh_from_db()
    return ballot


def test_an_election_on_the_vote_page_and_the_hall(
    demo_site,
    browser,
    voter,  # noqa: F811
    vnu,
    axe_source,
    django_db_blocker,
):
    from resolutions import services

    from .users import session_cookie

    host = demo_site.url.split("//", 1)[1].split(":", 1)[0]
    with django_db_blocker.unblock():
        ballot = _election_ballot(voter["session"])
        ids = list(ballot.candidate_results.values_list("candidature_id", flat=True))
        cookie = session_cookie(voter["user"], domain=host)
    context = browser.new_context(bypass_csp=True, viewport={"width": 1366, "height": 900})
    try:
        context.add_cookies([cookie])
        page = context.new_page()
        for language in LANGUAGES:
            base = f"{demo_site.url}/{language}"
            status, body = fetch(base + "/vote/", cookie)
            assert status == 200
            _assert_valid(vnu, body, f"{language}-vote-election")
            page.goto(base + "/vote/")
            assert page.locator("fieldset.vote-choices--election legend").count() == 1
            assert page.locator("input[type=checkbox][name=candidates]").count() == 3
            _shot(page, language, "vote-election", 390)
            _shot(page, language, "vote-election", 1366)
            _audit(page, axe_source, f"{language}-vote-election")
        # With the keyboard: Space marks the first two candidates; the blank box clears them.
        page.set_viewport_size({"width": 1366, "height": 900})
        page.goto(f"{demo_site.url}/en/vote/")
        boxes = page.locator("input[name=candidates]")
        boxes.nth(0).focus()
        page.keyboard.press("Space")
        page.keyboard.press("Tab")
        page.keyboard.press("Space")
        page.locator("#choice-blank").focus()
        page.keyboard.press("Space")
        assert page.locator("input[name=candidates]:checked").count() == 0
        page.keyboard.press("Space")
        boxes.nth(0).check()
        boxes.nth(1).check()
        # A third mark is refused by the server with the reason, nothing stored.
        boxes.nth(2).check()
        page.locator("button.vote-form__submit").click()
        page.wait_for_selector("#vote-error")
        assert "at most 2" in page.locator("#vote-error").inner_text()
        _shot(page, "en", "vote-election-refused", 1366)
        _audit(page, axe_source, "en-vote-election-refused")
        page.locator("input[name=candidates]").nth(2).uncheck()
        page.locator("button.vote-form__submit").click()
        page.wait_for_selector(".receipt__code")
        code = page.locator(".receipt__code").inner_text().strip()
        assert re.fullmatch(r"[A-Z0-9]{4}(-[A-Z0-9]{4}){3}", code)
        with django_db_blocker.unblock():
            others = voter["others"]
            services.vote_cast(
                ballot=ballot, user=others[0], choice="candidates", candidates=ids[:1]
            )
            services.vote_cast(ballot=ballot, user=others[1], choice="blank")
            services.ballot_close(ballot=ballot)
        for language in LANGUAGES:
            base = f"{demo_site.url}/{language}"
            status, body = fetch(base + "/hall/")
            assert status == 200
            _assert_valid(vnu, body, f"{language}-hall-election")
            page.set_viewport_size({"width": 1366, "height": 900})
            page.goto(base + "/hall/")
            assert page.locator(".election-result tbody tr").count() == 3
            _shot(page, language, "hall-election", 1366)
            _audit(page, axe_source, f"{language}-hall-election")
            page.goto(base + "/vote/receipt/")
            page.fill("input[name=code]", code)
            page.locator(".receipt-form button").click()
            page.wait_for_selector(".receipt-facts__marked")
            assert page.locator(".receipt-facts__marked li").count() == 2
            _audit(page, axe_source, f"{language}-receipt-election")
        _shot(page, "ar", "receipt-election", 1366)
    finally:
        context.close()

"""A registration officer's morning (issue 11 B), in the browser, starting from the back office's
dashboard: ten registrations decided (nine approved, one rejected with a reason) and one
delegation's credentials accepted on the delegation's page, with the letter read inline.

Every click is counted (``Clicks``): typing a reason is not a click; choosing an option of a
select is one. The figure is printed and held under an upper bound, so that a change that makes
the journey longer is noticed; /work/notes of the issue compare it with the stock admin.
"""

import re

import pytest
from playwright.sync_api import expect

from .staff import STAFF_PAGES, delegation_to_decide, language_headers, staff_path

pytestmark = pytest.mark.e2e

DECIDED = 10
REJECTED_REASON = "Not on the list sent by the government."
# 1 queue + 1 first registration + 9 approvals + 2 to reject (open, confirm) + 6 for the
# credentials (home, queue, the letter's row, its delegation, the decision, record) = 19.
MOST_CLICKS = 19


class Clicks:
    """Clicks the journey needs, each a real click in the page."""

    def __init__(self):
        self.count = 0

    def click(self, locator):
        locator.click()
        self.count += 1

    def choose(self, locator, value):
        locator.select_option(value)
        self.count += 1


def _count_in(text: str) -> int:
    return int(re.search(r"\d+", text).group())


@pytest.fixture
def officer_page(demo_site, browser, visitor_cookie):
    context = browser.new_context(
        viewport={"width": 1366, "height": 900}, extra_http_headers=language_headers("en")
    )
    context.add_cookies([visitor_cookie("officer")])
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def test_officer_decides_ten_registrations_and_one_delegations_credentials(
    demo_site, officer_page, snap
):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from assembly.models import AuditRecord
    from delegates.models import Credentials, Registration

    officer = get_user_model().objects.get(email="officer@demo.example")
    delegation = delegation_to_decide()  # its head uploaded the letter: received, to decide
    credentials = delegation.credentials
    waiting = Registration.objects.filter(
        session__is_current=True, status=Registration.Status.SUBMITTED
    )
    assert waiting.count() > DECIDED  # the demo's 11
    page, clicks, url = officer_page, Clicks(), demo_site.url
    started = timezone.now()

    # The dashboard: what waits, each queue a link to its list.
    page.goto(f"{url}/admin/")
    snap(page, "dashboard")
    queue = page.locator("#queue-registrations-to-decide a")
    to_decide = _count_in(queue.inner_text())
    assert to_decide == waiting.count()
    letters = _count_in(page.locator("#queue-credentials-received a").inner_text())

    clicks.click(queue)
    expect(page.locator("#result_list tbody tr")).to_have_count(to_decide)
    snap(page, "registrations to decide")
    clicks.click(page.locator("#result_list tbody tr th.field-person_name a").first)

    decided = []
    for number in range(DECIDED):
        page.wait_for_url(re.compile(r"/registration/\d+/change/"))
        pk = int(re.search(r"/registration/(\d+)/change/", page.url).group(1))
        registration = Registration.objects.select_related("person").get(pk=pk)
        assert registration.status == Registration.Status.SUBMITTED
        # What the decision needs is on the page.
        facts = page.locator("fieldset").nth(1).inner_text()
        for fact in ("function", "agency", "submitted by", "credentials of the delegation"):
            assert fact in facts.lower(), fact
        if number == 0:
            snap(page, "a registration to decide")
        decided.append(pk)
        if number < DECIDED - 1:
            clicks.click(page.get_by_role("button", name=re.compile(r"^Approve")))
            expect(page.locator(".messagelist")).to_contain_text(
                f"{registration.person.full_name}: registration approved."
            )
        else:
            clicks.click(page.locator(".registration-decisions summary"))
            page.locator(".registration-decisions textarea[name=reason]").fill(REJECTED_REASON)
            snap(page, "rejecting with a reason")
            clicks.click(page.locator(".registration-decisions button", has_text="Reject"))
            expect(page.locator(".messagelist")).to_contain_text(
                f"{registration.person.full_name}: registration rejected."
            )
    snap(page, "the next registration waits")

    # The credentials: from the dashboard's queue to the delegation's page.
    clicks.click(page.locator(".breadcrumbs a").first)
    page.wait_for_url(re.compile(r"/admin/$"))
    assert _count_in(page.locator("#queue-registrations-to-decide a").inner_text()) == (
        to_decide - DECIDED
    )
    clicks.click(page.locator("#queue-credentials-received a"))
    clicks.click(page.locator(f"#result_list a[href*='/credentials/{credentials.pk}/change/']"))
    clicks.click(page.locator(f".field-delegation a[href*='/delegation/{delegation.pk}/']"))
    page.wait_for_url(re.compile(rf"/delegation/{delegation.pk}/change/"))
    frame = page.locator("iframe.credentials-letter")
    assert frame.is_visible()
    letter = page.request.get(f"{url}{frame.get_attribute('src')}")
    assert letter.status == 200 and letter.headers["content-type"] == "application/pdf"
    assert letter.body().startswith(b"%PDF")
    snap(page, "delegation page with the letter")
    clicks.choose(page.locator("#decision-state"), "accepted")
    clicks.click(page.get_by_role("button", name="Record the decision"))
    expect(page.locator(".messagelist")).to_contain_text("Credentials of")
    snap(page, "credentials accepted")
    assert "accepted" in page.locator("#credentials-heading").inner_text().lower()
    assert "Credentials accepted" in page.locator("#history").inner_text()

    # The database: exactly what the pages said.
    statuses = dict(Registration.objects.filter(pk__in=decided).values_list("pk", "status"))
    assert [statuses[pk] for pk in decided] == ["approved"] * (DECIDED - 1) + ["rejected"]
    assert Registration.objects.get(pk=decided[-1]).status_reason == REJECTED_REASON
    assert waiting.count() == to_decide - DECIDED
    credentials.refresh_from_db()
    assert (credentials.state, credentials.decided_by) == (Credentials.State.ACCEPTED, officer)
    records = AuditRecord.objects.filter(actor=officer, at__gte=started)
    assert records.filter(action="registration.approve").count() == DECIDED - 1
    assert records.filter(action="registration.reject", reason=REJECTED_REASON).count() == 1
    assert records.filter(action="credentials.accepted").count() == 1
    page.goto(f"{url}/admin/")
    assert _count_in(page.locator("#queue-credentials-received a").inner_text()) == letters - 1

    print(f"\nclicks for {DECIDED} registrations and one delegation's credentials: {clicks.count}")
    assert clicks.count <= MOST_CLICKS


@pytest.mark.parametrize("language", ["en", "ar"])
@pytest.mark.parametrize("checked", STAFF_PAGES, ids=lambda p: p.name)
def test_staff_pages_seen_at_1366(demo_site, browser, visitor_cookie, snap, language, checked):
    """Screenshots of the back office's main pages (test-artifacts/screenshots), and what a
    person would see wrong at 1366 px: a page wider than the window, a right-to-left page
    that is not."""
    context = browser.new_context(
        viewport={"width": 1366, "height": 900}, extra_http_headers=language_headers(language)
    )
    try:
        context.add_cookies([visitor_cookie(checked.user)])
        page = context.new_page()
        response = page.goto(f"{demo_site.url}{staff_path(checked)}")
        assert response.status == 200
        snap(page, f"{language} {checked.name}")
        assert page.evaluate("document.documentElement.lang") == language
        direction = "rtl" if language == "ar" else "ltr"
        assert page.evaluate("document.documentElement.dir") == direction
        # Nothing cut off: the page is no wider than the window.
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 1366, f"{checked.name} in {language} is {width} px wide"
    finally:
        context.close()

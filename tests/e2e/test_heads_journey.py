"""A delegation as a government appoints it, in the browser (issue 14, SECURITY.md 32, 33).

Secretariat confirms a head → the head invites a member → the member accepts. The journey's
steps are in ``heads_journey`` so that a longer journey (the member's badge with a photo, the
check-in by typed code) continues from the member's signed-in page.
"""

import pytest

from .heads_journey import secretariat_confirms_head_who_invites_member

pytestmark = pytest.mark.e2e


def test_secretariat_confirms_head_who_invites_member_who_accepts(site, browser, snap):
    journey = secretariat_confirms_head_who_invites_member(site, browser, snap)
    page = journey.member_page
    page.goto(f"{site.url}/en/delegates/")
    portal = page.locator("main").inner_text()
    assert journey.country.name_en in portal
    assert "approved" in portal.lower()
    page.context.close()

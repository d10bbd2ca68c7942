"""The back office's pages in the proof: signed-in staff, the admin's URLs (no language prefix:
the admin speaks the language the browser asks for, Accept-Language), and the demo rows they
show, found with the ORM when the test runs.

A staff page is one line in STAFF_PAGES: axe-core (test_axe), the Nu HTML Checker (test_html)
and the screenshots of the dashboard and the delegation page (test_officer_journey) read it.
"""

from dataclasses import dataclass

from .pages import CHECKED_LANGUAGES


@dataclass(frozen=True)
class StaffPage:
    name: str  # short, for test ids and artefact file names
    user: str = "officer"  # the demo registration officer (tests/e2e/users.py)


STAFF_PAGES = [
    StaffPage("dashboard"),
    StaffPage("delegation"),
    StaffPage("registration"),  # one awaiting a decision, opened from the dashboard's queue
    # The chair's console of the demo's electronic ballot, opened (resolutions officer).
    StaffPage("console", user="resolutions"),
]


def staff_page_params():
    import pytest

    return [
        pytest.param(language, page, id=f"{language}-admin-{page.name}")
        for page in STAFF_PAGES
        for language in CHECKED_LANGUAGES
    ]


def language_headers(language: str) -> dict:
    """The admin has no language prefix: LocaleMiddleware reads the browser's Accept-Language."""
    return {"Accept-Language": language}


def delegation_to_decide():
    """A delegation of the current session whose credentials were received with a letter and
    wait for the Bureau's decision, a member awaiting a decision among them when the demo has
    one. Its head uploads the letter again, into this test's private storage (each test has its
    own), so that the page shows the letter inline."""
    from django.core.files.base import ContentFile

    from assembly.demo import minimal_pdf
    from delegates import services
    from delegates.models import Credentials, Delegation, Registration

    received = Delegation.objects.filter(
        session__is_current=True, credentials__state=Credentials.State.RECEIVED
    ).exclude(credentials__letter="")
    delegation = (
        received.filter(registrations__status=Registration.Status.SUBMITTED).first()
        or received.order_by("pk").first()
    )
    assert delegation is not None, "the demo has no received letter of credentials to decide"
    head = delegation.registrations.get(category=Registration.Category.HEAD)
    services.credentials_upload(
        delegation=delegation,
        file=ContentFile(minimal_pdf(f"Credentials of {delegation.country}"), name="l.pdf"),
        issuing_authority=Credentials.Authority.FOREIGN_MINISTER,
        issued_on=None,
        actor=head.person.user,
    )
    return delegation


def staff_path(page: StaffPage) -> str:
    """The page's path, with the ids of the demo rows it shows."""
    from django.urls import reverse

    if page.name == "dashboard":
        return reverse("admin:index")
    if page.name == "delegation":
        return reverse("admin:delegates_delegation_change", args=[delegation_to_decide().pk])
    if page.name == "registration":
        return _registration_to_decide_path()
    if page.name == "console":
        return reverse("admin:resolutions_ballot_console", args=[_ballot_under_way().pk])
    raise ValueError(f"unknown staff page {page.name!r}: add it to staff_path")


def _registration_to_decide_path() -> str:
    from urllib.parse import urlencode

    from django.urls import reverse

    from delegates.models import Registration

    registration = (
        Registration.objects.filter(session__is_current=True, status=Registration.Status.SUBMITTED)
        .order_by("-created_at", "-pk")
        .first()
    )
    assert registration is not None, "the demo has no registration awaiting a decision"
    filters = f"session__id__exact={registration.session_id}&status__exact=submitted"
    url = reverse("admin:delegates_registration_change", args=[registration.pk])
    return f"{url}?{urlencode({'_changelist_filters': filters})}"


def _ballot_under_way():
    """The demo's electronic ballot, opened by its resolutions officer if it is still prepared
    (the console then shows participation and the form for a vote by hand)."""
    from resolutions import services
    from resolutions.models import Ballot

    ballot = (
        Ballot.objects.filter(session__is_current=True, electronic=True).order_by("-pk").first()
    )
    assert ballot is not None, "the demo has no electronic ballot"
    if ballot.status == Ballot.Status.PREPARED:
        services.ballot_open(ballot=ballot)
        ballot.refresh_from_db()
    return ballot

"""The pages the proof walks: every public and portal page type, in the languages it checks.

A new page type is one line in PAGES. axe-core (test_axe), the Nu HTML Checker (test_html) and
the security-header test (tests/security/test_headers) all read this list, so a page added here
is checked by all three. `user` names the kind of visitor (see tests/e2e/users.py):
None for anonymous, "delegate" for a signed-in delegate whose email is verified.
"""

from dataclasses import dataclass


@dataclass(frozen=True)
class Page:
    path: str  # without the language prefix, e.g. "/sessions/91/"
    name: str  # short, for test ids and artefact file names
    status: int = 200
    user: str | None = None
    # Checked in every working language (settings.LANGUAGES), not only in one of each direction:
    # the participants list and the portal pages of issue 14, whose texts are new.


# The languages of the staff pages and forms-with-errors checks: one of each direction.
CHECKED_LANGUAGES = ("en", "ar")

PAGES = [
    Page("/", "session-home"),
    Page("/sessions/", "session-list"),
    Page("/sessions/90/", "past-session"),
    Page("/sessions/999/", "not-found", status=404),
    Page("/contact/", "contact"),
    Page("/privacy/", "privacy"),
    Page("/accessibility/", "accessibility"),
    Page("/accounts/login/", "login"),
    Page("/accounts/signup/", "signup"),
    Page("/accounts/password/reset/", "password-reset"),
    Page("/", "session-home-signed-in", user="delegate"),
    # The agenda (current session, the 91st; the demo's slugs).
    Page("/agenda/", "programme"),
    Page("/agenda/2023-11-29/", "programme-day"),
    Page("/agenda/?theme=no-such-theme&room=9999", "programme-filter-notice"),
    Page("/agenda/items/plenary-1/", "slot"),
    Page("/agenda/items/centenary-exhibition-tour/", "side-event"),
    Page("/agenda/speakers/", "speakers"),
    Page("/agenda/speakers/ahmed-naser-al-raisi/", "speaker"),
    Page("/agenda/themes/", "themes"),
    Page("/agenda/themes/century-of-cooperation/", "theme"),
    Page("/agenda/changes/", "changes"),
    Page("/agenda/legal-agenda/", "legal-agenda"),
    Page("/agenda/items/item-11-1-virtual-assets/", "agenda-item-withdrawn"),
    Page("/agenda/live/", "live"),
    Page("/agenda/print/", "programme-print"),
    Page("/sessions/90/agenda/", "past-programme"),
    Page("/agenda/items/no-such-slot/", "slot-not-found", status=404),
    # The resolutions archive.
    Page("/resolutions/", "resolutions"),
    Page("/resolutions/?q=environmental", "resolutions-search"),
    Page("/resolutions/GA-2023-91-RES-01/", "resolution"),
    Page("/resolutions/GA-2023-91-RES-03/", "resolution-amended"),
    Page("/resolutions/GA-2023-91-RES-01/print/", "resolution-print"),
    # The Executive Committee and the 91st session's elections (the demo's results).
    Page("/executive-committee/", "executive-committee"),
    # The delegates' portal: a delegate not yet registered, and the demo head of delegation.
    Page("/delegates/", "portal", user="delegate"),
    Page("/delegates/me/", "profile", user="delegate"),
    Page("/delegates/register/", "profile-first", user="delegate"),
    Page("/delegates/register/", "registration", user="profiled"),
    Page("/agenda/me/", "my-programme", user="profiled"),
    Page("/agenda/items/centenary-exhibition-tour/", "side-event-signed-in", user="delegate"),
    Page("/delegates/", "portal-head", user="head"),
    Page("/delegates/delegation/", "delegation", user="head"),
    Page("/delegates/delegation/nominate/", "nomination", user="head"),
    # An invitation's link (the demo's), before signing in and signed in with another address;
    # a link that is no longer valid.
    Page("/delegates/invitation/demo-invitation-91/", "invitation"),
    Page(
        "/delegates/invitation/demo-invitation-91/",
        "invitation-signed-in",
        user="delegate",
    ),
    Page("/delegates/invitation/no-such-invitation/", "invitation-invalid", status=404),
    Page("/delegates/delegation/credentials/", "credentials-upload", user="head"),
    Page("/agenda/items/plenary-1/", "slot-head", user="head"),
    # Participants who consented; the badge photo; confirmations; the doors (issue 14).
    Page("/participants/", "participants"),
    Page("/participants/?q=austria", "participants-search"),
    Page("/delegates/me/photo/", "badge-photo", user="profiled"),
    Page("/delegates/registration/withdraw/", "withdraw-confirm", user="head"),
    Page("/delegates/check-in/", "check-in", user="officer"),
    Page("/agenda/check-in/", "sitting-check-in", user="officer"),
    Page("/agenda/attendance/", "attendance-report", user="officer"),
    # Electronic voting (issue 15) as the demo leaves it, no ballot under way; the states of a
    # ballot (open, voted, closed) are checked by tests/e2e/test_vote_screens.py.
    Page("/vote/", "vote", user="head"),
    Page("/vote/receipt/", "vote-receipt"),
    Page("/hall/", "hall"),
]


def page_languages(page: Page) -> tuple[str, ...]:
    """The languages ``page`` is checked in: every working language of the settings."""
    from assembly.languages import language_codes

    return language_codes()


def page_params():
    """(language, page) pairs with readable ids, for pytest.mark.parametrize."""
    import pytest

    return [
        pytest.param(language, page, id=f"{language}-{page.name}")
        for page in PAGES
        for language in page_languages(page)
    ]


@dataclass(frozen=True)
class Submission:
    """A form sent with mistakes: the answer (the form again, with its errors) is checked too."""

    path: str
    name: str
    fields: dict  # the `name` of each input → the value typed into it
    user: str | None = None


SUBMISSIONS = [
    Submission(
        "/accounts/login/",
        "login-failed",
        {"login": "nobody@example.org", "password": "not-the-password"},
    ),
    Submission(
        "/accounts/signup/",
        "signup-errors",
        {"email": "not-an-address", "password1": "short", "password2": "other"},
    ),
    Submission("/accounts/password/reset/", "password-reset-errors", {"email": "not-an-address"}),
    # The portal's forms, sent with mistakes (the browser's own checks are switched off).
    Submission(
        "/delegates/me/", "profile-errors", {"given_name": "", "phone": "x" * 60}, "delegate"
    ),
    Submission("/delegates/register/", "registration-errors", {"category": "observer"}, "profiled"),
    Submission(
        "/delegates/delegation/nominate/",
        "nomination-errors",
        {"given_name": "Lukas", "family_name": "", "email": "not-an-address"},
        "head",
    ),
    Submission(
        "/delegates/delegation/credentials/",
        "credentials-errors",
        {"issued_on": "not-a-date"},
        "head",
    ),
]


def submission_params():
    import pytest

    return [
        pytest.param(language, submission, id=f"{language}-{submission.name}")
        for submission in SUBMISSIONS
        for language in CHECKED_LANGUAGES
    ]

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


# The two languages of the accessibility and HTML checks: one of each direction.
CHECKED_LANGUAGES = ("en", "ar")

PAGES = [
    Page("/", "session-home"),
    Page("/sessions/", "session-list"),
    Page("/sessions/90/", "past-session"),
    Page("/sessions/999/", "not-found", status=404),
    Page("/accounts/login/", "login"),
    Page("/accounts/signup/", "signup"),
    Page("/accounts/password/reset/", "password-reset"),
    Page("/", "session-home-signed-in", user="delegate"),
    # After the merge of the feature apps, add for example:
    # Page("/agenda/", "programme"),
    # Page("/resolutions/", "resolutions"),
    # Page("/delegates/me/", "portal", user="delegate"),
]


def page_params():
    """(language, page) pairs with readable ids, for pytest.mark.parametrize."""
    import pytest

    return [
        pytest.param(language, page, id=f"{language}-{page.name}")
        for page in PAGES
        for language in CHECKED_LANGUAGES
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
    # After the merge: Submission("/delegates/register/", "registration-errors", {...}, "delegate")
]


def submission_params():
    import pytest

    return [
        pytest.param(language, submission, id=f"{language}-{submission.name}")
        for submission in SUBMISSIONS
        for language in CHECKED_LANGUAGES
    ]

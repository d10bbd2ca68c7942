"""The public list of participants (DESIGN.md URL contract ``/<lang>/participants/``).

Only people who consented appear (``Person.public_consent``), with their name, function and
country or organisation: never an email, a phone, a rank or a photo (SECURITY.md 4). The page is
served from the project's page cache; its key carries a participants version as well as the
programme version, and every write that can change the list (a consent given or withdrawn, a
name changed, a registration approved or withdrawn) drops that version, so the change shows at
once on every worker and app server.
"""

from __future__ import annotations

from uuid import uuid4

from django.contrib.auth.decorators import login_required, permission_required
from django.core.cache import caches
from django.db import transaction
from django.db.models import F, Q
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from assembly.languages import language_codes, language_columns
from assembly.pages import public_page
from assembly.selectors import current_session

from .models import Registration
from .resources import csv_download

PARTICIPANTS_VERSION_KEY = "delegates:participants-version"
# Words of a search that are looked for (each must match); more are ignored.
MAX_SEARCH_WORDS = 8
MAX_QUERY_LENGTH = 100
# What the list shows of a person (and searches in): never an email, a phone, a rank or a photo.
LISTED_PERSON_FIELDS = (
    "given_name",
    "family_name",
    "given_name_ar",
    "family_name_ar",
    "function",
    "agency",
)


def participants_version() -> str:
    """The current version of the list, kept in the shared cache (the database table without
    Redis, Redis with it: every worker reads the same). A lost entry simply starts a new one:
    the pages stored under the old one are never found again."""
    shared = caches["default"]
    version = shared.get(PARTICIPANTS_VERSION_KEY)
    if version is None:
        shared.add(PARTICIPANTS_VERSION_KEY, uuid4().hex[:16], timeout=None)
        version = shared.get(PARTICIPANTS_VERSION_KEY) or ""
    return version


def _drop_version() -> None:
    caches["default"].delete(PARTICIPANTS_VERSION_KEY)


def participants_changed() -> None:
    """Make every cached participants page stale: now (this transaction reads its own change)
    and again after commit, in case another worker stored the old list meanwhile (once per
    transaction, however many people changed in it)."""
    _drop_version()
    connection = transaction.get_connection()
    if connection.in_atomic_block and any(
        callback is _drop_version for _sids, callback, *_rest in connection.run_on_commit
    ):
        return
    transaction.on_commit(_drop_version)


def participants(session, query: str = ""):
    """The approved registrations of ``session`` whose person consented, by country (then
    organisation) and name; ``query`` matches the name (either script), function, agency,
    country or organisation. One query, whatever the number of rows."""
    language = get_language()
    name_column = f"name_{language}" if language in language_codes() else "name"
    registrations = (
        Registration.objects.filter(
            session=session,
            status=Registration.Status.APPROVED,
            person__public_consent=True,
            person__deletion_requested_at__isnull=True,
            delegation__isnull=False,
        )
        .select_related("person", "delegation__country", "delegation__organisation")
        .only(
            *(f"person__{name}" for name in LISTED_PERSON_FIELDS),
            "delegation__country",
            "delegation__organisation",
            "category",
        )
        .order_by(
            # Member countries first, then observer organisations, each by its name in the
            # page's language.
            F(f"delegation__country__{name_column}").asc(nulls_last=True),
            F(f"delegation__organisation__{name_column}").asc(nulls_last=True),
            "person__family_name",
            "person__given_name",
            "pk",
        )
    )
    columns = [
        *(f"person__{name}" for name in LISTED_PERSON_FIELDS),
        "delegation__organisation__acronym",
        *(f"delegation__country__{c}" for c in language_columns("name")),
        *(f"delegation__organisation__{c}" for c in language_columns("name")),
    ]
    for word in query.split()[:MAX_SEARCH_WORDS]:
        match = Q()
        for column in columns:
            match |= Q(**{f"{column}__icontains": word})
        registrations = registrations.filter(match)
    return registrations


# Pages ----------------------------------------------------------------------------------------


@require_http_methods(["GET", "HEAD"])
@public_page(reads=("q",), version=participants_version)
def participants_page(request):
    """The public list of participants of the current session, by country, searchable."""
    session = current_session()
    if session is None:
        raise Http404
    query = " ".join(request.GET.get("q", "").split())[:MAX_QUERY_LENGTH]
    rows = list(participants(session, query))
    return render(
        request,
        "delegates/participants.html",
        {"session": session, "participants": rows, "query": query},
    )


def _affiliation(registration) -> str:
    delegation = registration.delegation
    return str(delegation.country or delegation.organisation)


@login_required
@permission_required("delegates.view_registration", raise_exception=True)
@require_http_methods(["GET", "HEAD"])
def participants_csv(request):
    """The public list as a CSV for the secretariat (UTF-8 with a byte-order mark, cells that a
    spreadsheet would read as a formula neutralised): what the public page shows, no more."""
    session = current_session()
    if session is None:
        raise Http404
    header = [
        _("Country or organisation"),
        _("Family name"),
        _("Given name"),
        _("Name in Arabic script"),
        _("Function"),
        _("Agency"),
    ]
    rows = (
        (
            _affiliation(registration),
            registration.person.family_name,
            registration.person.given_name,
            registration.person.full_name_ar,
            registration.person.function,
            registration.person.agency,
        )
        for registration in participants(session)
    )
    return csv_download(f"participants-{session.number}.csv", header, rows)

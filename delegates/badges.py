"""Badges: the signed token of a registration, its QR code, and the badge PDF (WeasyPrint)."""

import base64
import mimetypes
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import segno
from django.conf import settings
from django.core import signing
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from assembly.i18n import date_range
from assembly.text import printable

from .models import Registration

# The salt keeps badge tokens apart from every other signed value of the site: a value signed
# for another purpose never passes as a badge.
BADGE_SALT = "delegates.badge"

# The colour band of each category, as printed on the badge and known to the entrance staff.
CATEGORY_COLOURS = {
    Registration.Category.HEAD: "#b3261e",
    Registration.Category.DELEGATE: "#1f5fa8",
    Registration.Category.ADDITIONAL: "#2e7d32",
    Registration.Category.OBSERVER: "#e07b00",
    Registration.Category.SECRETARIAT: "#5f6368",
    Registration.Category.MEDIA: "#6a1b9a",
}


# Badges printed in one batch (a background task, see delegates/tasks.py): WeasyPrint renders a
# page in tens of milliseconds and the PDF is assembled in memory. Larger runs are filtered by
# country or region.
BADGES_PER_PRINT = 500

# The kind of the TaskBatch of a badge run, and where its PDF is kept (private storage).
BADGE_BATCH_KIND = "delegates.badges"


# The two print layouts: one A6 badge per page (a badge printer, or A6 cards), or eight compact
# badges (105 × 74 mm, two columns of four) on an A4 sheet for an office printer and a cutter.
LAYOUT_A6 = "a6"
LAYOUT_SHEET = "sheet"
LAYOUTS = (LAYOUT_A6, LAYOUT_SHEET)
BADGES_PER_SHEET = 8


@cache
def emblem_data_uri() -> str:
    """The project's emblem (static/img/emblem.svg, drawn for this project), inline."""
    path = Path(settings.BASE_DIR) / "static" / "img" / "emblem.svg"
    return "data:image/svg+xml;base64," + base64.b64encode(path.read_bytes()).decode("ascii")


def badge_batch_file_name(batch_id: int) -> str:
    return f"badges/batch-{batch_id}.pdf"


class BadgeTokenInvalid(Exception):
    """A token that is not a badge token signed by this site: forged, tampered or mistyped."""

    message = _("This badge code is not valid: it was not issued by the Secretariat.")


def badge_token(registration: Registration) -> str:
    """The token printed in the QR code: the registration id, signed with the site's key."""
    return signing.Signer(salt=BADGE_SALT).sign(str(registration.pk))


def registration_id_from_token(token: str) -> int:
    """The registration id a token carries; ``BadgeTokenInvalid`` unless the signature holds."""
    token = (token or "").strip()
    try:
        value = signing.Signer(salt=BADGE_SALT).unsign(token)
        return int(value)
    except (signing.BadSignature, ValueError) as error:
        raise BadgeTokenInvalid from error


def qr_data_uri(token: str) -> str:
    """The QR code of the token as an SVG data URI (vector: sharp at any print size)."""
    return segno.make(token, error="m", micro=False).svg_data_uri(scale=4, border=2)


def photo_data_uri(person) -> str:
    """The person's photo inlined in the page, or "" when there is none or it cannot be read.

    Photos live in private storage without a URL, so the renderer gets them inline.
    """
    if not person.photo:
        return ""
    try:
        with person.photo.open("rb") as handle:
            content = handle.read()
    except OSError:
        return ""
    mime = mimetypes.guess_type(person.photo.name)[0] or "image/jpeg"
    return f"data:{mime};base64,{base64.b64encode(content).decode('ascii')}"


def _translated(obj, field: str, language: str) -> str:
    """A translated field in ``language``, falling back to English."""
    return getattr(obj, f"{field}_{language}", "") or getattr(obj, f"{field}_en", "") or ""


@dataclass
class Badge:
    """What one badge shows, already in the badge holder's language."""

    registration: Registration
    language: str
    name: str
    name_ar: str
    title: str
    affiliation: str
    category: str
    category_colour: str
    session_title: str
    session_dates: str
    venue: str
    photo: str
    qr: str
    token: str


def badge_for(registration: Registration) -> Badge:
    """The content of a registration's badge, in the holder's preferred language."""
    person = registration.person
    language = person.preferred_language or "en"
    session = registration.session
    delegation = registration.delegation
    if delegation is None:
        # Staff of the Secretariat and the press carry no delegation.
        affiliation = ""
    elif delegation.country_id:
        affiliation = _translated(delegation.country, "name", language)
    else:
        affiliation = _translated(delegation.organisation, "name", language)
    token = badge_token(registration)
    with translation.override(language):
        category = str(registration.get_category_display())
    session_dates = date_range(session.start_date, session.end_date, language)
    venue = ""
    if session.venue_id:
        venue = ", ".join(
            part
            for part in (
                _translated(session.venue, "name", language),
                _translated(session.venue, "city", language),
            )
            if part
        )
    return Badge(
        registration=registration,
        language=language,
        name=person.full_name,
        name_ar=person.full_name_ar,
        title=person.title,
        affiliation=affiliation,
        category=category,
        category_colour=CATEGORY_COLOURS.get(registration.category, "#5f6368"),
        session_title=_translated(session, "title", language),
        session_dates=session_dates,
        venue=venue,
        photo=photo_data_uri(person),
        qr=qr_data_uri(token),
        token=token,
    )


def badge_registrations(queryset):
    """The approved registrations of ``queryset`` with what their badges read, in print order."""
    return (
        queryset.filter(status=Registration.Status.APPROVED)
        .select_related(
            "person",
            "session__venue",
            "delegation__country",
            "delegation__organisation",
        )
        .order_by("delegation__country__name", "person__family_name", "person__given_name", "pk")
    )


def _badges_html(badges: list[Badge], layout: str) -> str:
    if layout not in LAYOUTS:
        raise ValueError(f"unknown badge layout {layout!r}")
    sheets = [
        badges[start : start + BADGES_PER_SHEET]
        for start in range(0, len(badges), BADGES_PER_SHEET)
    ]
    return render_to_string(
        "delegates/badge.html",
        {"badges": badges, "sheets": sheets, "layout": layout, "emblem": emblem_data_uri()},
    )


def badge_document(registration: Registration, layout: str = LAYOUT_A6):
    """One badge rendered by WeasyPrint (a document of one page), to be assembled with others."""
    from weasyprint import HTML

    html = _badges_html([badge_for(registration)], layout)
    return HTML(string=printable(html), base_url=None).render()


def documents_pdf(documents) -> bytes:
    """The pages of several rendered documents as one PDF."""
    pages = [page for document in documents for page in document.pages]
    return documents[0].copy(pages).write_pdf()


def badges_pdf(registrations, layout: str = LAYOUT_A6) -> bytes:
    """One PDF of the badges, rendered by WeasyPrint: a page per badge (A6 portrait), or eight
    badges per A4 sheet (``LAYOUT_SHEET``)."""
    from weasyprint import HTML

    badges = [badge_for(registration) for registration in registrations]
    html = _badges_html(badges, layout)
    # No base URL: everything the page needs (font names, emblem, photo, QR code) is inline, so
    # the renderer never fetches anything from disk or network on behalf of user data.
    return HTML(string=printable(html), base_url=None).write_pdf()

"""Helpers that build drafts, delegations and ballots for the resolutions tests."""

from assembly.models import Country
from resolutions import services
from resolutions.demo import ensure_voting_delegations


def four(text: str) -> dict[str, str]:
    return {
        "en": f"{text} (en)",
        "fr": f"{text} (fr)",
        "es": f"{text} (es)",
        "ar": f"{text} (ar) نص",
    }


def members(*iso_codes: str) -> list[Country]:
    by_iso = {c.iso_code: c for c in Country.objects.filter(iso_code__in=iso_codes)}
    return [by_iso[code] for code in iso_codes]


def accredit(session, *iso_codes: str) -> list[Country]:
    """Delegations with accepted credentials for these members (who may then vote)."""
    countries = members(*iso_codes)
    ensure_voting_delegations(session=session, countries=countries)
    return countries


def circulated_draft(session, title="Draft", *, sponsors=("FR",), **kwargs):
    draft = services.draft_save(
        session=session,
        titles=four(title),
        texts=four(f"<p>{title} text</p>"),
        sponsors=members(*sponsors),
        **kwargs,
    )
    services.draft_submit(draft=draft)
    services.draft_circulate(draft=draft)
    draft.refresh_from_db()
    return draft


def open_ballot(session, draft=None, *, method="recorded", letter="A", **kwargs):
    ballot = services.ballot_create(
        session=session,
        question="draft" if draft else "procedural",
        method=method,
        draft=draft,
        subjects=None if draft else four("Motion"),
        **kwargs,
    )
    services.ballot_open(ballot=ballot, letter=letter)
    ballot.refresh_from_db()
    return ballot


def voters(session, *iso_codes: str) -> dict:
    """Accredited members, each with a confirmed head of delegation who casts its vote:
    ``{iso_code: user}``."""
    from tests.delegates.factories import make_user, register

    countries = accredit(session, *iso_codes)
    # Accounts without a password: the tests sign them in directly, and hashing a password
    # (hundreds of milliseconds each) for 40 or 60 voters made these tests the suite's slowest.
    return {
        country.iso_code: register(
            session=session,
            country=country,
            category="head",
            status="approved",
            user=make_user(password=None),
        ).person.user
        for country in countries
    }


def open_device_ballot(session, *, method="secret", **kwargs):
    """A ballot cast from the delegates' devices, opened."""
    ballot = services.ballot_create(
        session=session,
        question="procedural",
        method=method,
        subjects=four("Motion"),
        electronic=True,
        **kwargs,
    )
    services.ballot_open(ballot=ballot)
    ballot.refresh_from_db()
    return ballot

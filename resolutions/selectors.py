"""Reads of the resolutions app: who may vote, the roll-call order, the public archive."""

import unicodedata

from django.apps import apps
from django.db.models import Count, Prefetch, Q, QuerySet

from assembly.models import AssemblySession, Country, DocumentFile, VotingRights
from delegates.selectors import countries_with_accepted_credentials

from .models import Amendment, Ballot, DraftResolution, Vote


def eligible_countries(*, session: AssemblySession, constitution_amendment: bool) -> QuerySet:
    """Member countries that may vote at ``session`` (DOMAIN.md, Voting; GR 52).

    One vote per member country whose delegation's credentials were accepted; arrears suspend
    the vote unless the Assembly waived them, except on amendments to the Constitution.
    Observers (organisations, applicant countries) never vote.
    """
    countries = countries_with_accepted_credentials(session).filter(status=Country.Status.MEMBER)
    if not constitution_amendment:
        suspended = VotingRights.objects.filter(
            session=session, status=VotingRights.Status.SUSPENDED
        ).values("country_id")
        countries = countries.exclude(pk__in=suspended)
    return countries


def ballot_eligible_countries(ballot: Ballot) -> QuerySet:
    return eligible_countries(
        session=ballot.session, constitution_amendment=ballot.amends_constitution
    )


def french_sort_key(name: str) -> tuple[str, str]:
    """French alphabetical order: accents, case, spaces and punctuation ignored at first.

    NFKD separates the accents from the letters (É → E + ◌́); ligatures are spelt out.
    """
    spelt = name.replace("œ", "oe").replace("Œ", "Oe").replace("æ", "ae").replace("Æ", "Ae")
    decomposed = unicodedata.normalize("NFKD", spelt)
    base = "".join(c for c in decomposed if not unicodedata.combining(c))
    letters = "".join(c for c in base.casefold() if c.isalnum())
    return letters, name


def roll_call_order(*, countries, host_country_id: int | None, letter: str) -> list:
    """Countries in the order they are called (RP 18, 19, 39).

    The host country first, then French alphabetical order starting from the letter drawn by
    lot, wrapping round to A.
    """
    ordered = sorted(countries, key=lambda country: french_sort_key(country.name_fr or ""))
    host = [country for country in ordered if country.pk == host_country_id]
    others = [country for country in ordered if country.pk != host_country_id]
    start_key = french_sort_key(letter or "A")[0]
    start = next(
        (i for i, country in enumerate(others) if french_sort_key(country.name_fr)[0] >= start_key),
        len(others),
    )
    return host + others[start:] + others[:start]


def vote_tally(ballot: Ballot) -> dict[str, int]:
    """The counts the vote rows give, in one query."""
    return Vote.objects.filter(ballot=ballot).aggregate(
        rows=Count("id"),
        yes=Count("id", filter=Q(choice=Vote.Choice.YES)),
        no=Count("id", filter=Q(choice=Vote.Choice.NO)),
        abstentions=Count("id", filter=Q(choice=Vote.Choice.ABSTAIN)),
    )


def adopted_resolutions() -> QuerySet:
    """The public archive: adopted resolutions of every session, newest first."""
    return (
        DraftResolution.objects.adopted()
        .select_related("session")
        .order_by("-session__start_date", "-adoption_number", "-adopted_on", "-id")
    )


def _agenda_model(name: str):
    """A model of the agenda app, named by string: resolutions and agenda do not import each
    other."""
    return apps.get_model("agenda", name)


def archive_themes() -> list:
    """Themes under which adopted resolutions were debated, one per slug, in one query.

    A resolution's themes are those of the programme slots where its agenda item is debated.
    Each session has its own themes; when two share a slug the newest session's title is shown.
    """
    themes = (
        _agenda_model("Theme")
        .objects.filter(
            slots__agenda_items__draft_resolutions__status=DraftResolution.Status.ADOPTED
        )
        .distinct()
        .order_by("-session__start_date", "order", "id")
    )
    by_slug = {}
    for theme in themes:
        by_slug.setdefault(theme.slug, theme)
    return list(by_slug.values())


def resolutions_with_theme(resolutions: QuerySet, slug: str) -> QuerySet:
    """Resolutions whose agenda item is debated in a slot with a theme of this slug.

    A subquery rather than a join, so that an item debated in two slots of the theme (a plenary
    sitting and a panel) does not list its resolution twice.
    """
    items = _agenda_model("AgendaItem").objects.filter(slots__themes__slug=slug).values("pk")
    return resolutions.filter(agenda_item__in=items)


def resolution_for_page(reference: str) -> DraftResolution | None:
    return (
        adopted_resolutions()
        .filter(Q(reference=reference) | Q(legacy_reference=reference))
        .select_related("agenda_item")
        .prefetch_related(
            "sponsors",
            Prefetch("documents__files", queryset=DocumentFile.objects.order_by("language")),
        )
        .first()
    )


def deciding_ballot(draft: DraftResolution) -> Ballot | None:
    """The closed ballot that decided the draft, with its vote rows for recorded votes."""
    return (
        Ballot.objects.filter(draft=draft, status=Ballot.Status.CLOSED)
        .select_related("session")
        .prefetch_related(
            Prefetch("votes", queryset=Vote.objects.select_related("country").order_by("id"))
        )
        .order_by("-closed_at", "-id")
        .first()
    )


def resolution_amendments(draft: DraftResolution) -> list[Amendment]:
    """The draft's amendments in the order they were voted on, each with its closed ballots
    (``closed_ballots``, the deciding one first) for the totals; two queries."""
    return list(
        Amendment.objects.filter(draft=draft)
        .with_numbers()
        .select_related("sponsor")
        .prefetch_related(
            Prefetch(
                "ballots",
                queryset=Ballot.objects.filter(status=Ballot.Status.CLOSED).order_by(
                    "-closed_at", "-id"
                ),
                to_attr="closed_ballots",
            )
        )
        .order_by("-distance", "id")
    )


# Electronic voting: what the vote page, the hall screen and the chair's console read ----------


def live_ballots(session: AssemblySession | None) -> list[Ballot]:
    """The ballots under way (open or suspended) at ``session``: the one cast from the
    delegates' devices first (one at most), then those voted by hand, oldest first."""
    if session is None:
        return []
    return list(
        Ballot.objects.select_related("session", "draft", "amendment__draft", "election__region")
        .filter(session=session, status__in=Ballot.LIVE_STATUSES)
        .order_by("-electronic", "id")
    )


def participation(ballot: Ballot) -> dict:
    """How many of the countries entitled have voted; for a recorded ballot, which have not
    (in the roll-call order). Three queries whatever the number of countries."""
    entitled = list(ballot_eligible_countries(ballot))
    voted = set(Vote.objects.filter(ballot=ballot).values_list("country_id", flat=True))
    result = {
        "entitled": len(entitled),
        "voted": len(voted & {country.pk for country in entitled}),
        "missing": [],
    }
    if ballot.is_recorded:
        waiting = [country for country in entitled if country.pk not in voted]
        result["missing"] = roll_call_order(
            countries=waiting,
            host_country_id=ballot.session.host_country_id,
            letter=ballot.roll_call_letter or "A",
        )
    return result


def _screen_ballots():
    """The current session's ballot under way first, else its last electronic ballot closed."""
    from django.db.models import Case, IntegerField, Value, When

    return (
        Ballot.objects.filter(session__is_current=True, electronic=True)
        .filter(Q(status__in=Ballot.LIVE_STATUSES) | Q(status=Ballot.Status.CLOSED))
        .annotate(
            live_first=Case(
                When(status__in=Ballot.LIVE_STATUSES, then=Value(0)),
                default=Value(1),
                output_field=IntegerField(),
            )
        )
        .order_by("live_first", "-closed_at", "-id")
    )


def current_screen_ballot() -> Ballot | None:
    """``screen_ballot`` of the current session in one query: the ballot under way, else the
    last electronic ballot closed (the vote page, the hall screen and their state endpoints)."""
    return (
        _screen_ballots()
        .select_related("session", "draft", "amendment__draft", "election__region")
        .first()
    )


def current_screen_state() -> tuple[int, str, int] | None:
    """``(id, status, version)`` of ``current_screen_ballot``, in one small query: what the
    polled state endpoints compare before reading anything else (190 delegates poll it)."""
    return _screen_ballots().values_list("pk", "status", "version").first()


def participation_counts(ballot: Ballot) -> dict[str, int]:
    """How many of the countries entitled have voted, in two queries; a closed ballot's from
    its result sheet (what was counted)."""
    if ballot.is_closed and ballot.members_entitled is not None:
        return {"entitled": ballot.members_entitled, "voted": ballot.participants or 0}
    entitled = ballot_eligible_countries(ballot)
    return {
        "entitled": entitled.count(),
        "voted": Vote.objects.filter(ballot=ballot, country__in=entitled.values("pk")).count(),
    }


def country_vote(ballot: Ballot, country: Country) -> Vote | None:
    """The vote (or, on a secret ballot, the participation) of ``country`` on ``ballot``."""
    return Vote.objects.filter(ballot=ballot, country=country).first()


def recorded_votes(ballot: Ballot) -> list[Vote]:
    """A closed recorded ballot's votes country by country, in the roll-call order."""
    votes = {vote.country_id: vote for vote in Vote.objects.filter(ballot=ballot)}
    countries = Country.objects.filter(pk__in=votes)
    ordered = roll_call_order(
        countries=countries,
        host_country_id=ballot.session.host_country_id,
        letter=ballot.roll_call_letter or "A",
    )
    return [_with_country(votes[country.pk], country) for country in ordered]


def _with_country(vote: Vote, country: Country) -> Vote:
    vote.country = country
    return vote

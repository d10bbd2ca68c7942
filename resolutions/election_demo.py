"""Demo data of the Executive Committee's elections at the 91st session (fictitious people,
real member countries): the Committee before the session, with its outgoing members, and
three elections showing the rules: the President (two-thirds missed twice, elected at the third
ballot by simple majority), the Delegate for Africa (a tie, then a further ballot), and the
Vice-President for the Americas still awaiting its vote. Safe to run again."""

import datetime as dt

from assembly.models import AssemblySession, Country, Region

from . import services
from .models import Ballot, CommitteeMembership, Election
from .selectors import ballot_eligible_countries

# person, country, post, region of the seat, elected in, term ends in (the 91st: 2023).
COMMITTEE = [
    ("Hamid Al-Mansouri", "AE", "president", None, 2019, 2023),
    ("Grace Wanjiru", "KE", "vice_president", "africa", 2021, 2024),
    ("Lucía Ferraro", "AR", "vice_president", "americas", 2020, 2023),
    ("Jan Kowalczyk", "PL", "vice_president", "europe", 2022, 2025),
    ("Amadou Diallo", "SN", "delegate", "africa", 2020, 2023),
    ("Fatima Benali", "MA", "delegate", "africa", 2022, 2025),
    ("Carlos Mendes", "BR", "delegate", "americas", 2021, 2024),
    ("Sarah Thompson", "CA", "delegate", "americas", 2022, 2025),
    ("Priya Raman", "IN", "delegate", "asia", 2022, 2025),
    ("Kenji Sato", "JP", "delegate", "asia", 2021, 2024),
    ("Anna Berg", "SE", "delegate", "europe", 2021, 2024),
    ("Marco Bellini", "IT", "delegate", "europe", 2022, 2025),
    ("Sofia Petrova", "BG", "delegate", "europe", 2020, 2023),
]

DEADLINE = (2023, 9, 29, 12, 0)
LATE = (2023, 10, 2, 9, 30)

# Each election: its candidates (person, country, late?) and the tellers' count of each round
# (votes in the order of the candidates, then blank and invalid papers), with its time.
ELECTIONS = [
    {
        "post": "president",
        "region": None,
        "order": 1,
        "candidates": [
            ("Mei Lin Tan", "SG", False),
            ("Rafael Ortega", "MX", False),
            ("Hamid Al-Mansouri", "AE", False),  # the outgoing President
            ("Olga Novak", "HR", False),  # Europe has a Vice-President staying
            ("Samuel Adeyemi", "NG", False),  # Africa has a Vice-President staying
            ("Tomás Rivera", "UY", True),  # after the deadline
        ],
        "rounds": [
            ((88, 62), 4, 2, (2023, 12, 1, 14, 30)),
            ((96, 56), 3, 1, (2023, 12, 1, 15, 5)),
            ((101, 52), 2, 0, (2023, 12, 1, 15, 40)),
        ],
    },
    {
        "post": "vice_president",
        "region": "americas",
        "order": 2,
        "candidates": [
            ("Valentina Ríos", "CL", False),
            ("Lucía Ferraro", "AR", False),  # the outgoing Vice-President for the Americas
            ("Daniel Moreau", "CA", False),  # Canada's Delegate stays on the Committee
        ],
        "rounds": [],
    },
    {
        "post": "delegate",
        "region": "africa",
        "order": 3,
        "candidates": [
            ("Aïcha Koné", "CI", False),
            ("Joseph Mensah", "GH", False),
            ("Amadou Diallo", "SN", False),  # an outgoing Delegate
            ("Wanjiku Otieno", "KE", False),  # Kenya's Vice-President stays
            ("Pierre Lambert", "FR", False),  # a seat of Africa
        ],
        "rounds": [
            ((71, 71), 8, 1, (2023, 12, 1, 16, 20)),
            ((80, 67), 5, 0, (2023, 12, 1, 16, 55)),
        ],
    },
]


def _at(session: AssemblySession, parts) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=session.tzinfo)


def _committee() -> None:
    regions = {region.code: region for region in Region.objects.all()}
    for person, iso, post, region, start, end in COMMITTEE:
        country = Country.objects.get(iso_code=iso)
        if CommitteeMembership.objects.filter(country=country, start_year=start).exists():
            continue
        services.committee_membership_save(
            committee_membership=CommitteeMembership(
                country=country,
                person_name=person,
                post=post,
                region=regions[region] if region else None,
                start_year=start,
                end_year=end,
            )
        )


def _fit(counts: list[int], available: int) -> list[int]:
    total = sum(counts)
    if total <= available:
        return counts
    return [count * available // total for count in counts]


def _round(session, ballot: Ballot, candidatures, plan) -> None:
    votes, blank, invalid, closed = plan
    eligible = list(ballot_eligible_countries(ballot).order_by("iso_code"))
    *votes, blank, invalid = _fit([*votes, blank, invalid], len(eligible))
    at = _at(session, closed)
    services.ballot_open(ballot=ballot, at=at - dt.timedelta(minutes=25))
    total = sum(votes) + blank + invalid
    services.roll_call_record(
        ballot=ballot, votes={country.pk: services.TOOK_PART for country in eligible[:total]}
    )
    services.ballot_close(
        ballot=ballot,
        tellers={
            "candidates": {c.pk: n for c, n in zip(candidatures, votes, strict=True)},
            "blank": blank,
            "invalid": invalid,
        },
        at=at,
    )


def _election(session: AssemblySession, plan: dict) -> Election | None:
    region = Region.objects.get(code=plan["region"]) if plan["region"] else None
    if Election.objects.filter(session=session, post=plan["post"], region=region).exists():
        return None
    election = services.election_save(
        election=Election(
            session=session,
            post=plan["post"],
            region=region,
            seats=1,
            order=plan["order"],
            candidature_deadline=_at(session, DEADLINE),
        )
    )
    made = []
    for index, (person, iso, late) in enumerate(plan["candidates"]):
        submitted = (
            _at(session, LATE) if late else _at(session, DEADLINE) - dt.timedelta(days=30 - index)
        )
        candidature = services.candidature_submit(
            election=election,
            country=Country.objects.get(iso_code=iso),
            candidate_name=person,
            at=submitted,
        )
        services.candidature_review(candidature=candidature)
        candidature.refresh_from_db()
        made.append(candidature)
    eligible = [c for c in made if c.status == c.Status.ELIGIBLE]
    for number, round_plan in enumerate(plan["rounds"], start=1):
        if number == 1:
            ballot = services.election_put_to_vote(election=election, electronic=False)
        else:
            ballot = services.election_next_round(election=election)
        in_round = [c for c in eligible if ballot.candidate_results.filter(candidature=c).exists()]
        _round(session, ballot, in_round, round_plan)
    return election


def seed(*, stdout) -> None:
    session = AssemblySession.objects.get(number=91)
    _committee()
    for plan in ELECTIONS:
        _election(session, plan)
    stdout.write(
        f"Executive Committee: {CommitteeMembership.objects.count()} memberships; elections of "
        f"the 91st session: {Election.objects.filter(session=session).count()}, ballots: "
        f"{Ballot.objects.filter(session=session, question='election').count()}"
    )

"""Demo data of the resolutions app: the 91st session's drafts, ballots and resolutions."""

import datetime as dt
import random

from django.core.files.base import ContentFile
from django.db import transaction

from assembly.demo import minimal_pdf
from assembly.languages import language_codes, translation_columns
from assembly.models import AssemblySession, Country, Document, DocumentFile, VotingRights
from assembly.services import document_file_attach
from delegates.models import Credentials, Delegation

from . import services
from .demo_data import (
    ABSENT_91,
    DRAFTS_90,
    DRAFTS_91,
    GOVERNANCE_AMENDMENTS,
    SUSPENDED_91,
    WAIVED_91,
)
from .models import Amendment, Ballot, DraftResolution
from .selectors import ballot_eligible_countries, eligible_countries, roll_call_order


@transaction.atomic
def ensure_voting_delegations(*, session, countries) -> int:
    """Delegations with accepted credentials for ``countries``, created only where missing.

    The delegates app owns credentials; its demo may already have built them. This only fills
    the gaps the votes need and never touches a delegation or credentials that exist (one
    delegation per session and country; conflicts are ignored), so it can run before or after
    the delegates demo, any number of times. Returns the number of credentials created.
    """
    country_ids = [country.pk for country in countries]
    Delegation.objects.bulk_create(
        [Delegation(session=session, country_id=pk) for pk in country_ids],
        ignore_conflicts=True,
    )
    missing = Delegation.objects.filter(
        session=session, country_id__in=country_ids, credentials__isnull=True
    )
    created = Credentials.objects.bulk_create(
        [Credentials(delegation=d, state=Credentials.State.ACCEPTED) for d in missing],
        ignore_conflicts=True,
    )
    return len(created)


def _at(session: AssemblySession, parts: tuple[int, ...]) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=session.tzinfo)


def _countries(iso_codes) -> list[Country]:
    return list(Country.objects.filter(iso_code__in=iso_codes).order_by("iso_code"))


def _voting_rights(session: AssemblySession) -> None:
    for status, codes in (
        (VotingRights.Status.SUSPENDED, SUSPENDED_91),
        (VotingRights.Status.WAIVED, WAIVED_91),
    ):
        for country in _countries(codes):
            VotingRights.objects.get_or_create(
                session=session, country=country, defaults={"status": status}
            )


def _document(session: AssemblySession, number: int, titles: dict[str, str]) -> Document:
    reference = f"GA-{session.year}-{session.number}-DR-{number:02d}"
    document, _ = Document.objects.update_or_create(
        session=session,
        reference=reference,
        defaults={
            **translation_columns("title", titles),
            "kind": Document.Kind.RESOLUTION,
            "published_on": session.start_date - dt.timedelta(days=32),
            "order": 10 + number,
        },
    )
    for language in language_codes():
        if not DocumentFile.objects.filter(document=document, language=language).exists():
            document_file_attach(
                document=document,
                language=language,
                content=ContentFile(
                    minimal_pdf(f"{reference} ({language})"), name=f"{reference}.pdf"
                ),
            )
    return document


def _amend_governance(draft: DraftResolution, session: AssemblySession) -> None:
    """Three amendments: one accepted by the sponsors (paragraph 3), two on paragraph 2 voted
    furthest first; the adopted one rewrites paragraph 2 and makes the other lapse."""
    amendments = {}
    for distance, sponsor, outcome, paragraph, texts, replacements in GOVERNANCE_AMENDMENTS:
        amendments[outcome] = services.amendment_propose(
            draft=draft,
            sponsor=Country.objects.get(iso_code=sponsor),
            texts=texts,
            replacements=replacements,
            paragraph=paragraph,
            distance=distance,
        )
    amendments["adopted"].lapses.add(amendments["lapsed"])
    services.amendment_accept(amendment=amendments["accepted"], reason="Accepted by the sponsors")
    ballot = services.ballot_create(
        session=session,
        question=Ballot.Question.AMENDMENT,
        method=Ballot.Method.SHOW_OF_HANDS,
        amendment=amendments["adopted"],
    )
    services.ballot_open(ballot=ballot, at=_at(session, (2023, 11, 30, 11, 30)))
    entitled = len(ballot_eligible_countries(ballot))
    services.ballot_close(
        ballot=ballot,
        tellers=_fit({"yes": 97, "no": 41, "abstentions": 20}, entitled),
        at=_at(session, (2023, 11, 30, 11, 50)),
    )


def _fit(counts: dict[str, int], available: int) -> dict[str, int]:
    """The plan's counts scaled down, in proportion, to the members entitled to vote.

    How many delegations are accredited depends on the other apps' demo data (the delegates
    demo leaves some credentials pending or rejected), so a plan is a shape, not exact figures.
    """
    total = sum(counts.values())
    if total <= available:
        return dict(counts)
    return {key: value * available // total for key, value in counts.items()}


def _vote(ballot: Ballot, plan: dict, session: AssemblySession, rng: random.Random) -> dict:
    """Record the plan's votes on the roll-call page's service; returns the tellers' totals."""
    if ballot.method == Ballot.Method.CONSENSUS:
        return {}
    eligible = roll_call_order(
        countries=ballot_eligible_countries(ballot),
        host_country_id=session.host_country_id,
        letter=ballot.roll_call_letter or "A",
    )
    rng.shuffle(eligible)
    keys = [key for key in ("yes", "no", "abstain", "invalid") if key in plan]
    plan = {**plan, **_fit({key: plan[key] for key in keys}, len(eligible))}
    if ballot.method == Ballot.Method.SECRET:
        total = plan["yes"] + plan["no"] + plan["abstain"] + plan["invalid"]
        services.roll_call_record(
            ballot=ballot, votes={c.pk: services.TOOK_PART for c in eligible[:total]}
        )
        return {
            "yes": plan["yes"],
            "no": plan["no"],
            "abstentions": plan["abstain"],
            "invalid": plan["invalid"],
        }
    if ballot.method == Ballot.Method.SHOW_OF_HANDS:
        return {"yes": plan["yes"], "no": plan["no"], "abstentions": plan["abstain"]}
    choices = ["yes"] * plan["yes"] + ["no"] * plan["no"] + ["abstain"] * plan["abstain"]
    services.roll_call_record(
        ballot=ballot, votes={c.pk: choice for c, choice in zip(eligible, choices, strict=False)}
    )
    return {}


def _agenda_items(session, drafts) -> dict:
    """The session's agenda items by number, through the foreign key's model (no agenda import).

    The agenda demo runs before this one in seed_demo and creates them.
    """
    AgendaItem = DraftResolution._meta.get_field("agenda_item").related_model
    numbers = {data["agenda"] for data in drafts}
    return {
        item.number: item for item in AgendaItem.objects.filter(session=session, number__in=numbers)
    }


def _drafts(session: AssemblySession, drafts: list[dict], *, rng, stdout) -> None:
    """Each draft of the plan through its life: submitted, circulated, then withdrawn, or
    debated (amended) and voted on."""
    items = _agenda_items(session, drafts)
    stdout.write(
        f"Agenda items of session {session.number} the drafts belong to: {len(items)} found"
        + ("" if items else " (run the agenda demo first to link them)")
    )
    ordered = sorted(drafts, key=lambda d: d.get("closed_at") or (9999,))
    for number, data in enumerate(ordered, start=1):
        if DraftResolution.objects.filter(session=session, title_en=data["title"]["en"]).exists():
            continue
        document = _document(session, number, data["title"])
        if data["agenda"] in items:
            # The draft is among the documents of its agenda item, where its fate is shown.
            items[data["agenda"]].documents.add(document)
        draft = services.draft_save(
            session=session,
            titles=data["title"],
            texts=data["text"],
            sponsors=_countries(data["sponsors"]),
            majority_rule=data["rule"],
            has_financial_implications="financial" in data,
            financial_implications=data.get("financial"),
            executive_committee_opinion=data.get("opinion"),
            agenda_item=items.get(data["agenda"]),
            documents=[document],
        )
        services.draft_submit(draft=draft)
        services.draft_circulate(draft=draft)
        if data["vote"] is None:
            services.draft_withdraw(draft=draft, reason=data["withdraw_reason"])
            continue
        services.draft_open_debate(draft=draft)
        if data.get("amendments"):
            _amend_governance(draft, session)
        plan = data["vote"]
        closed_at = _at(session, data["closed_at"])
        ballot = services.ballot_create(
            session=session, question=Ballot.Question.DRAFT, method=plan["method"], draft=draft
        )
        services.ballot_open(
            ballot=ballot, letter=plan.get("letter"), at=closed_at - dt.timedelta(minutes=20)
        )
        tellers = _vote(ballot, plan, session, rng)
        services.ballot_close(ballot=ballot, tellers=tellers or None, at=closed_at)


# The hall's electronic vote in the demo: a ballot prepared for the chair to open from the
# console, the back office's resolutions officer to run it, and voting delegates who can sign in.
ELECTRONIC_SUBJECT = {
    "en": "Demo: motion to close the list of speakers (electronic secret ballot)",
    "fr": "Démo : motion de clôture de la liste des orateurs (scrutin secret électronique)",
    "es": "Demo: moción para cerrar la lista de oradores (votación secreta electrónica)",
    "ar": "عرض تجريبي: اقتراح إقفال قائمة المتكلمين (اقتراع سري إلكتروني)",
}
RESOLUTIONS_OFFICER_EMAIL = "resolutions@demo.example"
RESOLUTIONS_OFFICER_PASSWORD = "Vienna-Resolutions-1923"  # noqa: S105
VOTER_PASSWORD = "Vienna-Vote-1923"  # noqa: S105
DEMO_VOTERS = 3


def _electronic_ballot(session: AssemblySession, *, stdout) -> None:
    """One electronic secret ballot, prepared: the chair opens it from the console."""
    if not Ballot.objects.filter(session=session, subject_en=ELECTRONIC_SUBJECT["en"]).exists():
        services.ballot_create(
            session=session,
            question=Ballot.Question.PROCEDURAL,
            method=Ballot.Method.SECRET,
            subjects=ELECTRONIC_SUBJECT,
            electronic=True,
        )
    stdout.write(f"Electronic ballot prepared for the chair's console: {ELECTRONIC_SUBJECT['en']}")


def _demo_logins(session: AssemblySession, *, stdout) -> None:
    """The resolutions officer's login, and a password for the first voting delegates (in ISO
    order of their countries) who may vote, so that the demo's electronic ballot can be voted.
    Demo only: ``seed_demo`` is never run on a production database."""
    from django.contrib.auth.models import Group

    from assembly.roles import RESOLUTIONS_OFFICERS
    from delegates.demo import _account

    officer = _account(RESOLUTIONS_OFFICER_EMAIL, RESOLUTIONS_OFFICER_PASSWORD, staff=True)
    group, _created = Group.objects.get_or_create(name=RESOLUTIONS_OFFICERS)
    officer.groups.add(group)
    stdout.write(f"Resolutions officer: {RESOLUTIONS_OFFICER_EMAIL}")
    eligible = eligible_countries(session=session, constitution_amendment=False)
    delegations = (
        Delegation.objects.filter(
            session=session,
            country__in=eligible,
            voting_delegate__person__user__isnull=False,
        )
        .select_related("voting_delegate__person__user")
        .order_by("country__iso_code")[:DEMO_VOTERS]
    )
    for delegation in delegations:
        user = delegation.voting_delegate.person.user
        if not user.has_usable_password():
            user.set_password(VOTER_PASSWORD)
            user.save(update_fields=["password"])
        _account(user.email, VOTER_PASSWORD)  # its address verified (allauth)
        stdout.write(f"Voting delegate of {delegation.country.name_en}: {user.email}")


def _seed_90(*, stdout) -> None:
    """The 90th session's few resolutions, adopted by consensus (demonstration data)."""
    session = AssemblySession.objects.filter(number=90).first()
    if session is None:
        return
    _drafts(session, DRAFTS_90, rng=random.Random(90), stdout=stdout)
    stdout.write(
        f"Resolutions of the 90th session (demo): "
        f"{DraftResolution.objects.filter(session=session).adopted().count()}"
    )


@transaction.atomic
def seed(*, stdout) -> None:
    session = AssemblySession.objects.get(number=91)
    accredited = Country.objects.members().exclude(iso_code__in=ABSENT_91)
    created = ensure_voting_delegations(session=session, countries=accredited)
    _voting_rights(session)
    stdout.write(
        f"Delegations with accepted credentials at the 91st session: {accredited.count()} "
        f"({created} credentials created here)"
    )
    _drafts(session, DRAFTS_91, rng=random.Random(91), stdout=stdout)
    adopted = DraftResolution.objects.filter(session=session).adopted()
    for resolution in adopted.order_by("adoption_number"):
        stdout.write(f"{resolution.reference}: {resolution.title_en}")
    stdout.write(
        f"Draft resolutions of the 91st session: {session.draft_resolutions.count()} "
        f"({adopted.count()} adopted), amendments: "
        f"{Amendment.objects.filter(draft__session=session).count()}, "
        f"ballots: {session.ballots.count()}"
    )
    _electronic_ballot(session, stdout=stdout)
    _demo_logins(session, stdout=stdout)
    _seed_90(stdout=stdout)
    # The Executive Committee's elections at the 91st session (resolutions.election_demo).
    from .election_demo import seed as seed_elections

    seed_elections(stdout=stdout)

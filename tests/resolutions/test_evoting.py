"""Electronic voting: the voting delegate votes from a device; secret ballots keep
participation and the anonymous papers apart; the chair suspends, resumes and runs again."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection

from assembly.models import AuditRecord, VotingRights
from resolutions import services
from resolutions.models import Ballot, BallotPaper, Vote
from resolutions.selectors import participation
from tests.delegates.factories import register

from .factories import open_device_ballot, voters

pytestmark = pytest.mark.django_db


def test_a_secret_vote_gives_a_receipt_and_stores_participation_apart(session91):
    people = voters(session91, "FR", "DE", "AT")
    ballot = open_device_ballot(session91)
    assert BallotPaper.objects.filter(ballot=ballot, choice="").count() >= 3
    cast = services.vote_cast(ballot=ballot, user=people["FR"], choice="yes")
    assert cast.receipt and len(cast.receipt) == 19
    vote = Vote.objects.get(ballot=ballot)
    assert vote.country.iso_code == "FR" and vote.choice is None
    paper = services.receipt_lookup(cast.receipt)
    assert paper.ballot == ballot and paper.choice == "yes"
    # The code as a person types it back: lower case, no dashes, spaces.
    assert services.receipt_lookup(cast.receipt.lower().replace("-", " ")) == paper
    assert services.receipt_lookup("AAAA-BBBB-CCCC-DDDD") is None
    # Only the hash is stored.
    assert not BallotPaper.objects.filter(receipt_hash__icontains=cast.receipt[:4]).exists()
    # The audit of a secret vote holds participation only.
    record = AuditRecord.objects.get(action="resolution.vote.cast")
    assert record.data == {"country": vote.country_id}


def test_with_no_blank_paper_left_a_vote_writes_one_more_paper(session91):
    """A country admitted to the vote after the ballot opened finds no blank paper left: its
    vote adds a paper, filled, and the papers still equal the participation rows."""
    people = voters(session91, "FR", "DE")
    ballot = open_device_ballot(session91)
    BallotPaper.objects.filter(ballot=ballot).delete()
    no = services.vote_cast(ballot=ballot, user=people["FR"], choice="no")
    yes = services.vote_cast(ballot=ballot, user=people["DE"], choice="yes")
    papers = BallotPaper.objects.filter(ballot=ballot)
    assert sorted(papers.values_list("choice", flat=True)) == ["no", "yes"]
    assert services.receipt_lookup(no.receipt).choice == "no"
    assert services.receipt_lookup(yes.receipt).choice == "yes"
    services.ballot_close(ballot=ballot)
    ballot.refresh_from_db()
    assert (ballot.yes, ballot.no, ballot.participants) == (1, 1, 2)


def test_the_result_sheet_is_counted_from_the_papers(session91):
    people = voters(session91, "FR", "DE", "AT", "IT", "ES")
    ballot = open_device_ballot(session91)
    for code, choice in zip(people, ["yes", "yes", "no", "abstain", "yes"], strict=True):
        services.vote_cast(ballot=ballot, user=people[code], choice=choice)
    services.ballot_close(ballot=ballot)
    ballot.refresh_from_db()
    assert (ballot.yes, ballot.no, ballot.abstentions, ballot.invalid) == (3, 1, 1, 0)
    assert ballot.participants == 5 and ballot.votes_cast == 4
    assert ballot.outcome == Ballot.Outcome.ADOPTED
    used = BallotPaper.objects.filter(ballot=ballot).exclude(choice="").count()
    assert used == Vote.objects.filter(ballot=ballot).count() == 5


def test_a_recorded_vote_is_public_country_by_country(session91):
    people = voters(session91, "FR", "DE")
    ballot = open_device_ballot(session91, method="recorded")
    cast = services.vote_cast(ballot=ballot, user=people["DE"], choice="no")
    assert cast.receipt is None
    assert Vote.objects.get(ballot=ballot).choice == "no"
    assert not BallotPaper.objects.filter(ballot=ballot).exists()
    seen = participation(ballot)
    assert (seen["voted"], seen["entitled"]) == (1, 2)
    assert [country.iso_code for country in seen["missing"]] == ["FR"]


def test_a_vote_cast_is_final(session91):
    people = voters(session91, "FR")
    ballot = open_device_ballot(session91)
    services.vote_cast(ballot=ballot, user=people["FR"], choice="yes")
    with pytest.raises(ValidationError, match="already voted"):
        services.vote_cast(ballot=ballot, user=people["FR"], choice="no")
    assert Vote.objects.filter(ballot=ballot).count() == 1
    assert BallotPaper.objects.filter(ballot=ballot).exclude(choice="").count() == 1


def test_only_the_voting_delegate_of_an_eligible_country_votes(session91):
    people = voters(session91, "FR", "BR")
    VotingRights.objects.create(
        session=session91,
        country=people["BR"].person.registrations.get().delegation.country,
        status="suspended",
    )
    ballot = open_device_ballot(session91)
    france = people["FR"].person.registrations.get().delegation.country
    member = register(
        session=session91, country=france, category="delegate", status="approved", user=True
    )
    with pytest.raises(PermissionDenied):
        services.vote_cast(ballot=ballot, user=member.person.user, choice="yes")
    with pytest.raises(ValidationError, match="may not vote"):
        services.vote_cast(ballot=ballot, user=people["BR"], choice="yes")
    assert not Vote.objects.exists()
    assert not BallotPaper.objects.exclude(choice="").exists()


@pytest.mark.parametrize("choice", ["maybe", "", "candidates", "took_part"])
def test_a_choice_outside_the_question_is_refused(session91, choice):
    people = voters(session91, "FR")
    ballot = open_device_ballot(session91)
    with pytest.raises(ValidationError, match="yes, no or abstain"):
        services.vote_cast(ballot=ballot, user=people["FR"], choice=choice)
    assert not Vote.objects.exists()


def test_suspend_resume_and_close_refuse_votes_when_not_open(session91):
    people = voters(session91, "FR", "DE")
    ballot = open_device_ballot(session91)
    services.ballot_suspend(ballot=ballot, actor=None)
    with pytest.raises(ValidationError, match="suspended"):
        services.vote_cast(ballot=ballot, user=people["FR"], choice="yes")
    services.ballot_resume(ballot=ballot, actor=None)
    services.vote_cast(ballot=ballot, user=people["FR"], choice="yes")
    services.ballot_close(ballot=ballot)
    with pytest.raises(ValidationError, match="closed"):
        services.vote_cast(ballot=ballot, user=people["DE"], choice="yes")
    assert Vote.objects.filter(ballot=ballot).count() == 1


def test_run_again_voids_the_ballot_and_prepares_a_copy(session91):
    people = voters(session91, "FR")
    ballot = open_device_ballot(session91)
    services.vote_cast(ballot=ballot, user=people["FR"], choice="yes")
    with pytest.raises(ValidationError, match="reason"):
        services.ballot_run_again(ballot=ballot, actor=None, reason=" ")
    copy = services.ballot_run_again(ballot=ballot, actor=None, reason="Screens failed")
    ballot.refresh_from_db()
    assert ballot.status == Ballot.Status.VOID
    assert copy.status == Ballot.Status.PREPARED and copy.rerun_of == ballot
    assert copy.subject_ar == ballot.subject_ar and copy.electronic
    services.ballot_open(ballot=copy)
    # The country votes afresh on the copy.
    services.vote_cast(ballot=copy, user=people["FR"], choice="no")
    services.ballot_close(ballot=copy)
    copy.refresh_from_db()
    assert (copy.yes, copy.no) == (0, 1)


def test_one_ballot_under_way_at_a_time(session91):
    open_device_ballot(session91)
    with pytest.raises(ValidationError, match="under way"):
        open_device_ballot(session91)


def test_a_vote_by_hand_gives_the_delegation_its_receipt(session91, admin_user):
    people = voters(session91, "FR")
    france = people["FR"].person.registrations.get().delegation.country
    ballot = open_device_ballot(session91)
    cast = services.vote_by_hand(ballot=ballot, country=france, choice="no", actor=admin_user)
    assert services.receipt_lookup(cast.receipt).choice == "no"
    assert Vote.objects.get(ballot=ballot).recorded_by == admin_user
    assert AuditRecord.objects.filter(action="resolution.vote.by_hand").count() == 1
    # The teller's form of a secret ballot no longer records bare participation here.
    with pytest.raises(ValidationError, match="devices"):
        services.vote_record(ballot=ballot, country=france, choice=services.TOOK_PART)


# The orders a reader of the table could try: by each stored column, and as the database
# happens to return the rows (SQLite: its rowid; PostgreSQL: the order on disk).
ORDER_SQL = {
    "none": "SELECT id FROM resolutions_ballotpaper WHERE ballot_id = %s",
    "id": "SELECT id FROM resolutions_ballotpaper WHERE ballot_id = %s ORDER BY id",
    "-id": "SELECT id FROM resolutions_ballotpaper WHERE ballot_id = %s ORDER BY id DESC",
    "receipt": "SELECT id FROM resolutions_ballotpaper WHERE ballot_id = %s ORDER BY receipt_hash",
    "choice": "SELECT id FROM resolutions_ballotpaper WHERE ballot_id = %s ORDER BY choice, id",
}
ORDER_SQL_BY_VENDOR = {
    "sqlite": {
        "rowid": "SELECT id FROM resolutions_ballotpaper WHERE ballot_id = %s ORDER BY rowid"
    },
    "postgresql": {
        "ctid": "SELECT id FROM resolutions_ballotpaper WHERE ballot_id = %s ORDER BY ctid",
        "xmin": "SELECT id FROM resolutions_ballotpaper WHERE ballot_id = %s "
        "ORDER BY xmin::text::bigint",
    },
}


def _paper_ids(ballot, sql: str) -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute(sql, [ballot.pk])
        return [str(row[0]).replace("-", "") for row in cursor.fetchall()]


def _distinct_xmin(ballot) -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COUNT(DISTINCT xmin::text) FROM resolutions_ballotpaper WHERE ballot_id = %s",
            [ballot.pk],
        )
        return cursor.fetchone()[0]


def test_secret_papers_cannot_be_joined_to_participation(session91):
    """Try every stored column and every order of the papers against participation.

    The test knows (from the receipts) which paper each vote filled: in no order of the
    papers do they come in the order of the votes (the chance of that by luck with 12 votes is
    one in 479 million per order)."""
    codes = ["FR", "DE", "AT", "IT", "ES", "PT", "BE", "NL", "LU", "IE", "DK", "SE"]
    people = voters(session91, *codes)
    ballot = open_device_ballot(session91)
    filled = []
    for index, code in enumerate(codes):
        cast = services.vote_cast(ballot=ballot, user=people[code], choice=["yes", "no"][index % 2])
        filled.append(services.receipt_lookup(cast.receipt).pk.hex)
        if connection.vendor == "postgresql":
            # The transaction of a vote wrote every paper again: no xmin singles one out.
            assert _distinct_xmin(ballot) == 1
    orders = {**ORDER_SQL, **ORDER_SQL_BY_VENDOR.get(connection.vendor, {})}
    for name, sql in orders.items():
        ids = _paper_ids(ballot, sql)
        in_that_order = [pk for pk in ids if pk in filled]
        assert sorted(in_that_order) == sorted(filled), name
        assert in_that_order not in (filled, filled[::-1]), name
    # Nothing of the voter, the time or a sequence is stored on a paper.
    paper_fields = {field.name for field in BallotPaper._meta.concrete_fields}
    assert paper_fields == {"id", "ballot", "choice", "candidates", "receipt_hash"}
    vote_fields = {field.name for field in Vote._meta.concrete_fields}
    assert paper_fields & vote_fields == {"id", "ballot", "choice"}
    votes = Vote.objects.filter(ballot=ballot)
    # The names both tables share hold nothing in common: keys of different kinds, and no
    # choice on the participation side.
    assert not {str(pk) for pk in votes.values_list("pk", flat=True)} & {
        str(pk) for pk in BallotPaper.objects.values_list("pk", flat=True)
    }
    assert set(votes.values_list("choice", flat=True)) == {None}
    assert BallotPaper.objects.exclude(choice="").count() == votes.count() == len(codes)

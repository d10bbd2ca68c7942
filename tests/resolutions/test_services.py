"""Drafts, amendments, ballots and votes through the services: the rules of DOMAIN.md."""

import pytest
from django.core.exceptions import ValidationError

from assembly.models import AuditRecord, Country, VotingRights
from delegates.models import Credentials, Delegation, ObserverOrganisation
from resolutions import services
from resolutions.models import Amendment, Ballot, DraftResolution, Vote

from .factories import accredit, circulated_draft, four, members, open_ballot

pytestmark = pytest.mark.django_db


def test_draft_text_is_sanitised_on_save(session91):
    draft = services.draft_save(
        session=session91,
        titles=four("Title"),
        texts={
            **four("x"),
            "en": '<p onclick="evil()">Text <script>alert(1)</script><a href="javascript:x">l</a>'
            "<strong>bold</strong></p>",
        },
        sponsors=members("FR"),
    )
    assert draft.text_en == "<p>Text l<strong>bold</strong></p>"


def test_circulation_needs_the_four_languages(session91):
    draft = services.draft_save(
        session=session91,
        titles=four("Title"),
        texts={"en": "<p>Only English</p>", "fr": "<p>Français</p>"},
        sponsors=members("FR"),
    )
    services.draft_submit(draft=draft)
    with pytest.raises(ValidationError, match="Spanish"):
        services.draft_circulate(draft=draft)
    draft.refresh_from_db()
    assert draft.status == DraftResolution.Status.SUBMITTED


def test_each_transition_is_audited(session91):
    draft = circulated_draft(session91)
    actions = list(
        AuditRecord.objects.filter(target_id=str(draft.pk), action__startswith="resolution.draft")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == [
        "resolution.draft.create",
        "resolution.draft.submit",
        "resolution.draft.circulate",
    ]


def test_untranslated_draft_cannot_be_put_to_the_vote(session91):
    draft = circulated_draft(session91)
    # The Arabic text disappears after circulation (an import, a direct edit).
    DraftResolution.objects.filter(pk=draft.pk).update(text_ar="")
    ballot = services.ballot_create(
        session=session91, question="draft", method="recorded", draft=draft
    )
    with pytest.raises(ValidationError, match="Arabic"):
        services.ballot_open(ballot=ballot)
    ballot.refresh_from_db()
    draft.refresh_from_db()
    assert (ballot.status, draft.status) == ("prepared", "circulated")


def test_financial_implications_need_the_executive_committee_opinion(session91):
    draft = circulated_draft(
        session91,
        has_financial_implications=True,
        financial_implications=four("EUR 2 million"),
    )
    ballot = services.ballot_create(
        session=session91, question="draft", method="recorded", draft=draft
    )
    with pytest.raises(ValidationError, match="Executive Committee"):
        services.ballot_open(ballot=ballot)
    assert Ballot.objects.get(pk=ballot.pk).status == "prepared"


def test_a_withdrawn_draft_cannot_be_put_to_the_vote(session91):
    draft = circulated_draft(session91)
    services.draft_withdraw(draft=draft, reason="Sponsors withdrew it")
    with pytest.raises(ValidationError, match="withdrawn"):
        services.ballot_create(session=session91, question="draft", method="recorded", draft=draft)
    assert not Ballot.objects.exists()


def test_recorded_vote_adopts_with_a_reference(session91):
    accredit(session91, "FR", "DE", "ES", "IT")
    draft = circulated_draft(session91)
    ballot = open_ballot(session91, draft)
    for iso, choice in (("FR", "yes"), ("DE", "yes"), ("ES", "no"), ("IT", "abstain")):
        services.vote_record(ballot=ballot, country=members(iso)[0], choice=choice)
    services.ballot_close(ballot=ballot)
    ballot.refresh_from_db()
    draft.refresh_from_db()
    assert (ballot.yes, ballot.no, ballot.abstentions, ballot.votes_cast) == (2, 1, 1, 3)
    assert ballot.majority_required == 2
    assert ballot.outcome == "adopted"
    assert draft.status == "adopted"
    assert draft.reference == "GA-2023-91-RES-01"


def test_references_follow_the_order_of_adoption(session91):
    accredit(session91, "FR")
    references = []
    for title in ("One", "Two", "Three"):
        draft = circulated_draft(session91, title)
        ballot = open_ballot(session91, draft, method="consensus")
        services.ballot_close(ballot=ballot)
        draft.refresh_from_db()
        references.append(draft.reference)
    assert references == ["GA-2023-91-RES-01", "GA-2023-91-RES-02", "GA-2023-91-RES-03"]


def test_rejected_draft_gets_no_reference(session91):
    accredit(session91, "FR", "DE")
    draft = circulated_draft(session91)
    ballot = open_ballot(session91, draft)
    services.vote_record(ballot=ballot, country=members("FR")[0], choice="yes")
    services.vote_record(ballot=ballot, country=members("DE")[0], choice="no")
    services.ballot_close(ballot=ballot)
    draft.refresh_from_db()
    assert (draft.status, draft.reference) == ("rejected", None)


def test_country_without_accepted_credentials_cannot_vote(session91):
    accredit(session91, "FR")
    germany = members("DE")[0]
    delegation = Delegation.objects.create(session=session91, country=germany)
    Credentials.objects.create(delegation=delegation, state=Credentials.State.RECEIVED)
    ballot = open_ballot(session91)
    with pytest.raises(ValidationError, match="may not vote"):
        services.vote_record(ballot=ballot, country=germany, choice="yes")
    assert not Vote.objects.exists()


def test_suspended_country_cannot_vote_unless_waived_or_constitution(session91):
    suspended, waived = accredit(session91, "BR", "AR")
    VotingRights.objects.create(session=session91, country=suspended, status="suspended")
    VotingRights.objects.create(session=session91, country=waived, status="waived")
    ballot = open_ballot(session91)
    with pytest.raises(ValidationError, match="may not vote"):
        services.vote_record(ballot=ballot, country=suspended, choice="yes")
    services.vote_record(ballot=ballot, country=waived, choice="yes")
    services.ballot_close(ballot=ballot)
    constitution = open_ballot(
        session91, majority_rule="two_thirds_members", amends_constitution=True
    )
    services.vote_record(ballot=constitution, country=suspended, choice="no")
    assert sorted(Vote.objects.values_list("country__iso_code", "ballot_id")) == sorted(
        [("AR", ballot.pk), ("BR", constitution.pk)]
    )


def test_observers_never_vote(session91):
    organisation = ObserverOrganisation.objects.create(name="United Nations", acronym="UN")
    delegation = Delegation.objects.create(session=session91, organisation=organisation)
    Credentials.objects.create(delegation=delegation, state=Credentials.State.ACCEPTED)
    applicant = Country.objects.get(iso_code="PW")
    applicant.status = Country.Status.APPLICANT
    applicant.save()
    accredit(session91, "PW")
    ballot = open_ballot(session91)
    with pytest.raises(ValidationError, match="may not vote"):
        services.vote_record(ballot=ballot, country=applicant, choice="yes")
    assert not Vote.objects.exists()


def test_a_closed_ballot_cannot_change(session91):
    france, germany = accredit(session91, "FR", "DE")
    ballot = open_ballot(session91)
    services.vote_record(ballot=ballot, country=france, choice="yes")
    services.ballot_close(ballot=ballot)
    with pytest.raises(ValidationError, match="closed"):
        services.vote_record(ballot=ballot, country=france, choice="no")
    with pytest.raises(ValidationError, match="closed"):
        services.vote_record(ballot=ballot, country=germany, choice="no")
    with pytest.raises(ValidationError, match="closed"):
        services.roll_call_record(ballot=ballot, votes={germany.pk: "no"})
    with pytest.raises(ValidationError, match="already “closed”") as again:
        services.ballot_close(ballot=ballot)
    assert again.value.code == "unchanged"  # the same answer as every other status model
    assert list(Vote.objects.values_list("country__iso_code", "choice")) == [("FR", "yes")]
    ballot.refresh_from_db()
    assert (ballot.yes, ballot.no, ballot.outcome) == (1, 0, "adopted")


def test_roll_call_refuses_unknown_countries_and_records_nothing(session91):
    france, germany = accredit(session91, "FR", "DE")
    ballot = open_ballot(session91, method="roll_call")
    with pytest.raises(ValidationError, match="unknown or may not vote"):
        services.roll_call_record(ballot=ballot, votes={france.pk: "yes", 999_999: "no"})
    with pytest.raises(ValidationError, match="yes, no or abstain"):
        services.roll_call_record(ballot=ballot, votes={france.pk: "yes", germany.pk: "maybe"})
    assert not Vote.objects.exists()


def test_roll_call_records_changes_and_absences(session91):
    france, germany, spain = accredit(session91, "FR", "DE", "ES")
    ballot = open_ballot(session91, method="roll_call", letter="K")
    assert ballot.roll_call_letter == "K"
    services.roll_call_record(
        ballot=ballot, votes={france.pk: "yes", germany.pk: "no", spain.pk: "abstain"}
    )
    services.roll_call_record(
        ballot=ballot, votes={france.pk: "no", germany.pk: "no", spain.pk: ""}
    )
    assert sorted(Vote.objects.values_list("country__iso_code", "choice")) == [
        ("DE", "no"),
        ("FR", "no"),
    ]


def test_secret_ballot_stores_participation_and_tellers_totals_only(session91):
    countries = accredit(session91, "FR", "DE", "ES", "IT", "PT")
    draft = circulated_draft(session91)
    ballot = open_ballot(session91, draft, method="secret")
    with pytest.raises(ValidationError, match="secret"):
        services.vote_record(ballot=ballot, country=countries[0], choice="yes")
    services.roll_call_record(
        ballot=ballot, votes={country.pk: services.TOOK_PART for country in countries}
    )
    assert set(Vote.objects.values_list("choice", flat=True)) == {None}
    with pytest.raises(ValidationError, match="do not match"):
        services.ballot_close(ballot=ballot, tellers={"yes": 3, "no": 1})
    services.ballot_close(
        ballot=ballot, tellers={"yes": 3, "no": 1, "abstentions": 0, "invalid": 1}
    )
    ballot.refresh_from_db()
    assert (ballot.participants, ballot.yes, ballot.no, ballot.invalid, ballot.votes_cast) == (
        5,
        3,
        1,
        1,
        4,
    )
    assert ballot.outcome == "adopted"


def test_amendments_are_voted_furthest_first_and_adoption_makes_others_lapse(session91):
    france, germany = accredit(session91, "FR", "DE")
    draft = circulated_draft(session91)
    near = services.amendment_propose(
        draft=draft, sponsor=france, texts=four("near"), replacements=four("near"), distance=1
    )
    far = services.amendment_propose(
        draft=draft, sponsor=germany, texts=four("far"), replacements=four("far"), distance=2
    )
    far.lapses.add(near)
    # The draft waits for its amendments.
    ballot = services.ballot_create(
        session=session91, question="draft", method="recorded", draft=draft
    )
    with pytest.raises(ValidationError, match="Amendments"):
        services.ballot_open(ballot=ballot)
    on_near = services.ballot_create(
        session=session91, question="amendment", method="show_of_hands", amendment=near
    )
    with pytest.raises(ValidationError, match="further removed"):
        services.ballot_open(ballot=on_near)
    on_far = services.ballot_create(
        session=session91, question="amendment", method="show_of_hands", amendment=far
    )
    services.ballot_open(ballot=on_far)
    services.ballot_close(ballot=on_far, tellers={"yes": 2, "no": 0, "abstentions": 0})
    near.refresh_from_db()
    far.refresh_from_db()
    assert (far.status, near.status) == ("adopted", "lapsed")
    services.ballot_open(ballot=ballot)
    assert DraftResolution.objects.get(pk=draft.pk).status == "voting"


def test_amendment_accepted_by_the_sponsor_needs_no_vote(session91):
    (france,) = accredit(session91, "FR")
    draft = circulated_draft(session91)
    amendment = services.amendment_propose(
        draft=draft,
        sponsor=france,
        texts=four("friendly"),
        replacements=four("<p>friendly text</p>"),
        distance=1,
    )
    services.amendment_accept(amendment=amendment)
    assert Amendment.objects.get(pk=amendment.pk).status == "accepted"
    ballot = open_ballot(session91, draft, method="consensus")
    assert ballot.status == "open"


def test_two_thirds_present_and_voting(session91):
    countries = accredit(session91, "FR", "DE", "ES", "IT", "PT")
    draft = circulated_draft(session91, majority_rule="two_thirds_present_voting")
    ballot = open_ballot(session91, draft, method="roll_call")
    services.roll_call_record(
        ballot=ballot,
        votes=dict(
            zip([c.pk for c in countries], ["yes", "yes", "no", "abstain", "abstain"], strict=True)
        ),
    )
    services.ballot_close(ballot=ballot)
    ballot.refresh_from_db()
    # 2 of 3 votes cast: exactly two-thirds.
    assert (ballot.votes_cast, ballot.majority_required, ballot.outcome) == (3, 2, "adopted")
    assert ballot.members_entitled == 5
    assert ballot.members_of_organisation == Country.objects.members().count() == 196


def test_legacy_reference_is_kept(session91):
    resolution = services.resolution_import_legacy(
        session=session91,
        legacy_reference="AG-2004-RES-12",
        titles=four("Old"),
        texts=four("<p>Old text</p>"),
        adopted_on=None,
    )
    assert resolution.public_reference == "AG-2004-RES-12"
    assert resolution.reference is None


def test_quorum_is_off_by_default_and_a_setting(session91, settings):
    countries = accredit(session91, "FR", "DE", "ES", "IT")
    ballot = open_ballot(session91)
    services.vote_record(ballot=ballot, country=countries[0], choice="yes")
    settings.RESOLUTIONS_QUORUM = 0.5
    with pytest.raises(ValidationError, match="quorum"):
        services.ballot_close(ballot=ballot)
    assert Ballot.objects.get(pk=ballot.pk).status == "open"
    settings.RESOLUTIONS_QUORUM = None
    services.ballot_close(ballot=ballot)
    assert Ballot.objects.get(pk=ballot.pk).outcome == "adopted"


def test_roll_call_is_audited_country_by_country_but_secret_ballots_are_not(session91):
    france, germany = accredit(session91, "FR", "DE")
    recorded = open_ballot(session91, method="roll_call")
    services.roll_call_record(ballot=recorded, votes={france.pk: "yes", germany.pk: "no"})
    services.ballot_close(ballot=recorded)
    secret = open_ballot(session91, method="secret")
    services.roll_call_record(ballot=secret, votes={france.pk: services.TOOK_PART})
    records = AuditRecord.objects.filter(action="resolution.ballot.roll_call").order_by("id")
    assert [r.data["votes"] for r in records] == [
        {str(france.pk): "yes", str(germany.pk): "no"},
        {str(france.pk): "took_part"},
    ]

"""The demo data of the 91st session follows the rules it illustrates."""

import io

import pytest

from resolutions import demo
from resolutions.majorities import majority_result
from resolutions.models import Amendment, Ballot, DraftResolution, Vote

pytestmark = pytest.mark.django_db


def test_seed_builds_the_91st_session_and_is_idempotent(session91):
    out = io.StringIO()
    demo.seed(stdout=out)
    demo.seed(stdout=io.StringIO())
    drafts = DraftResolution.objects.filter(session=session91)
    assert drafts.count() == 8
    assert list(
        drafts.adopted().order_by("adoption_number").values_list("reference", "title_en")
    ) == [
        ("GA-2023-91-RES-01", "Preventing the circulation of online child sexual abuse material"),
        ("GA-2023-91-RES-02", "Strengthening the global response to environmental crime"),
        (
            "GA-2023-91-RES-03",
            "Governance reform: amendments to the General Regulations and the Rules of "
            "Procedure of the General Assembly",
        ),
        ("GA-2023-91-RES-04", "Amendments to the Rules on the Processing of Data"),
        ("GA-2023-91-RES-05", "Standards for the publication of Red Notices"),
        ("GA-2023-91-RES-06", "Budget and programme of activities for 2024"),
    ]
    assert sorted(drafts.exclude(status="adopted").values_list("status", flat=True)) == [
        "rejected",
        "withdrawn",
    ]
    for draft in drafts:
        assert draft.missing_text_languages() == []
    assert dict(Amendment.objects.values_list("distance", "status")) == {
        3: "adopted",
        2: "lapsed",
        1: "accepted",
    }
    # The amendments made the governance reform's final text, in every language.
    governance = drafts.get(reference="GA-2023-91-RES-03")
    assert "<li>DECIDES that they enter into force on 1 January 2024;</li>" in governance.text_en
    assert "at the close of this session" in governance.original_text_en
    assert "at the close of this session" not in governance.text_en
    assert "1 July 2024" not in governance.text_en
    assert (
        "<li>DEMANDE au Secrétariat général de publier les textes modifiés dans les quatre "
        "langues de travail et sur le site web de l’Organisation.</li></ol>"
    ) in governance.text_fr
    assert "el 1 de enero de 2024" in governance.text_es
    assert "في 1 كانون الثاني/يناير 2024" in governance.text_ar
    assert "وعلى الموقع الإلكتروني للمنظمة" in governance.text_ar
    # Election ballots have no yes and no: test_election_demo checks them.
    closed = Ballot.objects.filter(session=session91, status="closed").exclude(question="election")
    for ballot in closed.exclude(method="consensus"):
        result = majority_result(
            rule=ballot.majority_rule, yes=ballot.yes, no=ballot.no, members=196
        )
        assert ballot.outcome == ("adopted" if result.adopted else "rejected")
        if ballot.is_recorded:
            assert ballot.yes == Vote.objects.filter(ballot=ballot, choice="yes").count()
            assert ballot.no == Vote.objects.filter(ballot=ballot, choice="no").count()
    secret = closed.get(method="secret")
    # One electronic ballot waits for the chair to open it from the console.
    prepared = Ballot.objects.exclude(question="election").get(session=session91, status="prepared")
    assert (prepared.method, prepared.electronic) == ("secret", True)
    assert prepared.subject_ar and prepared.subject_fr.startswith("Démo")
    assert (secret.participants, secret.yes, secret.no, secret.invalid) == (158, 121, 25, 3)
    assert set(Vote.objects.filter(ballot=secret).values_list("choice", flat=True)) == {None}
    assert "GA-2023-91-RES-03" in out.getvalue()
    budget = drafts.get(reference="GA-2023-91-RES-06")
    assert str(budget.adopted_on) == "2023-12-01"


def test_voting_delegations_keep_what_the_delegates_app_decided(session91):
    from assembly.models import Country
    from delegates.models import Credentials, Delegation

    germany, france = Country.objects.filter(iso_code__in=["FR", "DE"]).order_by("iso_code")
    pending = Delegation.objects.create(session=session91, country=france)
    Credentials.objects.create(delegation=pending, state=Credentials.State.DISPUTED)
    assert demo.ensure_voting_delegations(session=session91, countries=[france, germany]) == 1
    assert demo.ensure_voting_delegations(session=session91, countries=[france, germany]) == 0
    states = dict(Credentials.objects.values_list("delegation__country__iso_code", "state"))
    assert states == {"FR": "disputed", "DE": "accepted"}
    assert Delegation.objects.filter(session=session91).count() == 2

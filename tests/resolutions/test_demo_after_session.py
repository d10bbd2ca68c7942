"""The demo reads as after the 91st session (Vienna, 2023), and the 90th has an archive."""

import io
import re

import pytest

from resolutions.models import Ballot, DraftResolution


@pytest.fixture
def demo(session91):
    from agenda import demo as agenda_demo
    from resolutions import demo as resolutions_demo

    agenda_demo.seed(stdout=io.StringIO())
    resolutions_demo.seed(stdout=io.StringIO())


def _document_block(page: str, reference: str) -> str:
    start = page.index(f'<bdi class="document__reference">{reference}</bdi>')
    end = page.find('<li class="document">', start)
    return page[start : end if end != -1 else len(page)]


def test_no_item_is_under_debate_and_every_ballot_is_closed(demo, session91):
    assert not session91.agenda_items.filter(state="debated").exists()
    # Every ballot is closed but the electronic one prepared for the chair's console.
    ballots = Ballot.objects.filter(session=session91)
    assert set(ballots.exclude(electronic=True).values_list("status", flat=True)) == {"closed"}
    assert list(ballots.filter(electronic=True).values_list("status", flat=True)) == ["prepared"]
    statuses = set(session91.draft_resolutions.values_list("status", flat=True))
    assert statuses == {"adopted", "rejected", "withdrawn"}


def test_the_governance_reform_and_its_agenda_item_agree(demo, session91, client):
    reform = DraftResolution.objects.get(reference="GA-2023-91-RES-03")
    assert reform.agenda_item.number == "7.2"
    assert reform.agenda_item.state == "closed"
    assert "General Regulations" in reform.agenda_item.title_en
    # A withdrawn item carries only a withdrawn draft; an adopted one never sits under it.
    for draft in DraftResolution.objects.filter(agenda_item__state="withdrawn"):
        assert draft.status == "withdrawn"
    withdrawn = DraftResolution.objects.get(session=session91, status="withdrawn")
    assert withdrawn.agenda_item.number == "11.1"
    legal = client.get("/en/agenda/legal-agenda/").content.decode()
    assert "under debate" not in legal
    assert re.search(
        r"legal-agenda__item--closed\">\s*<span class=\"item-number\">7\.2</span>", legal
    )


def test_related_documents_say_what_became_of_each_draft(demo, client):
    page = client.get("/en/").content.decode()
    rejected = DraftResolution.objects.get(status="rejected", session__number=91)
    withdrawn = DraftResolution.objects.get(status="withdrawn", session__number=91)
    reform = DraftResolution.objects.get(reference="GA-2023-91-RES-03")
    assert "Draft rejected" in _document_block(page, rejected.documents.get().reference)
    assert "Draft withdrawn" in _document_block(page, withdrawn.documents.get().reference)
    block = _document_block(page, reform.documents.get().reference)
    assert (
        '<a href="/en/resolutions/GA-2023-91-RES-03/">Draft adopted as GA-2023-91-RES-03</a>'
        in (block)
    )
    item = client.get("/en/agenda/items/item-11-1-virtual-assets/").content.decode()
    assert "withdrawn" in item
    assert "Draft withdrawn" in item


def test_the_90th_session_has_adopted_resolutions_and_documents(demo, client):
    adopted = DraftResolution.objects.filter(session__number=90).adopted()
    assert list(adopted.order_by("adoption_number").values_list("reference", flat=True)) == [
        "GA-2022-90-RES-01",
        "GA-2022-90-RES-02",
        "GA-2022-90-RES-03",
    ]
    for resolution in adopted:
        assert resolution.missing_text_languages() == []
        assert resolution.title_en.endswith("(demo)")
    page = client.get("/en/sessions/90/").content.decode()
    assert "GA-2022-90-RES-01" in page
    assert "GA-2022-90-REP-01" in page
    assert "Demonstration data" in page
    archive = client.get("/en/resolutions/", {"session": "90"})
    assert len(archive.context["page"]) == 3
    arabic = client.get("/ar/sessions/90/").content.decode()
    assert "بيانات تجريبية" in arabic

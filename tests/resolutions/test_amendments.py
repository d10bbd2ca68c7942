"""Amendments change the draft's text: accepted by the sponsor or adopted, never otherwise."""

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation

from assembly.models import AuditRecord
from resolutions import services
from resolutions.amending import apply_amendment, operative_paragraphs, paragraph_text
from resolutions.models import Amendment, DraftResolution

from .factories import accredit, members

pytestmark = pytest.mark.django_db

TEXTS = {
    "en": "<p>The General Assembly,</p><ol><li>ADOPTS the report;</li>"
    "<li>DECIDES that it enters into force at once;</li><li>THANKS the rapporteur.</li></ol>",
    "fr": "<p>L’Assemblée générale,</p><ol><li>ADOPTE le rapport ;</li>"
    "<li>DÉCIDE qu’il entre en vigueur immédiatement ;</li><li>REMERCIE le rapporteur.</li></ol>",
    "es": "<p>La Asamblea General,</p><ol><li>APRUEBA el informe;</li>"
    "<li>DECIDE que entre en vigor de inmediato;</li><li>AGRADECE al relator.</li></ol>",
    "ar": "<p>إن الجمعية العامة،</p><ol><li>تعتمد التقرير؛</li>"
    "<li>تقرر أن يدخل حيز النفاذ فورا؛</li><li>تشكر المقرر.</li></ol>",
}
TITLES = {"en": "Report", "fr": "Rapport", "es": "Informe", "ar": "تقرير"}


def _debated_draft(session):
    draft = services.draft_save(session=session, titles=TITLES, texts=TEXTS, sponsors=members("FR"))
    services.draft_submit(draft=draft)
    services.draft_circulate(draft=draft)
    services.draft_open_debate(draft=draft)
    return DraftResolution.objects.get(pk=draft.pk)


def _propose(draft, sponsor, *, distance, paragraph, replacements):
    return services.amendment_propose(
        draft=draft,
        sponsor=sponsor,
        texts={code: f"<p>Amendment {distance} ({code})</p>" for code in TEXTS},
        replacements=replacements,
        paragraph=paragraph,
        distance=distance,
    )


DATE_2024 = {
    "en": "DECIDES that it enters into force on 1 January 2024;",
    "fr": "DÉCIDE qu’il entre en vigueur le 1er janvier 2024 ;",
    "es": "DECIDE que entre en vigor el 1 de enero de 2024;",
    "ar": "تقرر أن يدخل حيز النفاذ في 1 كانون الثاني/يناير 2024؛",
}
THANKS = {
    "en": "THANKS the rapporteur and the <em>working group</em>.<script>alert(1)</script>",
    "fr": "REMERCIE le rapporteur et le <em>groupe de travail</em>.",
    "es": "AGRADECE al relator y al <em>grupo de trabajo</em>.",
    "ar": "تشكر المقرر و<em>الفريق العامل</em>.",
}


def test_operative_paragraphs_are_the_items_of_numbered_lists():
    html = (
        "<p>Preamble</p><ol><li>one<ol><li>1.a</li></ol></li><li>two</li></ol><ul><li>x</li></ul>"
    )
    assert [html[s:e] for s, e in operative_paragraphs(html)] == [
        "one<ol><li>1.a</li></ol>",
        "two",
    ]
    assert paragraph_text(html, 2) == "two"
    assert paragraph_text(html, 3) == ""
    assert apply_amendment(html, paragraph=1, replacement="ONE") == (
        "<p>Preamble</p><ol><li>ONE</li><li>two</li></ol><ul><li>x</li></ul>",
        "one<ol><li>1.a</li></ol>",
    )
    with pytest.raises(ValidationError, match="no paragraph 3"):
        apply_amendment(html, paragraph=3, replacement="three")


def test_accepted_amendment_joins_the_text_without_a_vote(session91):
    (spain,) = accredit(session91, "ES")
    draft = _debated_draft(session91)
    amendment = _propose(draft, spain, distance=1, paragraph=3, replacements=THANKS)
    # Proposed only: the text does not change.
    assert DraftResolution.objects.get(pk=draft.pk).text_en == TEXTS["en"]
    services.amendment_accept(amendment=amendment, reason="Accepted by France")
    draft.refresh_from_db()
    amendment.refresh_from_db()
    assert draft.text_en == (
        "<p>The General Assembly,</p><ol><li>ADOPTS the report;</li>"
        "<li>DECIDES that it enters into force at once;</li>"
        "<li>THANKS the rapporteur and the <em>working group</em>.</li></ol>"
    )
    assert draft.text_ar == (
        "<p>إن الجمعية العامة،</p><ol><li>تعتمد التقرير؛</li>"
        "<li>تقرر أن يدخل حيز النفاذ فورا؛</li><li>تشكر المقرر و<em>الفريق العامل</em>.</li></ol>"
    )
    # The text as circulated and what the amendment replaced stay on record.
    assert draft.original_text_fr == TEXTS["fr"]
    assert (amendment.status, amendment.replaced_es) == ("accepted", "AGRADECE al relator.")
    assert amendment.applied_at is not None
    record = AuditRecord.objects.get(action="resolution.amendment.apply")
    assert record.data["replaced"]["en"] == "THANKS the rapporteur."
    assert record.data["paragraph"] == 3
    assert record.data["amendment"] == amendment.pk


def test_adopted_amendment_changes_the_text_and_the_lapsed_one_does_not(session91):
    spain, italy = accredit(session91, "ES", "IT")
    draft = _debated_draft(session91)
    july = _propose(
        draft,
        italy,
        distance=1,
        paragraph=2,
        replacements={code: f"{text} (July)" for code, text in DATE_2024.items()},
    )
    january = _propose(draft, spain, distance=2, paragraph=2, replacements=DATE_2024)
    january.lapses.add(july)
    ballot = services.ballot_create(
        session=session91, question="amendment", method="show_of_hands", amendment=january
    )
    services.ballot_open(ballot=ballot)
    services.ballot_close(ballot=ballot, tellers={"yes": 2, "no": 0, "abstentions": 0})
    draft.refresh_from_db()
    assert draft.text_fr == (
        "<p>L’Assemblée générale,</p><ol><li>ADOPTE le rapport ;</li>"
        "<li>DÉCIDE qu’il entre en vigueur le 1er janvier 2024 ;</li>"
        "<li>REMERCIE le rapporteur.</li></ol>"
    )
    assert draft.text_es == (
        "<p>La Asamblea General,</p><ol><li>APRUEBA el informe;</li>"
        "<li>DECIDE que entre en vigor el 1 de enero de 2024;</li>"
        "<li>AGRADECE al relator.</li></ol>"
    )
    july.refresh_from_db()
    assert (july.status, july.applied_at, july.replaced_en or "") == ("lapsed", None, "")
    assert AuditRecord.objects.filter(action="resolution.amendment.apply").count() == 1


def test_rejected_amendment_leaves_the_text_as_it_was(session91):
    (spain,) = accredit(session91, "ES")
    draft = _debated_draft(session91)
    amendment = _propose(draft, spain, distance=1, paragraph=2, replacements=DATE_2024)
    ballot = services.ballot_create(
        session=session91, question="amendment", method="show_of_hands", amendment=amendment
    )
    services.ballot_open(ballot=ballot)
    services.ballot_close(ballot=ballot, tellers={"yes": 0, "no": 1, "abstentions": 0})
    draft.refresh_from_db()
    assert [draft.text_en, draft.text_ar] == [TEXTS["en"], TEXTS["ar"]]
    assert Amendment.objects.get(pk=amendment.pk).status == "rejected"


def test_amendment_giving_the_whole_revised_text(session91):
    (spain,) = accredit(session91, "ES")
    draft = _debated_draft(session91)
    revised = {
        code: f"<p>{TEXTS[code][:3]}</p><ol><li>{DATE_2024[code]}</li></ol>" for code in TEXTS
    }
    revised["en"] = "<p>The General Assembly,</p><ol><li>ADOPTS the report.</li></ol>"
    amendment = _propose(draft, spain, distance=1, paragraph=None, replacements=revised)
    services.amendment_accept(amendment=amendment)
    draft.refresh_from_db()
    assert draft.text_en == "<p>The General Assembly,</p><ol><li>ADOPTS the report.</li></ol>"
    assert Amendment.objects.get(pk=amendment.pk).replaced_en == TEXTS["en"]


def test_bad_amendments_are_refused_and_change_nothing(session91):
    (spain,) = accredit(session91, "ES")
    draft = _debated_draft(session91)
    with pytest.raises(ValidationError, match="3 operative paragraphs: there is no paragraph 4"):
        _propose(draft, spain, distance=1, paragraph=4, replacements=DATE_2024)
    untranslated = _propose(
        draft, spain, distance=2, paragraph=2, replacements={"en": DATE_2024["en"]}
    )
    with pytest.raises(ValidationError, match="every working language"):
        services.amendment_accept(amendment=untranslated)
    ballot = services.ballot_create(
        session=session91, question="amendment", method="show_of_hands", amendment=untranslated
    )
    with pytest.raises(ValidationError, match="every working language"):
        services.ballot_open(ballot=ballot)
    draft.refresh_from_db()
    assert draft.text_en == TEXTS["en"]
    assert Amendment.objects.get(pk=untranslated.pk).status == "proposed"
    assert not AuditRecord.objects.filter(action="resolution.amendment.accept").exists()


def test_an_amendment_is_not_accepted_into_a_draft_being_voted_on(session91):
    (spain,) = accredit(session91, "ES")
    draft = services.draft_save(
        session=session91, titles=TITLES, texts=TEXTS, sponsors=members("FR")
    )
    services.draft_submit(draft=draft)
    early = _propose(draft, spain, distance=1, paragraph=2, replacements=DATE_2024)
    with pytest.raises(ValidationError, match="only after circulation"):
        services.amendment_accept(amendment=early)
    assert Amendment.objects.get(pk=early.pk).status == "proposed"


def test_adopted_resolution_page_shows_the_final_text_and_each_amendments_outcome(
    client, session91
):
    spain, italy, portugal, germany = accredit(session91, "ES", "IT", "PT", "DE")
    draft = _debated_draft(session91)
    accepted = _propose(draft, spain, distance=1, paragraph=3, replacements=THANKS)
    services.amendment_accept(amendment=accepted)
    july = _propose(draft, italy, distance=3, paragraph=2, replacements=DATE_2024)
    january = _propose(draft, portugal, distance=4, paragraph=2, replacements=DATE_2024)
    january.lapses.add(july)
    rejected = _propose(draft, germany, distance=5, paragraph=1, replacements=THANKS)
    withdrawn = _propose(draft, germany, distance=2, paragraph=1, replacements=THANKS)
    services.amendment_withdraw(amendment=withdrawn)
    for amendment, tellers in (
        (rejected, {"yes": 1, "no": 3, "abstentions": 0}),
        (january, {"yes": 3, "no": 0, "abstentions": 1}),
    ):
        ballot = services.ballot_create(
            session=session91, question="amendment", method="show_of_hands", amendment=amendment
        )
        services.ballot_open(ballot=ballot)
        services.ballot_close(ballot=ballot, tellers=tellers)
    ballot = services.ballot_create(
        session=session91, question="draft", method="consensus", draft=draft
    )
    services.ballot_open(ballot=ballot)
    services.ballot_close(ballot=ballot)
    draft.refresh_from_db()
    assert draft.reference == "GA-2023-91-RES-01"

    page = client.get("/en/resolutions/GA-2023-91-RES-01/").content.decode()
    assert "<li>DECIDES that it enters into force on 1 January 2024;</li>" in page
    assert "<li>THANKS the rapporteur and the <em>working group</em>.</li>" in page
    assert "Adopted by vote: 3 yes, 0 no, 1 abstentions (show of hands)." in page
    assert "Rejected by vote: 1 yes, 3 no, 0 abstentions (show of hands)." in page
    assert "Accepted by the sponsors: made part of the text without a vote." in page
    assert "Lapsed: not voted on once another amendment was adopted." in page
    assert "Withdrawn by its sponsor." in page
    # In the order they were voted on: the furthest from the original first.
    order = [page.index(f"Amendment {n} (en)") for n in (5, 4, 3, 2, 1)]
    assert order == sorted(order)
    # The text as circulated is still there for the reader.
    assert "DECIDES that it enters into force at once;" in page

    french = client.get("/fr/resolutions/GA-2023-91-RES-01/").content.decode()
    assert "<li>DÉCIDE qu’il entre en vigueur le 1er janvier 2024 ;</li>" in french
    assert "Amendment 4 (fr)" in french


def test_the_visitors_language_never_overwrites_another_languages_text(session91):
    # Assigning a translated field writes the active language's column: the services must
    # keep every language's own text whatever language is active (a French admin, say).
    (spain,) = accredit(session91, "ES")
    with translation.override("fr"):
        draft = _debated_draft(session91)
        amendment = _propose(draft, spain, distance=1, paragraph=2, replacements=DATE_2024)
        services.amendment_accept(amendment=amendment)
    draft = DraftResolution.objects.get(pk=draft.pk)
    assert draft.title_fr == "Rapport"
    assert draft.text_fr == (
        "<p>L’Assemblée générale,</p><ol><li>ADOPTE le rapport ;</li>"
        "<li>DÉCIDE qu’il entre en vigueur le 1er janvier 2024 ;</li>"
        "<li>REMERCIE le rapporteur.</li></ol>"
    )
    assert draft.original_text_fr == TEXTS["fr"]
    assert Amendment.objects.get(pk=amendment.pk).replaced_fr == (
        "DÉCIDE qu’il entre en vigueur immédiatement ;"
    )

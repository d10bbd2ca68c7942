"""The public archive: list, search, filters, one resolution, print and PDF."""

import io

import pytest
from pypdf import PdfReader

from assembly.models import AssemblySession
from resolutions import services
from resolutions.models import DraftResolution

from .factories import accredit, circulated_draft, open_ballot

pytestmark = pytest.mark.django_db


def adopt(session, title, **kwargs):
    draft = circulated_draft(session, title, **kwargs)
    ballot = open_ballot(session, draft, method="consensus")
    services.ballot_close(ballot=ballot)
    draft.refresh_from_db()
    return draft


@pytest.fixture
def archive(session91):
    accredit(session91, "FR")
    session90 = AssemblySession.objects.get(number=90)
    old = adopt(session90, "Delhi cooperation")
    first = adopt(session91, "Environmental crime")
    second = adopt(session91, "Budget for 2024")
    rejected = circulated_draft(session91, "Rejected idea")
    ballot = open_ballot(session91, rejected, method="show_of_hands")
    services.ballot_close(ballot=ballot, tellers={"yes": 0, "no": 1})
    return {"old": old, "first": first, "second": second}


def test_list_shows_adopted_resolutions_newest_first(client, archive):
    response = client.get("/en/resolutions/")
    assert response.status_code == 200
    page = [r.reference for r in response.context["page"]]
    assert page == ["GA-2023-91-RES-02", "GA-2023-91-RES-01", "GA-2022-90-RES-01"]
    assert "Rejected idea" not in response.content.decode()


def test_search_uses_the_visitors_language(client, archive):
    french = client.get("/fr/resolutions/", {"q": "Budget for 2024 (fr"})
    assert [r.reference for r in french.context["page"]] == ["GA-2023-91-RES-02"]
    # The English title is not searched on the French page.
    english_words = client.get("/fr/resolutions/", {"q": "(en)"})
    assert list(english_words.context["page"]) == []
    arabic = client.get("/ar/resolutions/", {"q": "Environmental crime (ar)"})
    assert [r.reference for r in arabic.context["page"]] == ["GA-2023-91-RES-01"]


def test_filters_by_session_and_year(client, archive):
    by_session = client.get("/en/resolutions/", {"session": "90"})
    assert [r.reference for r in by_session.context["page"]] == ["GA-2022-90-RES-01"]
    by_year = client.get("/en/resolutions/", {"year": "2023"})
    assert [r.reference for r in by_year.context["page"]] == [
        "GA-2023-91-RES-02",
        "GA-2023-91-RES-01",
    ]


# A control character in the query string is refused before the view (tests/security/
# test_hostile_urls.py).
@pytest.mark.parametrize("params", [{"session": "abc"}, {"year": "1900"}, {"session": "999"}])
def test_bad_filters_get_a_clear_400(client, archive, params):
    response = client.get("/en/resolutions/", params)
    assert response.status_code == 400
    assert "The search could not be understood" in response.content.decode()
    assert list(response.context["page"]) == []


def test_list_runs_a_fixed_number_of_queries(client, session91, django_assert_num_queries):
    accredit(session91, "FR")
    adopt(session91, "One")
    with django_assert_num_queries(4):
        client.get("/en/resolutions/")
    for n in range(4):
        adopt(session91, f"More {n}")
    with django_assert_num_queries(4):
        response = client.get("/en/resolutions/")
    assert len(response.context["page"]) == 5


def test_detail_shows_each_countrys_recorded_vote(client, session91):
    france, germany, spain = accredit(session91, "FR", "DE", "ES")
    draft = circulated_draft(session91, "Recorded", sponsors=("SN", "SG"))
    ballot = open_ballot(session91, draft, method="roll_call")
    services.roll_call_record(
        ballot=ballot, votes={france.pk: "yes", germany.pk: "no", spain.pk: "yes"}
    )
    services.ballot_close(ballot=ballot)
    response = client.get("/fr/resolutions/GA-2023-91-RES-01/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "<p>Recorded text</p> (fr)" in html
    # French order, accents aside: Sénégal before Singapour, joined by the French list pattern.
    assert "Sénégal et Singapour" in html
    assert [(v.country.iso_code, v.choice) for v in response.context["votes"]] == [
        ("DE", "no"),
        ("ES", "yes"),
        ("FR", "yes"),
    ]
    assert '<tr><th scope="row">Suffrages exprimés</th><td>3</td></tr>' in html


def test_detail_of_a_secret_ballot_shows_totals_only(client, session91):
    countries = accredit(session91, "FR", "DE", "ES")
    draft = circulated_draft(session91, "Secret")
    ballot = open_ballot(session91, draft, method="secret")
    services.roll_call_record(ballot=ballot, votes={c.pk: services.TOOK_PART for c in countries})
    services.ballot_close(ballot=ballot, tellers={"yes": 2, "no": 1})
    response = client.get("/en/resolutions/GA-2023-91-RES-01/")
    html = response.content.decode()
    assert response.context["votes"] == []
    assert "Secret ballot: only the totals are published." in html
    assert "Germany" not in html.split("Secret ballot")[1]


def test_missing_translation_is_said_and_legacy_references_work(client, session91):
    services.resolution_import_legacy(
        session=AssemblySession.objects.get(number=90),
        legacy_reference="AGN/65/RES/2",
        titles={"en": "An old resolution"},
        texts={"en": "<p>Old English text</p>"},
        adopted_on=None,
    )
    response = client.get("/ar/resolutions/AGN/65/RES/2/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "Old English text" in html
    assert "هذا النص غير متاح بعدُ بلغتك؛ وهو معروض باللغة الإنكليزية." in html
    assert client.get("/ar/resolutions/AGN/65/RES/2/print/").status_code == 200


def test_unknown_or_unadopted_reference_is_404(client, archive):
    assert client.get("/en/resolutions/GA-2023-91-RES-99/").status_code == 404
    rejected = DraftResolution.objects.get(status="rejected")
    assert client.get(f"/en/resolutions/{rejected.pk}/").status_code == 404


def test_stored_script_is_never_served(client, archive):
    DraftResolution.objects.filter(pk=archive["first"].pk).update(
        text_en='<p>Fine</p><script>alert("x")</script><img src=x onerror=alert(1)>',
        title_en='<script>alert("t")</script>',
    )
    html = client.get("/en/resolutions/GA-2023-91-RES-01/").content.decode()
    assert "<script>alert" not in html
    assert "onerror" not in html
    assert "&lt;script&gt;alert(&quot;t&quot;)&lt;/script&gt;" in html


def test_printable_view_and_arabic_pdf(client, archive):
    printable = client.get("/ar/resolutions/GA-2023-91-RES-01/print/")
    assert printable.status_code == 200
    assert 'dir="rtl"' in printable.content.decode()
    response = client.get("/ar/resolutions/GA-2023-91-RES-01/pdf/")
    assert response["Content-Type"] == "application/pdf"
    reader = PdfReader(io.BytesIO(response.content))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "GA-2023-91-RES-01" in text
    fonts = {
        str(font.get_object()["/BaseFont"])
        for page in reader.pages
        for font in page["/Resources"]["/Font"].values()
    }
    # The Arabic text is set in an Arabic font, not in boxes of a Latin one.
    assert any("Arabic" in name for name in fonts), fonts


def test_session_home_page_lists_its_adopted_resolutions(client, archive):
    html = client.get("/en/").content.decode()
    assert "Resolutions adopted" in html
    assert html.index("GA-2023-91-RES-01") < html.index("GA-2023-91-RES-02")
    assert "GA-2022-90-RES-01" not in html
    assert "GA-2022-90-RES-01" in client.get("/en/sessions/90/").content.decode()

"""The texts of resolutions are typed as text in the back office, stored as allow-listed HTML."""

import pytest

from resolutions import services
from resolutions.sanitise import rich_text_to_text, text_to_rich_text
from tests.security.forms import form_with

pytestmark = pytest.mark.django_db

STORED = (
    "<p>The ICPO-INTERPOL General Assembly,</p><p>HAVING REGARD to Article 8,</p>"
    "<ol><li>DECIDES to adopt the rules;</li><li>REQUESTS the Secretary General to report.</li>"
    "</ol>"
)
TYPED = (
    "The ICPO-INTERPOL General Assembly,\n\nHAVING REGARD to Article 8,\n\n"
    "1. DECIDES to adopt the rules;\n\n2. REQUESTS the Secretary General to report."
)


@pytest.fixture
def draft(session91):
    return services.draft_save(
        session=session91, titles={"en": "Rules"}, texts={"en": STORED}, sponsors=[]
    )


def test_the_form_shows_the_text_not_its_html(admin_client, draft):
    html = admin_client.get(f"/admin/resolutions/draftresolution/{draft.pk}/change/").content
    data = form_with(html.decode(), "text_en")
    assert data["text_en"] == TYPED
    assert "&lt;p&gt;" not in html.decode()


def test_typed_text_is_stored_as_paragraphs_and_numbered_operative_paragraphs(admin_client, draft):
    url = f"/admin/resolutions/draftresolution/{draft.pk}/change/"
    data = form_with(admin_client.get(url).content.decode(), "text_en")
    data["text_en"] = (
        "The General Assembly,\r\n\r\n1. DECIDES x <script>alert(1)</script>;\r\n"
        "1. REQUESTS y.\r\n\r\nNoting,\r\n\r\n7. ASKS z."
    )
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    draft.refresh_from_db()
    assert draft.text_en == (
        "<p>The General Assembly,</p>"
        "<ol><li>DECIDES x &lt;script&gt;alert(1)&lt;/script&gt;;</li><li>REQUESTS y.</li></ol>"
        '<p>Noting,</p><ol start="3"><li>ASKS z.</li></ol>'
    )


def test_saving_the_form_unchanged_keeps_the_stored_text(admin_client, draft):
    url = f"/admin/resolutions/draftresolution/{draft.pk}/change/"
    data = form_with(admin_client.get(url).content.decode(), "text_en")
    assert admin_client.post(url, data).status_code == 302
    draft.refresh_from_db()
    assert draft.text_en == STORED


def test_every_demo_text_survives_the_round_trip():
    from resolutions import demo_data

    texts = []

    def walk(value):
        if isinstance(value, str) and "<" in value:
            texts.append(value.strip())
        elif isinstance(value, dict):
            for item in value.values():
                walk(item)
        elif isinstance(value, list | tuple):
            for item in value:
                walk(item)

    for name in dir(demo_data):
        if name.isupper():
            walk(getattr(demo_data, name))
    assert len(texts) > 30
    for html in texts:
        assert text_to_rich_text(rich_text_to_text(html)) == html


def test_new_wording_of_one_paragraph_is_typed_as_text_and_fits_its_list_item(
    admin_client, session91
):
    from resolutions.models import Amendment

    from .factories import accredit, circulated_draft, four

    (spain,) = accredit(session91, "ES")
    draft = circulated_draft(session91, "Plan")
    # The factory's text has no operative paragraph: give it two.
    type(draft).objects.filter(pk=draft.pk).update(
        **{
            f"text_{code}": f"<ol><li>ADOPTS the plan ({code});</li><li>THANKS ({code}).</li></ol>"
            for code in ("en", "fr", "es", "ar")
        }
    )
    response = admin_client.post(
        "/admin/resolutions/amendment/add/",
        {
            "draft": draft.pk,
            "sponsor": spain.pk,
            "distance": 1,
            "paragraph": 2,
            **{f"text_{code}": f"In paragraph 2, add {value}" for code, value in four("x").items()},
            **{
                f"replacement_{code}": f"THANKS the interpreters & the staff ({code})."
                for code in ("en", "fr", "es", "ar")
            },
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    amendment = Amendment.objects.get(draft=draft)
    assert amendment.replacement_en == "THANKS the interpreters &amp; the staff (en)."
    assert amendment.text_en == "<p>In paragraph 2, add x (en)</p>"
    services.amendment_accept(amendment=amendment)
    draft.refresh_from_db()
    assert draft.text_en == (
        "<ol><li>ADOPTS the plan (en);</li>"
        "<li>THANKS the interpreters &amp; the staff (en).</li></ol>"
    )


def test_a_circulated_text_reads_as_text_not_html_source(admin_client, session91):
    from .factories import circulated_draft

    draft = circulated_draft(session91, "Read")
    type(draft).objects.filter(pk=draft.pk).update(
        text_en=STORED + "<script>alert(1)</script>"  # a row written by another path
    )
    html = admin_client.get(f"/admin/resolutions/draftresolution/{draft.pk}/change/").content
    html = html.decode()
    assert "<ol><li>DECIDES to adopt the rules;</li>" in html
    assert "&lt;ol&gt;" not in html and "&lt;p&gt;" not in html
    assert "<script>alert(1)</script>" not in html

"""The back office: the roll call on one page, closing, the result sheet, nothing after closing."""

import pytest
from django.contrib.auth.models import Group, User
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assembly.models import Country
from assembly.roles import REGISTRATION_OFFICERS, RESOLUTIONS_OFFICERS, roles_sync
from resolutions import services
from resolutions.models import Amendment, Ballot, DraftResolution, Vote

from .factories import accredit, circulated_draft, four, members, open_ballot

pytestmark = pytest.mark.django_db


def roll_call_url(ballot):
    return f"/admin/resolutions/ballot/{ballot.pk}/roll-call/"


def post_roll_call(client, ballot, votes):
    data = {f"vote-{country_id}": value for country_id, value in votes.items()}
    return client.post(roll_call_url(ballot), data)


@pytest.fixture
def everyone(session91):
    """All 196 members accredited: the full roll call."""
    return accredit(session91, *Country.objects.members().values_list("iso_code", flat=True))


def test_roll_call_of_every_member_on_one_page_in_fixed_queries(admin_client, session91, everyone):
    # One ballot is under way at a time in a session: the small one is closed before.
    small = open_ballot(session91, method="roll_call", letter="M")
    choices = ["yes", "no", "abstain", ""]
    few = {c.pk: "yes" for c in everyone[:5]}
    many = {c.pk: choices[i % 4] for i, c in enumerate(everyone[:190])}
    with CaptureQueriesContext(connection) as small_queries:
        post_roll_call(admin_client, small, few)
    services.ballot_close(ballot=small)
    large = open_ballot(session91, method="roll_call", letter="M")
    with CaptureQueriesContext(connection) as large_queries:
        response = post_roll_call(admin_client, large, many)
    assert response.status_code == 302
    assert len(large_queries) == len(small_queries)
    assert Vote.objects.filter(ballot=large).count() == sum(1 for v in many.values() if v)
    assert Vote.objects.filter(ballot=large, choice="abstain").count() == 47

    page = admin_client.get(roll_call_url(large))
    rows = page.context["rows"]
    assert len(rows) == 196
    # Austria, the host, is called first; then French order from the letter drawn, M.
    assert rows[0]["country"].iso_code == "AT"
    assert rows[1]["country"].name_fr == "Macédoine du Nord"
    assert rows[-1]["country"].name_fr < "M"
    html = page.content.decode()
    assert html.count('type="radio"') == 196 * 4


def test_roll_call_page_reads_in_fixed_queries(admin_client, session91, everyone):
    ballot = open_ballot(session91, method="roll_call")
    services.roll_call_record(ballot=ballot, votes={everyone[0].pk: "yes"})
    with CaptureQueriesContext(connection) as one:
        admin_client.get(roll_call_url(ballot))
    services.roll_call_record(ballot=ballot, votes={c.pk: "no" for c in everyone})
    with CaptureQueriesContext(connection) as all_of_them:
        admin_client.get(roll_call_url(ballot))
    assert len(all_of_them) == len(one)


def test_unknown_country_in_the_roll_call_changes_nothing(admin_client, session91):
    (france,) = accredit(session91, "FR")
    ballot = open_ballot(session91, method="roll_call")
    response = post_roll_call(admin_client, ballot, {france.pk: "yes", 987654: "no"})
    assert response.status_code == 302
    assert not Vote.objects.exists()
    follow = admin_client.get(response["Location"])
    assert "unknown or may not vote" in follow.content.decode()
    response = admin_client.post(roll_call_url(ballot), {"vote-abc": "yes"})
    assert not Vote.objects.exists()


def test_nothing_changes_after_closing(admin_client, session91):
    france, germany = accredit(session91, "FR", "DE")
    draft = circulated_draft(session91)
    ballot = open_ballot(session91, draft, method="roll_call")
    post_roll_call(admin_client, ballot, {france.pk: "yes", germany.pk: "no"})
    response = admin_client.post(f"/admin/resolutions/ballot/{ballot.pk}/close/")
    assert response.status_code == 302
    ballot.refresh_from_db()
    assert (ballot.status, ballot.yes, ballot.no, ballot.majority_required) == ("closed", 1, 1, 2)
    assert ballot.outcome == "rejected"

    response = post_roll_call(admin_client, ballot, {france.pk: "no", germany.pk: "yes"})
    assert response.status_code in (302, 403)
    assert sorted(Vote.objects.values_list("country__iso_code", "choice")) == [
        ("DE", "no"),
        ("FR", "yes"),
    ]
    change = admin_client.post(
        f"/admin/resolutions/ballot/{ballot.pk}/change/", {"method": "secret"}
    )
    assert change.status_code == 403
    assert Ballot.objects.get(pk=ballot.pk).method == "roll_call"
    delete = admin_client.post(f"/admin/resolutions/ballot/{ballot.pk}/delete/", {"post": "yes"})
    assert delete.status_code == 403
    assert admin_client.post(f"/admin/resolutions/ballot/{ballot.pk}/close/").status_code == 403


def test_result_sheet_prints_the_figures(admin_client, session91):
    countries = accredit(session91, "FR", "DE", "ES", "IT")
    draft = circulated_draft(session91, "Printed")
    ballot = open_ballot(session91, draft, method="secret")
    services.roll_call_record(ballot=ballot, votes={c.pk: services.TOOK_PART for c in countries})
    bad = admin_client.post(
        f"/admin/resolutions/ballot/{ballot.pk}/close/", {"yes": "9", "no": "0"}
    )
    assert bad.status_code == 200
    assert "do not match" in bad.content.decode()
    assert Ballot.objects.get(pk=ballot.pk).status == "open"
    admin_client.post(
        f"/admin/resolutions/ballot/{ballot.pk}/close/",
        {"yes": "3", "no": "0", "abstentions": "0", "invalid": "1"},
    )
    sheet = admin_client.get(f"/admin/resolutions/ballot/{ballot.pk}/result-sheet/")
    html = sheet.content.decode()
    assert '<tr><th scope="row">Members entitled to vote</th><td>4</td></tr>' in html
    assert '<tr><th scope="row">Invalid ballots</th><td>1</td></tr>' in html
    assert '<tr><th scope="row">Votes cast</th><td>3</td></tr>' in html
    assert '<tr><th scope="row">Majority required</th><td>2</td></tr>' in html
    assert "Countries that took part" in html
    assert DraftResolution.objects.get(pk=draft.pk).reference == "GA-2023-91-RES-01"


def test_rich_text_is_sanitised_in_the_admin_form(admin_client, session91):
    draft = services.draft_save(
        session=session91, titles={"en": "T"}, texts={"en": "<p>x</p>"}, sponsors=[]
    )
    data = {
        "session": session91.pk,
        "title_en": "T",
        "text_en": '<p>Safe</p><script>alert(1)</script><a href="javascript:x">j</a>',
        "majority_rule": "simple",
        "amendments-TOTAL_FORMS": "0",
        "amendments-INITIAL_FORMS": "0",
    }
    response = admin_client.post(f"/admin/resolutions/draftresolution/{draft.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:2000]
    draft.refresh_from_db()
    # The form takes text: markup typed into it is kept as text, never run as HTML.
    assert draft.text_en == (
        "<p>&lt;p&gt;Safe&lt;/p&gt;&lt;script&gt;alert(1)&lt;/script&gt;"
        '&lt;a href="javascript:x"&gt;j&lt;/a&gt;</p>'
    )


def test_back_office_pages_answer_with_the_demo(admin_client, session91):
    from io import StringIO

    from resolutions import demo

    demo.seed(stdout=StringIO())
    governance = DraftResolution.objects.get(reference="GA-2023-91-RES-03")
    ballot = Ballot.objects.get(draft=governance)
    adopted = Amendment.objects.get(draft=governance, status="adopted")
    pages = [
        "/admin/resolutions/draftresolution/",
        "/admin/resolutions/draftresolution/add/",
        f"/admin/resolutions/draftresolution/{governance.pk}/change/",
        "/admin/resolutions/amendment/",
        "/admin/resolutions/amendment/add/",
        f"/admin/resolutions/amendment/{adopted.pk}/change/",
        "/admin/resolutions/ballot/",
        "/admin/resolutions/ballot/add/",
        f"/admin/resolutions/ballot/{ballot.pk}/change/",
        f"/admin/resolutions/ballot/{ballot.pk}/roll-call/",
        f"/admin/resolutions/ballot/{ballot.pk}/result-sheet/",
        "/admin/resolutions/vote/",
    ]
    assert [admin_client.get(url).status_code for url in pages] == [200] * len(pages)
    sheet = admin_client.get(f"/admin/resolutions/ballot/{ballot.pk}/result-sheet/")
    assert '<tr><th scope="row">Yes</th><td>138</td></tr>' in sheet.content.decode()
    # The adopted amendment's record shows the wording it replaced in the draft.
    record = admin_client.get(f"/admin/resolutions/amendment/{adopted.pk}/change/")
    assert "DECIDES that they enter into force at the close of this session;" in (
        record.content.decode()
    )


def test_admin_accepts_an_amendment_into_the_text(admin_client, session91):
    (spain,) = accredit(session91, "ES")
    texts = {
        code: f"<ol><li>{first}</li><li>{second}</li></ol>"
        for code, first, second in (
            ("en", "ADOPTS the plan;", "THANKS the Secretariat."),
            ("fr", "ADOPTE le plan ;", "REMERCIE le Secrétariat."),
            ("es", "APRUEBA el plan;", "AGRADECE a la Secretaría."),
            ("ar", "تعتمد الخطة؛", "تشكر الأمانة."),
        )
    }
    draft = services.draft_save(
        session=session91, titles=four("Plan"), texts=texts, sponsors=members("FR")
    )
    services.draft_submit(draft=draft)
    services.draft_circulate(draft=draft)
    add = admin_client.post(
        "/admin/resolutions/amendment/add/",
        {
            "draft": draft.pk,
            "sponsor": spain.pk,
            "distance": 1,
            "paragraph": 3,
            **{f"text_{code}": "<p>In paragraph 3 …</p>" for code in texts},
            **{f"replacement_{code}": "…" for code in texts},
        },
    )
    assert add.status_code == 200
    assert "The draft has 2 operative paragraphs: there is no paragraph 3." in add.content.decode()
    assert not Amendment.objects.exists()
    amendment = services.amendment_propose(
        draft=draft,
        sponsor=spain,
        texts=dict.fromkeys(texts, "<p>In paragraph 2, add “and the interpreters”.</p>"),
        replacements={
            "en": "THANKS the Secretariat and the interpreters.",
            "fr": "REMERCIE le Secrétariat et les interprètes.",
            "es": "AGRADECE a la Secretaría y a los intérpretes.",
            "ar": "تشكر الأمانة والمترجمين الفوريين.",
        },
        paragraph=2,
        distance=1,
    )
    admin_client.post(
        "/admin/resolutions/amendment/",
        {"action": "accept", "_selected_action": [amendment.pk]},
    )
    draft.refresh_from_db()
    first, second = "<ol><li>ADOPTS the plan;</li>", "<li>APRUEBA el plan;</li>"
    assert draft.text_en == first + "<li>THANKS the Secretariat and the interpreters.</li></ol>"
    assert draft.text_es == (
        "<ol>" + second + "<li>AGRADECE a la Secretaría y a los intérpretes.</li></ol>"
    )


def test_roles(client, session91):
    roles_sync()
    (france,) = accredit(session91, "FR")
    ballot = open_ballot(session91, method="roll_call")
    officer = User.objects.create_user("officer", "o@example.org", "x", is_staff=True)
    officer.groups.add(Group.objects.get(name=RESOLUTIONS_OFFICERS))
    registrar = User.objects.create_user("registrar", "r@example.org", "x", is_staff=True)
    registrar.groups.add(Group.objects.get(name=REGISTRATION_OFFICERS))
    client.force_login(registrar)
    assert client.get(roll_call_url(ballot)).status_code == 403
    assert post_roll_call(client, ballot, {france.pk: "yes"}).status_code == 403
    assert not Vote.objects.exists()
    client.force_login(officer)
    assert client.get(roll_call_url(ballot)).status_code == 200
    post_roll_call(client, ballot, {france.pk: "yes"})
    assert Vote.objects.get().recorded_by == officer


def test_ballot_added_in_the_admin_takes_the_drafts_rule_and_refuses_a_withdrawn_draft(
    admin_client, session91
):
    draft = circulated_draft(session91, "Rules", majority_rule="two_thirds_present_voting")
    data = {
        "session": session91.pk,
        "question": "draft",
        "draft": draft.pk,
        "method": "roll_call",
        "majority_rule": "",
    }
    response = admin_client.post("/admin/resolutions/ballot/add/", data)
    assert response.status_code == 302
    assert Ballot.objects.get().majority_rule == "two_thirds_present_voting"
    admission = admin_client.post(
        "/admin/resolutions/ballot/add/",
        {
            "session": session91.pk,
            "question": "admission",
            "method": "secret",
            "subject_en": "Admission of Palau",
            "majority_rule": "",
        },
    )
    assert admission.status_code == 302
    assert Ballot.objects.get(question="admission").majority_rule == "two_thirds_present_voting"
    withdrawn = circulated_draft(session91, "Gone")
    services.draft_withdraw(draft=withdrawn)
    refused = admin_client.post("/admin/resolutions/ballot/add/", {**data, "draft": withdrawn.pk})
    assert refused.status_code == 200
    assert "The draft is withdrawn: it cannot be put to the vote." in refused.content.decode()
    assert Ballot.objects.count() == 2

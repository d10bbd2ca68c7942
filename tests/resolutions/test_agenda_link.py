"""A draft belongs to an agenda item of its session; the archive filters by the item's themes."""

import datetime as dt
import io

import pytest
from django.core.exceptions import ValidationError
from django.db.models import ProtectedError

from agenda.models import AgendaItem, ProgrammeSlot, Theme
from assembly.models import AssemblySession
from resolutions import services

from .factories import accredit, circulated_draft, four, members, open_ballot

pytestmark = pytest.mark.django_db


def adopt(session, title, **kwargs):
    draft = circulated_draft(session, title, **kwargs)
    ballot = open_ballot(session, draft, method="consensus")
    services.ballot_close(ballot=ballot)
    draft.refresh_from_db()
    return draft


def theme(session, slug, title):
    return Theme.objects.create(
        session=session,
        slug=slug,
        title_en=f"{title} (en)",
        title_fr=f"{title} (fr)",
        title_es=f"{title} (es)",
        title_ar=f"{title} (ar)",
    )


def slot(session, slug, *themes, hour=9):
    start = dt.datetime.combine(session.start_date, dt.time(hour), tzinfo=session.tzinfo)
    created = ProgrammeSlot.objects.create(
        session=session,
        slug=slug,
        kind="plenary",
        title=slug,
        start=start,
        end=start + dt.timedelta(hours=1),
        status="published",
    )
    created.themes.set(themes)
    return created


def item(session, number, title, *slots):
    created = AgendaItem.objects.create(
        session=session,
        number=number,
        slug=f"item-{number.replace('.', '-')}",
        title_en=f"{title} (en)",
        title_fr=f"{title} (fr)",
        title_es=f"{title} (es)",
        title_ar=f"{title} (ar)",
        state="final",
    )
    created.slots.set(slots)
    return created


@pytest.fixture
def themed_archive(session91):
    """Two sessions; "budget" is a theme slug of both, "data" of the 91st only.

    Item 6.2 is debated in two slots with the budget theme (a plenary sitting and a panel):
    its resolution must still be listed once.
    """
    accredit(session91, "FR")
    session90 = AssemblySession.objects.get(number=90)
    budget91, data91 = theme(session91, "budget", "Budget"), theme(session91, "data", "Data")
    budget90 = theme(session90, "budget", "Old budget")
    theme(session91, "unused", "No resolution here")
    items = {
        "6.2": item(
            session91,
            "6.2",
            "Budget 2024",
            slot(session91, "plenary-budget", budget91),
            slot(session91, "panel-budget", budget91, hour=11),
        ),
        "7.1": item(session91, "7.1", "Data rules", slot(session91, "panel-data", data91)),
        "4": item(session91, "4", "Reports", slot(session91, "plenary-reports")),
        "90-6": item(session90, "6", "Finances", slot(session90, "plenary-finances", budget90)),
    }
    return {
        "budget": adopt(session91, "Budget", agenda_item=items["6.2"]),
        "data": adopt(session91, "Data", agenda_item=items["7.1"]),
        "reports": adopt(session91, "Reports", agenda_item=items["4"]),
        "old_budget": adopt(session90, "Old budget", agenda_item=items["90-6"]),
        "unlinked": adopt(session91, "No item"),
        "items": items,
    }


def references(response):
    return [resolution.title_en for resolution in response.context["page"]]


def test_a_draft_belongs_only_to_an_item_of_its_own_session(session91):
    session90 = AssemblySession.objects.get(number=90)
    other = item(session90, "6", "Finances")
    with pytest.raises(ValidationError) as refused:
        services.draft_save(
            session=session91, titles=four("Misfiled"), texts=four("<p>x</p>"), agenda_item=other
        )
    assert refused.value.message_dict["agenda_item"] == [
        "The agenda item 6 belongs to another session: choose an item of the draft's own session."
    ]
    assert not session91.draft_resolutions.exists()
    own = item(session91, "6", "Finances")
    draft = services.draft_save(
        session=session91, titles=four("Filed"), texts=four("<p>x</p>"), agenda_item=own
    )
    draft.refresh_from_db()
    assert draft.agenda_item == own
    assert list(own.draft_resolutions.all()) == [draft]


def test_an_item_with_a_resolution_cannot_be_deleted(session91):
    linked = item(session91, "6", "Finances")
    services.draft_save(
        session=session91, titles=four("Filed"), texts=four("<p>x</p>"), agenda_item=linked
    )
    with pytest.raises(ProtectedError):
        linked.delete()
    assert AgendaItem.objects.filter(pk=linked.pk).exists()


def test_detail_shows_the_agenda_item_in_the_visitors_language(client, themed_archive):
    reference = themed_archive["budget"].reference
    french = client.get(f"/fr/resolutions/{reference}/").content.decode()
    # The label is French, and so is the item's title.
    assert (
        '<p class="resolution__agenda-item"><a href="/fr/sessions/91/agenda/legal-agenda/">'
        "Point 6.2 de l’ordre du jour\u00a0: Budget 2024 (fr)</a></p>"
    ) in french
    arabic = client.get(f"/ar/resolutions/{reference}/").content.decode()
    assert "Budget 2024 (ar)" in arabic
    assert "Budget 2024 (en)" not in arabic
    printable = client.get(f"/en/resolutions/{reference}/print/").content.decode()
    assert '<p class="resolution__agenda-item">Agenda item 6.2: Budget 2024 (en)</p>' in printable


def test_detail_hides_an_item_closed_to_the_public(client, themed_archive):
    AgendaItem.objects.filter(number="6.2").update(is_public=False)
    html = client.get(f"/en/resolutions/{themed_archive['budget'].reference}/").content.decode()
    assert "Budget 2024" not in html


def test_filter_by_theme_returns_exactly_the_resolutions_debated_under_it(client, themed_archive):
    by_budget = client.get("/en/resolutions/", {"theme": "budget"})
    assert by_budget.status_code == 200
    # Both sessions' "budget" themes; the 6.2 resolution once despite its two budget slots.
    assert references(by_budget) == ["Budget (en)", "Old budget (en)"]
    by_data = client.get("/en/resolutions/", {"theme": "data"})
    assert references(by_data) == ["Data (en)"]
    combined = client.get("/en/resolutions/", {"theme": "budget", "session": "90"})
    assert references(combined) == ["Old budget (en)"]


def test_theme_select_lists_themes_with_resolutions_in_the_visitors_language(
    client, themed_archive
):
    response = client.get("/es/resolutions/")
    choices = response.context["form"].fields["theme"].widget.choices
    # The newest session's title for a shared slug; a theme without resolutions is left out.
    assert [(value, str(label)) for value, label in choices][1:] == [
        ("budget", "Budget (es)"),
        ("data", "Data (es)"),
    ]
    html = response.content.decode()
    assert '<option value="data">Data (es)</option>' in html


@pytest.mark.parametrize(
    "value",
    # (A control character in the query string is refused before the view: a 400.)
    ["unused", "no-such-theme", "x" * 500, "<script>alert(1)</script>", "caf\u00e9"],
)
def test_an_unknown_or_malformed_theme_is_ignored_with_a_notice(client, themed_archive, value):
    response = client.get("/en/resolutions/", {"theme": value})
    assert response.status_code == 200
    # Not filtered: every adopted resolution.
    assert len(response.context["page"]) == 5
    html = response.content.decode()
    assert "the list is not filtered by theme." in html
    assert "<script>alert(1)</script>" not in html


def test_list_with_and_without_theme_runs_a_fixed_number_of_queries(
    client, themed_archive, session91, django_assert_num_queries
):
    budget_item = themed_archive["items"]["6.2"]
    with django_assert_num_queries(4):
        client.get("/en/resolutions/")
    with django_assert_num_queries(4):
        client.get("/en/resolutions/", {"theme": "budget"})
    for n in range(6):
        adopt(session91, f"More {n}", agenda_item=budget_item)
    with django_assert_num_queries(4):
        response = client.get("/en/resolutions/")
    assert len(response.context["page"]) == 11
    with django_assert_num_queries(4):
        response = client.get("/en/resolutions/", {"theme": "budget"})
    assert len(response.context["page"]) == 8


def test_admin_offers_only_the_items_of_the_drafts_session(admin_client, themed_archive):
    draft = services.draft_save(
        session=themed_archive["budget"].session,
        titles=four("Editable"),
        texts=four("<p>x</p>"),
        sponsors=members("FR"),
    )
    response = admin_client.get(f"/admin/resolutions/draftresolution/{draft.pk}/change/")
    assert response.status_code == 200
    field = response.context["adminform"].form.fields["agenda_item"]
    assert sorted(i.number for i in field.queryset) == ["4", "6.2", "7.1"]
    assert "91 · 6.2. Budget 2024 (en)" in [label for _value, label in field.choices]


def test_demo_links_drafts_to_the_agenda_and_filters_by_theme(client, session91):
    from agenda import demo as agenda_demo
    from resolutions import demo

    agenda_demo.seed(stdout=io.StringIO())
    out = io.StringIO()
    demo.seed(stdout=out)
    assert "Agenda items of session 91 the drafts belong to: 6 found" in out.getvalue()
    linked = dict(session91.draft_resolutions.values_list("title_en", "agenda_item__number"))
    assert linked["Budget and programme of activities for 2024"] == "6.2"
    assert linked["Amendments to the Rules on the Processing of Data"] == "7.1"
    assert None not in linked.values()
    by_budget = client.get("/en/resolutions/", {"theme": "budget-2024"})
    assert [r.reference for r in by_budget.context["page"]] == ["GA-2023-91-RES-06"]
    by_data = client.get("/en/resolutions/", {"theme": "data-governance"})
    # The governance reform (item 7.2) was debated in the panel on governance and data rules.
    assert [r.reference for r in by_data.context["page"]] == [
        "GA-2023-91-RES-05",
        "GA-2023-91-RES-04",
        "GA-2023-91-RES-03",
    ]
    detail = client.get("/fr/resolutions/GA-2023-91-RES-06/").content.decode()
    assert "Budget et programme d’activités pour 2024" in detail


def test_item_title_is_escaped_on_the_detail_page(client, themed_archive):
    AgendaItem.objects.filter(number="6.2").update(title_en="Budget <i>2024</i> & more")
    html = client.get(f"/en/resolutions/{themed_archive['budget'].reference}/").content.decode()
    assert "Agenda item 6.2: Budget &lt;i&gt;2024&lt;/i&gt; &amp; more" in html


@pytest.mark.django_db(transaction=True)
def test_migration_links_existing_drafts_by_session_and_number(core_demo):
    """Drafts that stored a number are linked to the item of their own session with it."""
    from django.db import connection
    from django.db.migrations.executor import MigrationExecutor

    agenda = ("agenda", "0001_initial")
    before = [("resolutions", "0002_amendments_change_the_text"), agenda]
    after = [("resolutions", "0003_draft_belongs_to_an_agenda_item"), agenda]
    executor = MigrationExecutor(connection)
    executor.migrate(before)
    try:
        old_apps = executor.loader.project_state(before).apps
        Session = old_apps.get_model("assembly", "AssemblySession")
        Item = old_apps.get_model("agenda", "AgendaItem")
        Draft = old_apps.get_model("resolutions", "DraftResolution")
        s91, s90 = Session.objects.get(number=91), Session.objects.get(number=90)
        item91 = Item.objects.create(session=s91, number="6.2", slug="a", title="Budget")
        Item.objects.create(session=s90, number="6.2", slug="b", title="Old budget")
        drafts = {
            name: Draft.objects.create(session=s91, title=name, agenda_item_number=number).pk
            for name, number in [("linked", "6.2"), ("unknown", "99"), ("none", "")]
        }
    finally:
        executor = MigrationExecutor(connection)
        executor.migrate(after)
    try:
        new_apps = executor.loader.project_state(after).apps
        Draft = new_apps.get_model("resolutions", "DraftResolution")
        linked = dict(Draft.objects.values_list("pk", "agenda_item_id"))
    finally:
        # Every app back to its latest migration: the tests that follow on this database (and
        # the app servers some of them copy it for) need today's schema, not agenda 0001's.
        executor = MigrationExecutor(connection)
        executor.migrate(executor.loader.graph.leaf_nodes())
    assert linked == {drafts["linked"]: item91.pk, drafts["unknown"]: None, drafts["none"]: None}

"""The legal agenda's states and the list of speakers, with its live public page."""

import pytest
from django.core.exceptions import ValidationError

from agenda import services
from agenda.models import AgendaItem, FloorRequest
from assembly.models import AuditRecord, Country
from delegates.models import Delegation, ObserverOrganisation

TITLES = {
    "en": "Report on the activities",
    "fr": "Rapport sur les activités",
    "es": "Informe sobre las actividades",
    "ar": "تقرير عن الأنشطة",
}


@pytest.fixture
def item(session91):
    return services.agenda_item_create(
        session=session91, number="4.2", slug="item-4-2", titles=TITLES
    )


@pytest.fixture
def delegations(session91):
    countries = Country.objects.filter(iso_code__in=["AT", "BR", "JP"]).order_by("iso_code")
    by_iso = {
        c.iso_code: Delegation.objects.create(session=session91, country=c) for c in countries
    }
    unodc = ObserverOrganisation.objects.create(name="United Nations Office on Drugs and Crime")
    by_iso["UNODC"] = Delegation.objects.create(session=session91, organisation=unodc)
    return by_iso


def test_states_follow_the_rules_of_procedure_and_are_audited(item):
    with pytest.raises(ValidationError) as error:
        services.agenda_item_open_debate(item=item)
    assert error.value.messages == ["Item 4.2 is requested: it cannot become under debate."]
    services.agenda_item_make_provisional(item=item)
    services.agenda_item_make_final(item=item)
    services.agenda_item_open_debate(item=item)
    services.agenda_item_close(item=item)
    item.refresh_from_db()
    assert item.state == AgendaItem.State.CLOSED
    with pytest.raises(ValidationError):
        services.agenda_item_withdraw(item=item)
    trail = AuditRecord.objects.filter(target_id=str(item.pk), action__startswith="agenda_item.")
    assert [r.data.get("to") for r in trail.order_by("id")] == [
        None,
        "provisional",
        "final",
        "debated",
        "closed",
    ]


def test_withdrawal_before_the_debate_ends(item):
    services.agenda_item_make_provisional(item=item)
    services.agenda_item_withdraw(item=item, reason="The proposer withdrew it.")
    assert AgendaItem.objects.get(pk=item.pk).state == "withdrawn"
    record = AuditRecord.objects.get(action="agenda_item.withdrawn")
    assert record.reason == "The proposer withdrew it."


def _debated(item):
    services.agenda_item_make_provisional(item=item)
    services.agenda_item_make_final(item=item)
    services.agenda_item_open_debate(item=item)
    return item


def test_list_of_speakers_in_order_asked_then_staff_reorder(item, delegations):
    _debated(item)
    austria = services.floor_request_create(
        agenda_item=item, delegation=delegations["AT"], kind="statement"
    )
    brazil = services.floor_request_create(
        agenda_item=item, delegation=delegations["BR"], kind="statement"
    )
    japan = services.floor_request_create(
        agenda_item=item, delegation=delegations["JP"], kind="statement"
    )
    order = FloorRequest.objects.filter(agenda_item=item).order_by("position")
    assert [r.pk for r in order] == [austria.pk, brazil.pk, japan.pk]
    services.floor_request_move(request=japan, position=1)
    assert [r.pk for r in order.all()] == [japan.pk, austria.pk, brazil.pk]
    with pytest.raises(ValidationError) as error:
        services.floor_request_create(
            agenda_item=item, delegation=delegations["AT"], kind="statement"
        )
    assert "already on the list" in error.value.messages[0]


def test_closed_list_refuses_statements_but_not_points_of_order(item, delegations):
    _debated(item)
    services.speakers_list_close(item=item)
    with pytest.raises(ValidationError) as error:
        services.floor_request_create(
            agenda_item=item, delegation=delegations["AT"], kind="statement"
        )
    assert error.value.messages == ["The list of speakers on this item is closed."]
    reply = services.floor_request_create(
        agenda_item=item, delegation=delegations["AT"], kind="reply"
    )
    assert reply.kind == "reply"


def test_floor_on_an_item_not_yet_adopted_is_refused(item, delegations):
    with pytest.raises(ValidationError) as error:
        services.floor_request_create(
            agenda_item=item, delegation=delegations["AT"], kind="statement"
        )
    assert error.value.messages == ["The floor can be asked only on an item of the adopted agenda."]


def test_give_the_floor_and_mark_spoken_with_duration(item, delegations, client):
    _debated(item)
    assert (
        "No delegation has asked for the floor yet."
        in client.get("/en/agenda/live/").content.decode()
    )
    austria = services.floor_request_create(
        agenda_item=item, delegation=delegations["AT"], kind="statement"
    )
    unodc = services.floor_request_create(
        agenda_item=item, delegation=delegations["UNODC"], kind="statement"
    )
    services.floor_request_give_floor(request=austria)
    services.floor_request_mark_spoken(request=austria, duration_seconds=185)
    services.floor_request_give_floor(request=unodc)
    austria.refresh_from_db()
    assert (austria.status, austria.duration_seconds) == ("spoken", 185)
    page = client.get("/en/agenda/live/").content.decode()
    assert "4.2" in page and "Report on the activities" in page
    # The length of the speech in words (CLDR units), never "185 s".
    assert "Austria" in page and "spoke" in page and "3 minutes and 5 seconds" in page
    assert "United Nations Office on Drugs and Crime" in page and "(observer)" in page
    assert "has the floor" in page
    fragment = client.get("/en/agenda/live/?fragment=1").content.decode()
    assert "<html" not in fragment and "has the floor" in fragment


def test_live_page_without_debate(session91, client):
    page = client.get("/ar/agenda/live/").content.decode()
    assert '<html lang="ar" dir="rtl">' in page


def test_a_delegate_asks_for_the_floor_from_the_live_page(
    item, delegations, client, django_user_model
):
    from delegates.models import Person, Registration

    _debated(item)
    user = django_user_model.objects.create_user(
        username="hd", email="hd@example.org", password="x"
    )
    person = Person.objects.create(
        user=user, given_name="Anna", family_name="Huber", email="hd@example.org"
    )
    Registration.objects.create(
        session=item.session,
        person=person,
        email=person.email,
        delegation=delegations["AT"],
        category="head",
        status="approved",
    )
    client.force_login(user)
    page = client.get("/en/agenda/live/").content.decode()
    assert "Ask for the floor" in page
    response = client.post(f"/en/agenda/items/{item.slug}/ask-for-the-floor/", {"kind": "order"})
    assert response.status_code == 302
    request = FloorRequest.objects.get()
    assert (request.delegation, request.kind) == (delegations["AT"], "order")


def test_someone_without_a_delegation_cannot_ask(item, client, django_user_model):
    _debated(item)
    user = django_user_model.objects.create_user(username="x", email="x@example.org", password="x")
    client.force_login(user)
    response = client.post(
        f"/en/agenda/items/{item.slug}/ask-for-the-floor/", {"kind": "statement"}
    )
    assert response.status_code == 404
    assert FloorRequest.objects.count() == 0


def test_an_item_withheld_from_the_public_takes_no_floor_request(
    session91, delegations, client, django_user_model
):
    """A hidden item answers like a missing one (404), even to an approved head who knows the
    slug, and its list of speakers stays empty."""
    from delegates.models import Person, Registration

    hidden = services.agenda_item_create(
        session=session91, number="9", slug="hidden-item", titles=TITLES, is_public=False
    )
    _debated(hidden)
    user = django_user_model.objects.create_user(
        username="hd", email="hd@example.org", password="x"
    )
    person = Person.objects.create(
        user=user, given_name="Anna", family_name="Huber", email="hd@example.org"
    )
    Registration.objects.create(
        session=session91,
        person=person,
        email=person.email,
        delegation=delegations["AT"],
        category="head",
        status="approved",
    )
    client.force_login(user)
    response = client.post("/en/agenda/items/hidden-item/ask-for-the-floor/", {"kind": "order"})
    assert response.status_code == 404
    assert FloorRequest.objects.count() == 0


def test_agenda_item_page_with_documents_in_every_language(agenda_demo, client):
    page = client.get("/en/agenda/items/item-4-1-activities-2023/").content.decode()
    assert "Agenda item 4.1" in page
    assert "GA-2023-91-REP-01" in page
    assert "Second plenary sitting" in page
    legal = client.get("/fr/agenda/legal-agenda/").content.decode()
    assert legal.count('class="legal-agenda__item') == 23
    assert "Demande d’adhésion : Palaos" in legal

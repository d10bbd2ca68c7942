"""Side events with a capacity and a waiting list; stars and the personal calendar feed."""

import threading

import icalendar
import pytest
from django.core.exceptions import ValidationError
from django.db import connection

from agenda import services
from agenda.models import SideEventSignup

from .factories import at, make_slot


def _delegate(session, django_user_model, n: int):
    from assembly.models import Country
    from delegates.models import Person, Registration
    from delegates.services import delegation_for

    email = f"delegate{n}@example.org"
    user = django_user_model.objects.create_user(username=f"delegate{n}", email=email, password="x")
    person = Person.objects.create(user=user, given_name="Demo", family_name=f"D{n}", email=email)
    country = Country.objects.members().order_by("iso_code")[n]
    Registration.objects.create(
        session=session,
        person=person,
        email=email,
        delegation=delegation_for(session=session, country=country),
        category="delegate",
        status="approved",
    )
    return person


@pytest.fixture
def side_event(session91, rooms):
    return make_slot(
        session91,
        slug="forensics-demo",
        kind="side_event",
        titles={"en": "Forensics demo", "fr": "x", "es": "x", "ar": "x"},
        start=at(session91, 2, 12, 45),
        end=at(session91, 2, 13, 45),
        room=rooms[2],
        capacity=2,
    )


def test_past_capacity_delegates_wait_and_move_up_when_someone_cancels(
    session91, side_event, django_user_model
):
    people = [_delegate(session91, django_user_model, n) for n in range(4)]
    signups = [services.side_event_sign_up(slot=side_event, person=p) for p in people]
    assert [s.status for s in signups] == ["confirmed", "confirmed", "waitlisted", "waitlisted"]
    promoted = services.side_event_cancel(signup=signups[0])
    assert promoted.pk == signups[2].pk
    statuses = dict(SideEventSignup.objects.values_list("person_id", "status"))
    assert statuses == {
        people[0].pk: "cancelled",
        people[1].pk: "confirmed",
        people[2].pk: "confirmed",
        people[3].pk: "waitlisted",
    }
    # Leaving the waiting list promotes nobody.
    assert services.side_event_cancel(signup=signups[3]) is None


def test_one_sign_up_per_person_and_only_registered_delegates(
    session91, side_event, django_user_model
):
    from delegates.models import Person

    person = _delegate(session91, django_user_model, 1)
    services.side_event_sign_up(slot=side_event, person=person)
    with pytest.raises(ValidationError) as error:
        services.side_event_sign_up(slot=side_event, person=person)
    assert error.value.messages == ["You are already signed up for this side event."]
    stranger = Person.objects.create(given_name="No", family_name="Registration", email="n@x.org")
    with pytest.raises(ValidationError) as error:
        services.side_event_sign_up(slot=side_event, person=stranger)
    assert error.value.messages == ["Only delegates registered for the session can sign up."]


def test_sign_up_through_the_slot_page(session91, side_event, client, django_user_model):
    person = _delegate(session91, django_user_model, 7)
    client.force_login(person.user)
    page = client.get(f"/en/agenda/items/{side_event.slug}/").content.decode()
    assert "Sign up for this side event" in page and "0 of 2 taken" in page
    client.post(f"/en/agenda/items/{side_event.slug}/sign-up/")
    page = client.get(f"/en/agenda/items/{side_event.slug}/").content.decode()
    assert "Your seat is confirmed." in page and "1 of 2 taken" in page
    client.post(f"/en/agenda/items/{side_event.slug}/sign-up/cancel/")
    assert SideEventSignup.objects.get().status == "cancelled"


def test_anonymous_sign_up_goes_to_login(side_event, client):
    response = client.post(f"/en/agenda/items/{side_event.slug}/sign-up/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert SideEventSignup.objects.count() == 0


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_fifty_simultaneous_sign_ups_never_exceed_ten_seats(django_user_model):
    """SECURITY.md case 19: real threads, real row locks."""
    import io

    from assembly import demo
    from assembly.models import AssemblySession, Room

    demo.seed(stdout=io.StringIO())
    session = AssemblySession.objects.get(number=91)
    room = Room.objects.filter(venue__name_en="Austria Center Vienna").first()
    slot = make_slot(
        session,
        slug="crowded",
        kind="side_event",
        start=at(session, 1, 12, 45),
        end=at(session, 1, 13, 45),
        room=room,
        capacity=10,
    )
    people = [_delegate(session, django_user_model, n) for n in range(50)]
    barrier = threading.Barrier(50)
    errors, results = [], []

    def sign_up(person):
        try:
            barrier.wait()
            results.append(services.side_event_sign_up(slot=slot, person=person).status)
        except Exception as error:  # any failure is a defect here, collected for the assertion
            errors.append(repr(error))
        finally:
            connection.close()

    threads = [threading.Thread(target=sign_up, args=(p,)) for p in people]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(results).count("confirmed") == 10
    assert sorted(results).count("waitlisted") == 40
    assert SideEventSignup.objects.filter(slot=slot, status="confirmed").count() == 10


def test_stars_and_the_secret_calendar_feed(session91, programme, client, django_user_model):
    person = _delegate(session91, django_user_model, 3)
    client.force_login(person.user)
    slot = programme[1]
    client.post(f"/en/agenda/items/{slot.slug}/star/")
    page = client.get("/en/agenda/me/").content.decode()
    assert slot.title_en in page
    token = person.user.agenda_calendar_token.token
    assert f"/en/agenda/calendar/{token}.ics" in page
    client.logout()
    feed = client.get(f"/en/agenda/calendar/{token}.ics")
    assert feed["Cache-Control"] == "private, no-store"
    (event,) = icalendar.Calendar.from_ical(feed.content).walk("VEVENT")
    assert str(event["UID"]) == f"{slot.uid}@general-assembly"
    assert str(event["LOCATION"]) == "Hall A"
    # A new secret: the old address stops working.
    client.force_login(person.user)
    client.post("/en/agenda/me/calendar/regenerate/")
    assert client.get(f"/en/agenda/calendar/{token}.ics").status_code == 404
    # Starring again removes the star.
    client.post(f"/en/agenda/items/{slot.slug}/star/")
    assert "You have not added any slot yet" in client.get("/en/agenda/me/").content.decode()


def test_my_programme_needs_a_sign_in(client):
    assert client.get("/en/agenda/me/").status_code == 302

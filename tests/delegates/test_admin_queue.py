"""Working through a list of registrations (issue 11 B): a decision taken on a registration
opened from a list goes on with the next one awaiting a decision in that list, and the page has a
way back to the list as it was filtered."""

from urllib.parse import urlencode

import pytest
from django.urls import reverse

from assembly.roles import REGISTRATION_OFFICERS, roles_sync
from delegates.models import Registration

from .factories import _english, register  # noqa: F401  (autouse)
from .test_admin_decisions import page_url, staff

LIST = reverse("admin:delegates_registration_changelist")


@pytest.fixture
def waiting(session91, austria):
    """Three registrations awaiting a decision, the newest first as the list shows them."""
    roles_sync()
    people = [
        register(session=session91, country=austria, family_name=name)
        for name in ("Aigner", "Binder", "Claus")
    ]
    return sorted(people, key=lambda r: (r.created_at, r.pk), reverse=True)


def _from_list(registration, filters: str) -> str:
    return f"{page_url(registration)}?{urlencode({'_changelist_filters': filters})}"


def test_a_decision_opens_the_next_registration_of_the_list(client, waiting, session91):
    client.force_login(staff(REGISTRATION_OFFICERS))
    filters = f"session__id__exact={session91.pk}&status__exact=submitted"
    first, second, third = waiting

    page = client.get(_from_list(first, filters)).content.decode()
    assert 'name="_changelist_filters"' in page
    assert "Back to the list" in page and f'href="{LIST}?{filters}"'.replace("&", "&amp;") in page

    approve = reverse("admin:delegates_registration_approve", args=[first.pk])
    response = client.post(approve, {"_changelist_filters": filters})
    assert response.status_code == 302
    assert response["Location"] == _from_list(second, filters)

    reject = reverse("admin:delegates_registration_reject", args=[second.pk])
    response = client.post(reject, {"_changelist_filters": filters, "reason": "Twice."})
    assert response["Location"] == _from_list(third, filters)

    approve = reverse("admin:delegates_registration_approve", args=[third.pk])
    response = client.post(approve, {"_changelist_filters": filters})
    assert response["Location"] == f"{LIST}?{filters}"  # none left: the list itself
    statuses = [Registration.objects.get(pk=r.pk).status for r in waiting]
    assert statuses == ["approved", "rejected", "approved"]


def test_a_refused_decision_stays_on_the_registration(client, waiting, session91):
    client.force_login(staff(REGISTRATION_OFFICERS))
    filters = f"session__id__exact={session91.pk}&status__exact=submitted"
    first = waiting[0]
    reject = reverse("admin:delegates_registration_reject", args=[first.pk])
    response = client.post(reject, {"_changelist_filters": filters, "reason": "   "})
    assert response["Location"] == _from_list(first, filters)
    first.refresh_from_db()
    assert first.status == Registration.Status.SUBMITTED


def test_bad_list_filters_give_the_list_not_a_500(client, waiting):
    client.force_login(staff(REGISTRATION_OFFICERS))
    first = waiting[0]
    approve = reverse("admin:delegates_registration_approve", args=[first.pk])
    response = client.post(approve, {"_changelist_filters": "no_such_field__exact=1"})
    assert response.status_code == 302
    assert response["Location"] == f"{LIST}?no_such_field__exact=1"


def test_a_registration_opened_directly_stays_on_its_page(client, waiting):
    client.force_login(staff(REGISTRATION_OFFICERS))
    first = waiting[0]
    page = client.get(page_url(first)).content.decode()
    assert "Back to the list" in page and f'href="{LIST}"' in page
    approve = reverse("admin:delegates_registration_approve", args=[first.pk])
    response = client.post(approve)
    assert response["Location"] == page_url(first)

"""The admin's one bulk-action helper (``assembly.admin_writes.apply_to_each``): a refused row
does not stop the others, is left exactly as it was, and the officer reads the right counts."""

import pytest
from django.contrib import admin
from django.contrib.messages import get_messages
from django.contrib.messages.storage.fallback import FallbackStorage
from django.core.exceptions import ValidationError
from django.test import RequestFactory
from django.utils.translation import ngettext_lazy

from assembly.admin_writes import apply_to_each
from assembly.models import AuditRecord, Region
from delegates.models import Registration
from tests.delegates import staffdata

CHANGELIST = "/admin/delegates/registration/"


def _request():
    request = RequestFactory().post("/admin/")
    request.user = staffdata.user("root@example.org", superuser=True)
    request.session = {}
    request._messages = FallbackStorage(request)
    return request


def _rename_then_refuse_the_second(regions):
    """A call that writes, then is refused for one row: that row's write must not stay."""
    second = regions[1].pk

    def call(region):
        region.name_en = f"{region.name_en} (renamed)"
        region.save(update_fields=["name_en"])
        if region.pk == second:
            raise ValidationError("Refused for the test.")

    return call


def test_a_refused_row_is_rolled_back_and_the_others_still_go_through(db):
    regions = list(Region.objects.order_by("pk")[:3])
    names = {region.pk: region.name_en for region in regions}
    request = _request()
    done, refused = apply_to_each(
        admin.site._registry[Region],
        request,
        regions,
        _rename_then_refuse_the_second(regions),
        ngettext_lazy("%(count)d region renamed.", "%(count)d regions renamed.", "count"),
    )
    assert (done, refused) == (2, 1)
    stored = dict(Region.objects.filter(pk__in=names).values_list("pk", "name_en"))
    assert stored[regions[0].pk] == f"{names[regions[0].pk]} (renamed)"
    assert stored[regions[1].pk] == names[regions[1].pk]  # nothing half-saved
    assert stored[regions[2].pk] == f"{names[regions[2].pk]} (renamed)"
    assert [str(m) for m in get_messages(request)] == [
        "2 regions renamed.",
        "1 selected row was left unchanged:",
        f"{regions[1]}: Refused for the test.",
    ]


def test_nothing_done_says_no_success_and_counts_every_refusal(db):
    regions = list(Region.objects.order_by("pk")[:2])
    request = _request()

    def refuse(region):
        raise ValidationError("No.")

    assert apply_to_each(
        admin.site._registry[Region],
        request,
        regions,
        refuse,
        ngettext_lazy("%(count)d region renamed.", "%(count)d regions renamed.", "count"),
    ) == (0, 2)
    assert [str(m) for m in get_messages(request)] == [
        "2 selected rows were left unchanged:",
        f"{regions[0]}: No.",
        f"{regions[1]}: No.",
    ]


@pytest.fixture
def registrations(session91):
    from assembly.models import Country

    S = Registration.Status
    austria = staffdata.delegation(session91, country=Country.objects.get(iso_code="AT"))
    rows = {}
    for n, (family, status) in enumerate(
        [("Berger", S.SUBMITTED), ("Dubois", S.REJECTED), ("Ferreira", S.SUBMITTED)], start=1
    ):
        person = staffdata.person(n, family_name=family)
        rows[family] = staffdata.registration(
            session91, person, delegation_=austria, category="delegate", status=status
        )
    return rows


def test_the_admins_bulk_approval_goes_through_the_helper(client, registrations):
    client.force_login(staffdata.user("root@example.org", superuser=True))
    response = client.post(
        CHANGELIST,
        {
            "action": "approve_selected",
            "_selected_action": [r.pk for r in registrations.values()],
        },
        follow=True,
    )
    messages = [str(m) for m in response.context["messages"]]
    assert messages[:2] == ["2 registrations approved.", "1 selected row was left unchanged:"]
    assert len(messages) == 3 and "Dubois" in messages[2] and "cannot be approved" in messages[2]
    statuses = dict(Registration.objects.values_list("person__family_name", "status"))
    assert (statuses["Berger"], statuses["Dubois"], statuses["Ferreira"]) == (
        "approved",
        "rejected",
        "approved",
    )
    assert AuditRecord.objects.filter(action="registration.approve").count() == 2


def test_verifying_sign_in_addresses_counts_them_and_says_why_one_was_not(client, db):
    """The account admin's action (on ``ServiceModelAdmin`` too) goes through the helper."""
    from allauth.account.models import EmailAddress

    owner, other, third = (staffdata.user(f"{name}@example.org") for name in "abc")
    EmailAddress.objects.create(user=owner, email="shared@example.org", verified=True)
    taken = EmailAddress.objects.create(user=other, email="shared@example.org", verified=False)
    free = EmailAddress.objects.create(user=third, email="free@example.org", verified=False)
    client.force_login(staffdata.user("root@example.org", superuser=True))
    response = client.post(
        "/admin/account/emailaddress/",
        {"action": "make_verified", "_selected_action": [taken.pk, free.pk]},
        follow=True,
    )
    assert [str(m) for m in response.context["messages"]] == [
        "1 address marked as verified.",
        "1 selected row was left unchanged:",
        f"{taken}: Failed to mark shared@example.org as verified.",
    ]
    verified = EmailAddress.objects.filter(pk__in=[taken.pk, free.pk]).values_list(
        "email", "verified"
    )
    assert sorted(verified) == [("free@example.org", True), ("shared@example.org", False)]
    assert AuditRecord.objects.filter(action="email_address.verify").count() == 1

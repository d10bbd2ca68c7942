"""The audit trail in the admin: staff filter it by date, search it and export it."""

import csv
import io
from datetime import UTC, datetime

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from assembly.models import AuditRecord
from assembly.roles import REGISTRATION_OFFICERS, roles_sync
from assembly.services import audit_record


@pytest.fixture
def trail(session91, austria):
    officer = get_user_model().objects.create_user(
        username="officer", email="officer@example.org", password="x" * 20, is_staff=True
    )
    roles_sync()
    officer.groups.add(Group.objects.get(name=REGISTRATION_OFFICERS))
    for day, action, target in [
        (26, "credentials.accept", austria),
        (27, "registration.approve", session91),
        (28, "registration.reject", session91),
    ]:
        record = audit_record(actor=officer, action=action, target=target, reason="=HYPERLINK(1)")
        AuditRecord.objects.filter(pk=record.pk).update(at=datetime(2026, 11, day, 9, tzinfo=UTC))
    return officer


def _actions(html: str) -> list[str]:
    return [
        action
        for action in ("credentials.accept", "registration.approve", "registration.reject")
        if f'<td class="field-action">{action}</td>' in html
    ]


@pytest.mark.django_db
def test_staff_filter_the_trail_by_a_date_range(client, trail):
    client.force_login(trail)

    page = client.get(
        "/admin/assembly/auditrecord/",
        {"at__date__gte": "2026-11-27", "at__date__lte": "2026-11-27"},
    )

    assert page.status_code == 200
    assert _actions(page.content.decode()) == ["registration.approve"]
    assert 'value="2026-11-27"' in page.content.decode()


@pytest.mark.django_db
def test_a_malformed_date_is_ignored_not_a_server_error(client, trail):
    client.force_login(trail)

    page = client.get("/admin/assembly/auditrecord/", {"at__date__gte": "28/11/2026"})

    assert page.status_code == 200
    assert len(_actions(page.content.decode())) == 3


@pytest.mark.django_db
def test_staff_search_the_trail(client, trail):
    client.force_login(trail)

    page = client.get("/admin/assembly/auditrecord/", {"q": "credentials"})

    assert _actions(page.content.decode()) == ["credentials.accept"]


@pytest.mark.django_db
def test_the_export_is_csv_with_utc_times_and_no_formulas(client, trail):
    client.force_login(trail)
    ids = list(AuditRecord.objects.filter(reason__startswith="=").values_list("pk", flat=True))

    response = client.post(
        "/admin/assembly/auditrecord/",
        {"action": "export_csv", "_selected_action": ids},
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0][:3] == ["at (UTC)", "actor", "action"]
    assert [row[0] for row in rows[1:]] == [
        "2026-11-26T09:00:00+00:00",
        "2026-11-27T09:00:00+00:00",
        "2026-11-28T09:00:00+00:00",
    ]
    assert {row[6] for row in rows[1:]} == {"'=HYPERLINK(1)"}
    assert rows[1][3] == "assembly.country"


@pytest.mark.django_db
def test_the_trail_cannot_be_changed_even_by_a_superuser(client, trail):
    admin = get_user_model().objects.create_superuser(username="sg", password="x" * 20)
    client.force_login(admin)
    record = AuditRecord.objects.filter(reason__startswith="=").first()

    client.post(f"/admin/assembly/auditrecord/{record.pk}/delete/", {"post": "yes"})
    client.post(f"/admin/assembly/auditrecord/{record.pk}/change/", {"action": "forged"})

    record.refresh_from_db()
    assert record.action != "forged"
    assert AuditRecord.objects.filter(reason__startswith="=").count() == 3

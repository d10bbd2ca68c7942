"""The suite's snapshot of the database (tests/snapshot.py) gives back exactly what it took."""

import pytest
from django.contrib.contenttypes.models import ContentType

from assembly.models import AssemblySession, AuditRecord, Country
from tests.snapshot import Snapshot

pytestmark = pytest.mark.django_db


def test_a_snapshot_gives_back_every_row_and_new_rows_take_new_ids(core_demo):
    before = Snapshot.take()
    countries = list(Country.objects.order_by("pk").values())
    sessions = list(AssemblySession.objects.order_by("pk").values())
    kind = ContentType.objects.get_for_model(Country)
    record = AuditRecord.objects.create(action="test.before", target_type=kind, target_id="1")
    Country.objects.filter(iso_code="FR").update(name_en="Changed")
    AssemblySession.objects.all().delete()
    before.restore()
    assert list(Country.objects.order_by("pk").values()) == countries
    assert list(AssemblySession.objects.order_by("pk").values()) == sessions
    assert not AuditRecord.objects.filter(pk=record.pk).exists()
    # The sequences continue after the largest id put back: a new row takes a new id.
    again = AuditRecord.objects.create(action="test.after", target_type=kind, target_id="1")
    assert AuditRecord.objects.get(pk=again.pk).action == "test.after"

"""The reprint log: every badge printed from the admin is logged, numbered, audited; the A4 sheet
action prints eight badges per page."""

import io

from django.core.files.storage import storages
from pypdf import PdfReader

from assembly.models import AuditRecord, TaskBatch
from delegates import badges, services
from delegates.models import BadgePrint

from .test_admin import CHANGELIST, world  # noqa: F401  (fixture)


def _print(admin_client, action, registrations):
    return admin_client.post(
        CHANGELIST,
        {"action": action, "_selected_action": [r.pk for r in registrations]},
        follow=True,
    )


def _pdf_of_last_batch():
    batch = TaskBatch.objects.filter(kind=badges.BADGE_BATCH_KIND).latest("pk")
    with storages["private"].open(badges.badge_batch_file_name(batch.pk), "rb") as handle:
        return PdfReader(io.BytesIO(handle.read()))


def test_each_print_is_logged_and_a_second_one_is_a_reprint(admin_client, world):  # noqa: F811
    regs = world["registrations"]
    _print(admin_client, "print_badges", [regs["Adler"], regs["Elsayed"], regs["Berger"]])
    _print(admin_client, "print_badge_sheets", [regs["Adler"]])
    prints = BadgePrint.objects.order_by("registration__person__family_name", "number")
    rows = [(p.registration.person.family_name, p.number, p.layout, p.is_reprint) for p in prints]
    # Berger is not approved: no badge, no print.
    assert rows == [
        ("Adler", 1, "a6", False),
        ("Adler", 2, "sheet", True),
        ("Elsayed", 1, "a6", False),
    ]
    assert all(p.printed_by is not None and p.batch_id for p in prints)
    assert AuditRecord.objects.filter(action="badge.reprint").count() == 1
    assert AuditRecord.objects.filter(action="badge.print").count() == 2


def test_the_sheet_action_prints_eight_per_a4_page(admin_client, world):  # noqa: F811
    regs = world["registrations"]
    response = _print(admin_client, "print_badge_sheets", [regs["Adler"], regs["Elsayed"]])
    assert any("Badges printed" in str(m) for m in response.context["messages"])
    pages = _pdf_of_last_batch().pages
    assert len(pages) == 1
    assert round(float(pages[0].mediabox.width)) == 595
    text = pages[0].extract_text()
    assert "Adler" in text and "Elsayed" in text


def test_the_reprint_log_is_read_only_in_the_admin(admin_client, world):  # noqa: F811
    services.badge_prints_record(
        registrations=[world["registrations"]["Adler"]], layout="a6", actor=None, reason="Lost"
    )
    page = admin_client.get("/admin/delegates/badgeprint/")
    assert page.status_code == 200
    assert "Lost" in page.content.decode()
    assert admin_client.get("/admin/delegates/badgeprint/add/").status_code == 403


def test_an_unknown_layout_is_refused(world):  # noqa: F811
    import pytest
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.badge_prints_record(
            registrations=[world["registrations"]["Adler"]], layout="poster", actor=None
        )
    assert not BadgePrint.objects.exists()

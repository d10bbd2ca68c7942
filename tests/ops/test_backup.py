"""Backup and restore: nothing is lost (counts and checksums before and after)."""

import datetime
import hashlib

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.core.management.base import CommandError

from assembly.backup import database_fingerprint, files_fingerprint
from assembly.models import AuditRecord, Document, DocumentFile
from assembly.roles import REGISTRATION_OFFICERS, roles_sync
from assembly.services import audit_record
from delegates.models import Delegation, Person, Registration

PDF = b"%PDF-1.4\n% a document of the Assembly\n%%EOF\n"
LETTER = b"%PDF-1.4\n% letter of credentials, private\n%%EOF\n"


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


@pytest.fixture
def assembly_with_data(session91, austria):
    admin = get_user_model().objects.create_superuser(
        username="sg", email="sg@example.org", password="x" * 20
    )
    # Staff roles: groups whose permissions point at content types by natural key.
    roles_sync()
    admin.groups.add(Group.objects.get(name=REGISTRATION_OFFICERS))
    delegation = Delegation.objects.create(session=session91, country=austria)
    for number in range(12):
        person = Person.objects.create(
            given_name=f"Anna{number}",
            family_name="Gruber",
            email=f"anna{number}@bmi.gv.at",
            country=austria,
        )
        registration = Registration.objects.create(
            session=session91,
            person=person,
            email=person.email,
            delegation=delegation,
            category="delegate",
        )
        audit_record(actor=admin, action="registration.approve", target=registration)
    document = Document.objects.create(session=session91, title="Report of the Secretary General")
    DocumentFile.objects.create(
        document=document, language="en", file=ContentFile(PDF, name="report.pdf")
    )
    storages["private"].save("credentials/austria.pdf", ContentFile(LETTER))
    person = Person.objects.first()
    person.photo.save("anna.png", ContentFile(b"\x89PNG\r\n\x1a\n not really"), save=True)
    return admin


@pytest.mark.django_db(transaction=True)
def test_restore_brings_back_every_row_and_file(assembly_with_data, tmp_path):
    # Django's own JSON dump would cut this to the millisecond (and make it 09:00:00.000).
    exact = datetime.datetime(2023, 11, 28, 9, 0, 0, 500, tzinfo=datetime.UTC)
    first_record = AuditRecord.objects.order_by("pk").first()
    AuditRecord.objects.filter(pk=first_record.pk).update(at=exact)
    before_rows = database_fingerprint()
    before_files = files_fingerprint()
    assert before_rows["delegates.registration"]["rows"] == 12
    assert before_rows["assembly.auditrecord"]["rows"] >= 12
    assert before_rows["assembly.country"]["rows"] == 196
    assert before_rows["auth.group"]["rows"] == 4
    assert _sha(LETTER) in before_files["private"].values()
    assert _sha(PDF) in before_files["default"].values()
    archive = tmp_path / "assembly.tar.gz"

    call_command("backup", str(archive), stdout=open("/dev/null", "w"))  # noqa: SIM115

    # A disaster: rows deleted or changed, files lost or damaged.
    AuditRecord.objects.all().delete()
    Group.objects.get(name=REGISTRATION_OFFICERS).permissions.clear()
    Registration.objects.filter(person__given_name__in=["Anna1", "Anna2"]).delete()
    Registration.objects.filter(person__given_name="Anna3").update(status="rejected")
    DocumentFile.objects.get(document__title_en="Report of the Secretary General").file.delete(
        save=False
    )
    storages["private"].delete("credentials/austria.pdf")
    storages["private"].save("credentials/austria.pdf", ContentFile(b"tampered"))
    assert database_fingerprint() != before_rows

    call_command("restore", str(archive), "--no-input", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert database_fingerprint() == before_rows
    assert files_fingerprint() == before_files
    assert AuditRecord.objects.get(pk=first_record.pk).at == exact
    assert Registration.objects.filter(status="submitted").count() == 12
    assert AuditRecord.objects.filter(action="registration.approve").count() == 12
    with storages["private"].open("credentials/austria.pdf") as handle:
        assert handle.read() == LETTER
    officers = Group.objects.get(name=REGISTRATION_OFFICERS)
    assert officers.permissions.filter(codename="view_auditrecord").exists()
    # Restored users can still sign in (passwords are kept hashed, not reset).
    assert get_user_model().objects.get(username="sg").check_password("x" * 20)
    assert get_user_model().objects.get(username="sg").groups.get() == officers


@pytest.mark.django_db(transaction=True)
def test_a_corrupt_archive_is_refused_and_changes_nothing(assembly_with_data, tmp_path):
    import tarfile

    archive = tmp_path / "assembly.tar.gz"
    call_command("backup", str(archive), stdout=open("/dev/null", "w"))  # noqa: SIM115
    damaged = tmp_path / "damaged.tar.gz"
    with tarfile.open(archive) as source, tarfile.open(damaged, "w:gz") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name.startswith("files/private/"):
                data = b"bit rot"
                member.size = len(data)
            import io

            target.addfile(member, io.BytesIO(data))
    before = database_fingerprint()

    with pytest.raises(CommandError, match="missing or corrupt"):
        call_command("restore", str(damaged), "--no-input")

    assert database_fingerprint() == before

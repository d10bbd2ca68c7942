"""Background jobs: mail is retried and never lost silently; batches show their progress."""

import pytest
from django.contrib.auth import get_user_model
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction

from assembly import services
from assembly.models import OutboundMail, TaskBatch
from assembly.tasks import RETRY_DELAYS


@pytest.fixture(autouse=True)
def _eager(settings):
    from assembly.celery import app

    # No broker in the embedded default: tasks run in the process.
    assert app.conf.task_always_eager
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"


@pytest.mark.django_db(transaction=True)
def test_a_queued_mail_is_sent_after_commit_without_a_worker():
    with transaction.atomic():
        queued = services.outbound_mail_queue(
            to="anna.gruber@bmi.gv.at", subject="Your registration", body="Approved."
        )
        assert mail.outbox == []  # nothing leaves before the transaction commits

    queued.refresh_from_db()
    assert queued.status == "sent"
    assert queued.attempts == 1
    assert queued.sent_at is not None
    assert [(m.to, m.subject) for m in mail.outbox] == [
        (["anna.gruber@bmi.gv.at"], "Your registration")
    ]


@pytest.mark.django_db(transaction=True)
def test_a_rolled_back_transaction_sends_no_mail_and_keeps_no_row():
    with pytest.raises(RuntimeError), transaction.atomic():
        services.outbound_mail_queue(to="a@example.org", subject="Never", body="-")
        raise RuntimeError("the registration failed halfway")

    assert OutboundMail.objects.count() == 0
    assert mail.outbox == []


@pytest.mark.django_db(transaction=True)
def test_a_mail_that_keeps_failing_is_retried_then_kept_as_failed(settings, caplog):
    settings.EMAIL_BACKEND = "tests.ops.failing_mail.MailServerDown"

    queued = services.outbound_mail_queue(to="a@example.org", subject="Badge", body="-")

    queued.refresh_from_db()
    assert queued.status == "failed"
    assert queued.attempts == len(RETRY_DELAYS) + 1
    assert queued.last_error == "SMTPServerDisconnected: Connection unexpectedly closed"
    assert f"mail {queued.pk} failed after {queued.attempts} attempts" in caplog.text

    # The mail server is back: the secretariat sends it again.
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    call_command("send_queued_mail", "--failed", "--older-than", "0", stdout=open("/dev/null", "w"))  # noqa: SIM115
    queued.refresh_from_db()
    assert queued.status == "sent"
    assert len(mail.outbox) == 1


@pytest.mark.django_db(transaction=True)
def test_a_mail_the_broker_never_received_stays_queued(monkeypatch, caplog):
    from kombu.exceptions import OperationalError

    from assembly.tasks import send_mail_task

    def broker_down(*args, **kwargs):
        raise OperationalError("Error 111 connecting to 127.0.0.1:6379. Connection refused.")

    monkeypatch.setattr(send_mail_task, "delay", broker_down)

    queued = services.outbound_mail_queue(to="a@example.org", subject="Badge", body="-")

    queued.refresh_from_db()
    assert queued.status == "queued"
    assert "stays in the outbound mail table" in caplog.text
    monkeypatch.undo()
    call_command("send_queued_mail", "--older-than", "0", stdout=open("/dev/null", "w"))  # noqa: SIM115
    queued.refresh_from_db()
    assert queued.status == "sent"


@pytest.mark.django_db
def test_a_batch_counts_its_items_and_closes_itself():
    batch = services.task_batch_start(kind="badges", label="Badges, 91st session", total=400)
    for number in range(120):
        services.task_batch_advance(batch_id=batch.pk, failed=number == 7, error="no photo")

    batch.refresh_from_db()
    assert str(batch.progress) == "120 of 400"
    assert (batch.done, batch.failed, batch.status) == (120, 1, "running")
    assert batch.errors == ["no photo"]
    for _number in range(280):
        services.task_batch_advance(batch_id=batch.pk)
    batch.refresh_from_db()
    assert (batch.done, batch.status) == (400, "failed")  # one badge failed: not "finished"
    assert batch.finished_at is not None
    with pytest.raises(ValidationError):
        services.task_batch_advance(batch_id=batch.pk)


@pytest.mark.django_db
def test_the_admin_shows_batch_progress(client):
    admin = get_user_model().objects.create_superuser(username="sg", password="x" * 20)
    batch = services.task_batch_start(kind="badges", label="Badges, 91st session", total=400)
    TaskBatch.objects.filter(pk=batch.pk).update(done=120)
    client.force_login(admin)

    page = client.get("/admin/assembly/taskbatch/")

    assert page.status_code == 200
    assert "120 of 400" in page.content.decode()


@pytest.mark.django_db(transaction=True)
def test_the_admin_sends_failed_mail_again(client, settings):
    settings.EMAIL_BACKEND = "tests.ops.failing_mail.MailServerDown"
    failed = services.outbound_mail_queue(to="a@example.org", subject="Badge", body="-")
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    admin = get_user_model().objects.create_superuser(username="sg", password="x" * 20)
    client.force_login(admin)

    listing = client.get("/admin/assembly/outboundmail/", {"status__exact": "failed"})
    assert "SMTPServerDisconnected" in listing.content.decode()
    client.post(
        "/admin/assembly/outboundmail/",
        {"action": "send_again", "_selected_action": [failed.pk]},
    )

    failed.refresh_from_db()
    assert failed.status == "sent"
    assert [m.subject for m in mail.outbox] == ["Badge"]


@pytest.mark.django_db
def test_staff_find_a_mail_by_recipient_or_subject(client):
    for address, subject in [("anna@bmi.gv.at", "Badge"), ("jean@interieur.gouv.fr", "Visa")]:
        OutboundMail.objects.create(to=[address], subject=subject, body="-")
    admin = get_user_model().objects.create_superuser(username="sg", password="x" * 20)
    client.force_login(admin)

    by_recipient = client.get("/admin/assembly/outboundmail/", {"q": "BMI.gv"}).content.decode()
    by_subject = client.get("/admin/assembly/outboundmail/", {"q": "visa"}).content.decode()

    assert "anna@bmi.gv.at" in by_recipient and "jean@interieur.gouv.fr" not in by_recipient
    assert "jean@interieur.gouv.fr" in by_subject and "anna@bmi.gv.at" not in by_subject


@pytest.mark.django_db(transaction=True)
def test_a_retry_lost_with_the_broker_is_sent_by_send_queued_mail():
    from datetime import timedelta

    from django.utils import timezone

    lost = OutboundMail.objects.create(
        to=["a@example.org"],
        subject="Lost retry",
        body="-",
        status="retrying",
        attempts=2,
        last_attempt_at=timezone.now() - timedelta(hours=3),
    )
    recent = OutboundMail.objects.create(
        to=["b@example.org"],
        subject="Retry due soon",
        body="-",
        status="retrying",
        attempts=1,
        last_attempt_at=timezone.now() - timedelta(minutes=1),
    )

    call_command("send_queued_mail", stdout=open("/dev/null", "w"))  # noqa: SIM115

    lost.refresh_from_db()
    recent.refresh_from_db()
    assert (lost.status, lost.attempts) == ("sent", 3)
    assert recent.status == "retrying"
    assert [m.subject for m in mail.outbox] == ["Lost retry"]

"""Background tasks of the core app: mail that is retried and never lost silently."""

import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.utils import timezone

from .celery import app
from .models import OutboundMail

logger = logging.getLogger(__name__)

# Back-off between attempts, in seconds: about an hour and a half of trying in all.
RETRY_DELAYS = (30, 120, 300, 900, 1800, 3600)


@app.task(bind=True, max_retries=len(RETRY_DELAYS), acks_late=True, ignore_result=True)
def send_mail_task(self, outbound_mail_id: int) -> str:
    """Send one OutboundMail: retried with back-off, marked failed (never dropped) at the end."""
    with transaction.atomic():
        mail = (
            OutboundMail.objects.select_for_update(skip_locked=True)
            .filter(pk=outbound_mail_id)
            .first()
        )
        if mail is None:
            # Another worker holds it, or it was deleted: either way nothing for us to do.
            return "skipped"
        if mail.status == OutboundMail.Status.SENT:
            return "already sent"  # a redelivered task (acks_late) never sends twice
        mail.attempts += 1
        mail.last_attempt_at = timezone.now()
        try:
            message = EmailMultiAlternatives(
                subject=mail.subject,
                body=mail.body,
                from_email=mail.from_email or settings.DEFAULT_FROM_EMAIL,
                to=mail.to,
            )
            if mail.html_body:
                message.attach_alternative(mail.html_body, "text/html")
            message.send(fail_silently=False)
        except Exception as error:  # any transport failure is retried, then recorded
            mail.last_error = f"{type(error).__name__}: {error}"[:2000]
            final = self.request.retries >= self.max_retries
            mail.status = OutboundMail.Status.FAILED if final else OutboundMail.Status.RETRYING
            mail.save(update_fields=["attempts", "last_attempt_at", "last_error", "status"])
            if final:
                logger.error(
                    "mail %s failed after %s attempts: %s",
                    mail.pk,
                    mail.attempts,
                    mail.last_error,
                    extra={"outbound_mail": mail.pk},
                )
                return "failed"
            logger.warning(
                "mail %s attempt %s failed, retrying: %s",
                mail.pk,
                mail.attempts,
                mail.last_error,
                extra={"outbound_mail": mail.pk},
            )
            delay = RETRY_DELAYS[min(self.request.retries, len(RETRY_DELAYS) - 1)]
            error_to_raise = error
        else:
            mail.status = OutboundMail.Status.SENT
            mail.sent_at = timezone.now()
            mail.last_error = ""
            mail.save(
                update_fields=["attempts", "last_attempt_at", "last_error", "status", "sent_at"]
            )
            return "sent"
    # Outside the transaction, so that the attempt is recorded before the retry is scheduled.
    raise self.retry(exc=error_to_raise, countdown=delay)

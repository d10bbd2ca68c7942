"""`manage.py send_queued_mail`: queue again the mail that the broker never received."""

from datetime import timedelta

from django.core.management.base import BaseCommand
from django.db.models import Q
from django.utils import timezone

from assembly.models import OutboundMail
from assembly.services import outbound_mail_requeue
from assembly.tasks import RETRY_DELAYS

# A retry is due at most an hour after its attempt; one still waiting after twice that was lost
# with the broker (a Redis restart without persistence, say).
STUCK_RETRY = timedelta(seconds=2 * max(RETRY_DELAYS))


class Command(BaseCommand):
    help = (
        "Queue again outbound mail still waiting after --older-than minutes (the broker was "
        "down when it was written) and retries that never came; with --failed, also the mail "
        "that failed every attempt."
    )

    def add_arguments(self, parser):
        parser.add_argument("--older-than", type=int, default=15, help="minutes (default 15)")
        parser.add_argument("--failed", action="store_true", help="also send failed mail again")

    def handle(self, *args, older_than: int, failed: bool, **options):
        statuses = [OutboundMail.Status.QUEUED]
        if failed:
            statuses.append(OutboundMail.Status.FAILED)
        cutoff = timezone.now() - timedelta(minutes=older_than)
        waiting = OutboundMail.objects.filter(
            Q(status__in=statuses, created_at__lte=cutoff)
            | Q(
                status=OutboundMail.Status.RETRYING,
                last_attempt_at__lte=timezone.now() - STUCK_RETRY,
            )
        )
        count = 0
        for mail in waiting.iterator():
            outbound_mail_requeue(mail=mail)
            count += 1
        self.stdout.write(f"{count} mail queued again.")

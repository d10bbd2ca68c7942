"""The Celery application: Redis as the broker when configured, eager in-process otherwise."""

import os

from celery import Celery, signals

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "assembly.settings")

app = Celery("assembly")
# Every CELERY_* name in settings.py configures Celery (see the `# --- operations ---` block).
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()


@signals.worker_init.connect
def _refuse_without_a_broker(**kwargs):
    """Without a broker the app runs tasks itself; a worker would only find Celery's default
    (a local AMQP server) and wait there for tasks that never come."""
    from django.conf import settings

    if not settings.CELERY_BROKER_URL:
        raise SystemExit(
            "No broker is configured (CELERY_BROKER_URL and REDIS_URL are unset): tasks run "
            "eagerly inside the app, no worker is needed. Set CELERY_BROKER_URL or REDIS_URL "
            "to run workers."
        )

"""The Celery application: Redis as the broker when configured, eager in-process otherwise."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "assembly.settings")

app = Celery("assembly")
# Every CELERY_* name in settings.py configures Celery (see the `# --- operations ---` block).
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()

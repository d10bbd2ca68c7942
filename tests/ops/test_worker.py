"""A real Celery worker on the Redis broker sends the mail a service queued."""

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
import redis
from django.db import connection

from assembly.models import OutboundMail

PROJECT = Path(__file__).resolve().parents[2]
BROKER = os.environ.get("OPS_TEST_REDIS", "redis://127.0.0.1:6379") + "/7"


@pytest.mark.postgres
@pytest.mark.django_db(transaction=True)
def test_a_worker_on_the_broker_sends_queued_mail(tmp_path):
    try:
        redis.Redis.from_url(BROKER, socket_connect_timeout=2).flushdb()
    except redis.ConnectionError:
        if os.environ.get("CI"):
            pytest.fail("Redis on 127.0.0.1:6379 is needed in CI")
        pytest.skip("Redis is not available")
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": (
            f"postgres://{db['USER']}@{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
        ),
        "CELERY_BROKER_URL": BROKER,
        "DJANGO_SECRET_KEY": uuid.uuid4().hex,
        "DJANGO_EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
    }
    log = tmp_path / "worker.log"
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "assembly", "worker", "--pool", "solo"]
        + ["--queues", "assembly", "--loglevel", "INFO"],
        cwd=PROJECT,
        env=env,
        stdout=log.open("wb"),
        stderr=subprocess.STDOUT,
    )
    try:
        # An app server with CELERY_BROKER_URL queues it (its own process, as in production).
        queued = subprocess.run(
            [sys.executable, "manage.py", "shell", "-c"]
            + [
                "from assembly.services import outbound_mail_queue; "
                "print(outbound_mail_queue(to='secretariat@example.org', "
                "subject='Worker check', body='Hello').pk)"
            ],
            cwd=PROJECT,
            env=env,
            capture_output=True,
            text=True,
            timeout=120,
        )
        assert queued.returncode == 0, queued.stderr
        mail = OutboundMail.objects.get(pk=int(queued.stdout.strip().splitlines()[-1]))
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            mail.refresh_from_db()
            if mail.status == OutboundMail.Status.SENT:
                break
            assert worker.poll() is None, log.read_text()
            time.sleep(0.5)
        assert mail.status == "sent", log.read_text()
        assert mail.attempts == 1
        assert "Subject: Worker check" in log.read_text()
    finally:
        worker.terminate()
        worker.wait(timeout=20)

"""gunicorn settings for an app server: `gunicorn -c deploy/gunicorn.conf.py assembly.wsgi`.

Every value can be changed by the environment (GUNICORN_*); docs/DEPLOYMENT.md explains them.
"""

import multiprocessing
import os
import sys

wsgi_app = "assembly.wsgi:application"
bind = os.environ.get("GUNICORN_BIND", "127.0.0.1:8000")
# Django requests are mostly CPU (templates) with short database waits: 2 × cores + 1 sync
# workers keep every core busy while some wait on PostgreSQL.
workers = int(os.environ.get("GUNICORN_WORKERS", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "1"))
worker_class = "gthread" if threads > 1 else "sync"
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "30"))
graceful_timeout = 30
keepalive = 5
# Recycle workers now and then: a slow leak never takes a server down during the Assembly.
max_requests = int(os.environ.get("GUNICORN_MAX_REQUESTS", "2000"))
max_requests_jitter = max_requests // 10
# nginx in front terminates TLS and sets X-Forwarded-Proto; trust it only from the proxies.
forwarded_allow_ips = os.environ.get("DJANGO_TRUSTED_PROXIES", "127.0.0.1") or "127.0.0.1"
accesslog = os.environ.get("GUNICORN_ACCESS_LOG", "-") or None
access_log_format = (
    '{"time":"%(t)s","remote":"%(h)s","method":"%(m)s","path":"%(U)s","status":%(s)s,'
    '"bytes":"%(B)s","duration_ms":%(M)s,"request_id":"%({x-request-id}o)s"}'
)
errorlog = "-"
loglevel = os.environ.get("GUNICORN_LOG_LEVEL", "info")
# Where a worker keeps its heartbeat: memory, not a possibly slow disk.
_SHM = "/dev/shm"  # noqa: S108 - gunicorn's own advice for the heartbeat files
worker_tmp_dir = _SHM if os.path.isdir(_SHM) else None


def on_starting(server):
    """Refuse to start, with a clear message, when the database, Redis or the broker that the
    environment names cannot be reached: a silent fallback would lose data."""
    if os.environ.get("DJANGO_STARTUP_CHECK", "1").lower() in {"0", "false", "no", "off"}:
        return
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "assembly.settings")
    sys.path.insert(0, os.getcwd())
    import django

    django.setup()
    from django.core.cache import caches
    from django.db import connections

    from assembly.health import startup_problems

    problems = startup_problems()
    # The master must not hand its connections to the workers it forks.
    connections.close_all()
    caches.close_all()
    if problems:
        for problem in problems:
            server.log.error("startup check failed: %s", problem)
        sys.stderr.write(
            "The app server does not start: "
            + " ".join(problems)
            + " (DJANGO_STARTUP_CHECK=0 skips this check.)\n"
        )
        sys.exit(3)

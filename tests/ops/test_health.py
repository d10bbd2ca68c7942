"""Readiness, bad configuration, request ids and JSON logs, the client's address."""

import json
import logging
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import RequestFactory

from assembly.logging import JsonFormatter, RequestIdFilter
from assembly.net import client_ip

PROJECT = Path(__file__).resolve().parents[2]
DEAD = "redis://127.0.0.1:1/5"  # nothing listens on port 1


@pytest.mark.django_db
def test_readyz_is_ok_in_the_embedded_default(client):
    page = client.get("/readyz")

    assert page.status_code == 200
    assert page.json() == {
        "status": "ok",
        "failed": [],
        "checks": {"database": "ok", "cache": "ok", "broker": "eager"},
    }
    assert "no-cache" in page["Cache-Control"]


@pytest.mark.django_db
def test_readyz_names_an_unreachable_broker(client, settings):
    settings.CELERY_BROKER_URL = DEAD
    settings.OPS_CHECK_TIMEOUT = 1

    page = client.get("/readyz")

    assert page.status_code == 503
    body = page.json()
    assert body["failed"] == ["broker"]
    assert body["checks"]["database"] == "ok"
    assert "Connection refused" in body["checks"]["broker"]


@pytest.mark.django_db
def test_readyz_names_an_unreachable_cache(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": DEAD,
            "OPTIONS": {"socket_connect_timeout": 1},
        }
    }

    page = client.get("/readyz")

    assert page.status_code == 503
    assert page.json()["failed"] == ["cache"]


def _environment(**overrides) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL", "CELERY_"))
    }
    env["DJANGO_SITE_URL"] = "https://assembly.example.org"
    env.update(overrides)
    return env


def _manage(*args, env) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_an_unreachable_redis_stops_the_start_with_a_clear_message(tmp_path):
    env = _environment(
        DJANGO_SECRET_KEY="x" * 60,
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        REDIS_URL=DEAD,
        DJANGO_CHECK_TIMEOUT="1",
    )

    result = _manage("check", env=env)

    assert result.returncode == 1
    assert "(assembly.E101) The Redis cache at redis://127.0.0.1:1/5 cannot be reached" in (
        result.stderr
    )
    assert "(assembly.E102) The task broker at redis://127.0.0.1:1/5" in result.stderr


def test_a_wrong_database_url_is_named_by_the_database_check(tmp_path):
    env = _environment(
        DJANGO_SECRET_KEY="x" * 60,
        DATABASE_URL="postgres://postgres@127.0.0.1:1/assembly",
    )

    result = _manage("check", "--database", "default", env=env)

    assert result.returncode == 1
    assert "(assembly.E103) The database “default” cannot be reached" in result.stderr


def test_gunicorn_refuses_to_start_against_an_unreachable_redis(tmp_path):
    env = _environment(
        DJANGO_SECRET_KEY="x" * 60,
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
        REDIS_URL=DEAD,
        DJANGO_CHECK_TIMEOUT="1",
    )

    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "-c",
            "deploy/gunicorn.conf.py",
            "--bind",
            "127.0.0.1:0",
        ],
        cwd=PROJECT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert result.returncode == 3
    assert "The app server does not start: The Redis cache at redis://127.0.0.1:1/5" in (
        result.stderr
    )
    assert "Check REDIS_URL" in result.stderr


def test_check_deploy_is_silent_with_production_settings(tmp_path):
    env = _environment(
        DJANGO_SECRET_KEY="k8#Vq2!pX9zR4wL7mN3bT6yH1cF5gJ0dS8aE2uI4oP7rW9eQ3tY6",
        DJANGO_ALLOWED_HOSTS="assembly.example.org",
        DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}",
    )

    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=env)

    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "System check identified no issues (0 silenced)."
    assert result.stderr == ""


def test_request_ids_are_kept_from_the_proxy_or_made(client):
    made = client.get("/healthz")
    kept = client.get("/healthz", HTTP_X_REQUEST_ID="0f8fad5bd9cb469fa16570867728950e")
    forged = client.get("/healthz", HTTP_X_REQUEST_ID="<script>alert(1)</script>")

    assert len(made["X-Request-ID"]) == 32
    assert kept["X-Request-ID"] == "0f8fad5bd9cb469fa16570867728950e"
    assert forged["X-Request-ID"] != "<script>alert(1)</script>"


def test_log_lines_are_json_with_the_request_id():
    from assembly.logging import _request_id

    record = logging.LogRecord("assembly", logging.WARNING, __file__, 1, "mail %s", (7,), None)
    record.outbound_mail = 7
    token = _request_id.set("0f8fad5bd9cb469fa16570867728950e")
    try:
        RequestIdFilter().filter(record)
    finally:
        _request_id.reset(token)

    line = json.loads(JsonFormatter().format(record))

    assert line["message"] == "mail 7"
    assert line["level"] == "WARNING"
    assert line["request_id"] == "0f8fad5bd9cb469fa16570867728950e"
    assert line["outbound_mail"] == 7
    assert line["time"].endswith("+00:00")


@pytest.mark.parametrize(
    ("remote", "forwarded", "expected"),
    [
        # Not from a proxy: X-Forwarded-For is the client's own word, ignored.
        ("203.0.113.9", "198.51.100.1", "203.0.113.9"),
        # From the proxy: the address the proxy appended, whatever the client wrote before it.
        ("10.0.0.2", "198.51.100.1, 203.0.113.9", "203.0.113.9"),
        # Two proxies in a row (a CDN network, then nginx).
        ("10.0.0.2", "203.0.113.9, 192.0.2.77", "203.0.113.9"),
        # From the proxy without a header: the proxy itself.
        ("10.0.0.2", "", "10.0.0.2"),
        # Garbage in the chain stops the walk: nothing left of it is believed.
        ("10.0.0.2", "198.51.100.1, not-an-ip", "10.0.0.2"),
        ("10.0.0.2", "2001:db8::5", "2001:db8::5"),
    ],
)
def test_client_ip_believes_x_forwarded_for_only_from_trusted_proxies(
    settings, remote, forwarded, expected
):
    settings.TRUSTED_PROXIES = ["10.0.0.2", "192.0.2.0/24"]
    request = RequestFactory().get("/", REMOTE_ADDR=remote, HTTP_X_FORWARDED_FOR=forwarded)

    assert client_ip(request) == expected


def test_a_request_not_from_a_proxy_cannot_claim_https_or_another_address(settings):
    from assembly.net import TrustedProxyMiddleware

    settings.TRUSTED_PROXIES = ["10.0.0.2"]
    seen = {}

    def view(request):
        seen.update(
            remote=request.META["REMOTE_ADDR"],
            secure=request.is_secure(),
        )

    middleware = TrustedProxyMiddleware(view)
    factory = RequestFactory()
    middleware(
        factory.get(
            "/",
            REMOTE_ADDR="203.0.113.9",
            HTTP_X_FORWARDED_PROTO="https",
            HTTP_X_FORWARDED_FOR="1.2.3.4",
        )
    )
    assert seen == {"remote": "203.0.113.9", "secure": False}

    middleware(
        factory.get(
            "/",
            REMOTE_ADDR="10.0.0.2",
            HTTP_X_FORWARDED_PROTO="https",
            HTTP_X_FORWARDED_FOR="1.2.3.4",
        )
    )
    assert seen == {"remote": "1.2.3.4", "secure": True}


PRINT_SETTINGS = """
import json, django
django.setup()
from django.conf import settings
print(json.dumps({
    "session": settings.SESSION_ENGINE,
    "cache": settings.CACHES["default"]["BACKEND"],
    "eager": settings.CELERY_TASK_ALWAYS_EAGER,
    "broker": settings.CELERY_BROKER_URL,
    "storage": settings.STORAGES["default"]["BACKEND"],
    "private": settings.STORAGES["private"].get("OPTIONS", {}),
}, default=str))
"""


def _settings(**env) -> dict:
    result = subprocess.run(
        [sys.executable, "-c", PRINT_SETTINGS],
        cwd=PROJECT,
        env=_environment(
            DJANGO_SECRET_KEY="x" * 60, DJANGO_SETTINGS_MODULE="assembly.settings", **env
        ),
        capture_output=True,
        text=True,
        timeout=60,
        check=True,
    )
    return json.loads(result.stdout)


def test_the_embedded_default_keeps_sessions_in_the_database_and_runs_tasks_eagerly():
    values = _settings()

    assert values["session"] == "django.contrib.sessions.backends.db"
    # Rate limits in a table of the database: shared by every worker (SECURITY.md 28).
    assert values["cache"] == "django.core.cache.backends.db.DatabaseCache"
    assert values["eager"] is True
    assert values["storage"] == "django.core.files.storage.FileSystemStorage"


def test_with_redis_sessions_cache_and_tasks_are_shared():
    values = _settings(REDIS_URL="redis://cache.internal:6379/0")

    assert values["session"] == "django.contrib.sessions.backends.cached_db"
    assert values["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert values["eager"] is False
    assert values["broker"] == "redis://cache.internal:6379/0"
    separate = _settings(
        REDIS_URL="redis://cache.internal:6379/0", CELERY_BROKER_URL="redis://queue:6379/1"
    )
    assert separate["broker"] == "redis://queue:6379/1"


def test_the_upload_storage_is_a_setting():
    values = _settings(
        DJANGO_STORAGE_BACKEND="django.core.files.storage.InMemoryStorage",
        DJANGO_STORAGE_OPTIONS='{"location": "uploads"}',
        DJANGO_PRIVATE_STORAGE_OPTIONS='{"location": "private-uploads"}',
    )

    assert values["storage"] == "django.core.files.storage.InMemoryStorage"
    assert values["private"] == {"location": "private-uploads"}


READYZ = """
import django
django.setup()
from django.test import Client
response = Client().get("/readyz")
print(response.status_code, response.json()["failed"])
"""


def test_readyz_names_an_unreachable_database():
    result = subprocess.run(
        [sys.executable, "-c", READYZ],
        cwd=PROJECT,
        env=_environment(
            DJANGO_SECRET_KEY="x" * 60,
            DJANGO_SETTINGS_MODULE="assembly.settings",
            DJANGO_ALLOWED_HOSTS="testserver",
            DJANGO_HTTPS="0",
            DATABASE_URL="postgres://postgres@127.0.0.1:1/assembly",
        ),
        capture_output=True,
        text=True,
        timeout=60,
    )

    # Without Redis the cache (rate limits) is a table of that database: unreachable with it.
    assert result.stdout.strip() == "503 ['cache', 'database']", result.stderr[-2000:]

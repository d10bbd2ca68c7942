"""The settings contract: environment variables, production refusal, check --deploy."""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PRODUCTION = {
    "DJANGO_SECRET_KEY": "p" * 20 + "Xy7!kQ2#mZ9@vB4$nR8%tL1^wE5&hJ3*uC6(",
    "DJANGO_ALLOWED_HOSTS": "assembly.example.org",
    "DJANGO_SITE_URL": "https://assembly.example.org",
    "DATABASE_URL": "postgres://assembly@db.example.org:5432/assembly",
}


def _manage(*args: str, env: dict[str, str]) -> subprocess.CompletedProcess:
    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_"))}
    clean.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=clean,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_check_deploy_is_silent_with_production_settings():
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=PRODUCTION)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues (0 silenced)." in result.stdout
    assert "WARNINGS" not in result.stdout + result.stderr


def test_production_refuses_to_start_without_a_secret_key():
    env = {k: v for k, v in PRODUCTION.items() if k != "DJANGO_SECRET_KEY"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off" in result.stderr


def test_production_refuses_to_start_without_a_site_address():
    """Links in mails and exports are built from DJANGO_SITE_URL, never from the request."""
    env = {k: v for k, v in PRODUCTION.items() if k != "DJANGO_SITE_URL"}
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "DJANGO_SITE_URL must be set when DJANGO_DEBUG is off" in result.stderr


@pytest.mark.parametrize(
    "address", ["assembly.example.org", "https://assembly.example.org/assembly", "ftp://x"]
)
def test_a_site_address_that_is_not_an_origin_is_refused(address):
    result = _manage("check", env={**PRODUCTION, "DJANGO_SITE_URL": address})
    assert result.returncode != 0
    assert "DJANGO_SITE_URL must be a scheme and a host" in result.stderr


def test_development_has_a_default_site_address():
    result = _manage(
        "shell",
        "-c",
        "from django.conf import settings; print(settings.SITE_URL)",
        env={"DJANGO_DEBUG": "1"},
    )
    assert result.stdout.strip().splitlines()[-1] == "http://127.0.0.1:8000", result.stderr


@pytest.mark.parametrize(
    "env,expected",
    [
        ({}, "sqlite3"),
        ({"DATABASE_URL": "postgres://u@h:5432/n"}, "postgresql"),
    ],
)
def test_database_url_chooses_the_engine(env, expected):
    code = "from django.conf import settings; print(settings.DATABASES['default']['ENGINE'])"
    result = _manage("shell", "-c", code, env={"DJANGO_DEBUG": "1", **env})
    assert result.stdout.strip().endswith(expected), result.stderr


def test_redis_url_switches_the_cache():
    code = "from django.conf import settings; print(settings.CACHES['default']['BACKEND'])"
    local = _manage("shell", "-c", code, env={"DJANGO_DEBUG": "1"})
    shared = _manage(
        "shell", "-c", code, env={"DJANGO_DEBUG": "1", "REDIS_URL": "redis://h:6379/1"}
    )
    assert local.stdout.strip().endswith("django.core.cache.backends.db.DatabaseCache")
    assert shared.stdout.strip().endswith("django.core.cache.backends.redis.RedisCache")


def test_the_https_redirect_goes_to_the_site_address_not_the_requested_port():
    script = (
        "from django.test import Client; "
        "r = Client().get('/healthz/x', HTTP_HOST='assembly.example.org:6666', "
        "HTTP_X_FORWARDED_PROTO='https'); print(r.status_code, r['Location'])"
    )
    result = _manage("shell", "-c", script, env={**PRODUCTION, "DATABASE_URL": "sqlite://"})
    status, location = result.stdout.strip().splitlines()[-1].split()
    assert status == "301", result.stderr
    assert location == "https://assembly.example.org/healthz/x"

"""`manage.py check --deploy` with production settings prints nothing (SECURITY.md 16)."""

import os
import secrets
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def check_deploy(**env: str) -> subprocess.CompletedProcess:
    production = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL", "REDIS_URL"))
    }
    production.update(
        DJANGO_SECRET_KEY=secrets.token_urlsafe(60),
        DJANGO_ALLOWED_HOSTS="assembly.example.org",
        DJANGO_SITE_URL="https://assembly.example.org",
        DJANGO_SETTINGS_MODULE="assembly.settings",
    )
    production.update(env)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=production,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_check():
    result = check_deploy()
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_the_deploy_check_sees_a_weak_setup():
    """Without HTTPS the same check complains: the test above would notice a regression."""
    result = check_deploy(DJANGO_HTTPS="0")
    assert result.returncode != 0
    assert "SECURE_SSL_REDIRECT" in result.stdout + result.stderr


def test_the_deploy_check_sees_a_plain_http_site_address():
    """Links in mails are built from DJANGO_SITE_URL (SECURITY.md 27): HTTPS only."""
    result = check_deploy(DJANGO_SITE_URL="http://assembly.example.org")
    assert result.returncode != 0
    assert "assembly.W110" in result.stdout + result.stderr

"""Health of the services the app depends on: /readyz, system checks and the startup check."""

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.core import checks
from django.core.cache import cache
from django.db import connections
from django.http import JsonResponse
from django.utils.crypto import get_random_string
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

logger = logging.getLogger(__name__)


def _describe(url: str) -> str:
    """A service URL without its password, for messages."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    port = f":{parts.port}" if parts.port else ""
    return f"{parts.scheme}://{host}{port}{parts.path}"


def _error(error: Exception) -> str:
    return f"{type(error).__name__}: {error}".strip()[:300]


def check_database(alias: str = "default") -> str | None:
    """None when the database answers, else why not."""
    try:
        with connections[alias].cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # whatever the driver raises, the answer is "unreachable"
        return _error(error)
    return None


def check_cache() -> str | None:
    key = f"readyz:{get_random_string(12)}"
    try:
        cache.set(key, "1", timeout=10)
        value = cache.get(key)
        cache.delete(key)
    except Exception as error:
        return _error(error)
    if value != "1":
        return "the cache did not return what was just written"
    return None


def broker_url() -> str:
    return settings.CELERY_BROKER_URL or ""


def check_broker() -> str | None:
    """None when the broker answers (or none is configured: tasks run eagerly)."""
    url = broker_url()
    if not url:
        return None
    timeout = settings.OPS_CHECK_TIMEOUT
    try:
        if url.startswith(("redis://", "rediss://", "unix://")):
            import redis

            client = redis.Redis.from_url(
                url, socket_connect_timeout=timeout, socket_timeout=timeout
            )
            try:
                client.ping()
            finally:
                client.close()
        else:
            from kombu import Connection

            with Connection(url, connect_timeout=timeout) as connection:
                connection.ensure_connection(max_retries=1, interval_start=0, timeout=timeout)
    except Exception as error:
        return _error(error)
    return None


def readiness() -> dict[str, str]:
    """The state of each service: "ok", "eager" (no broker configured) or the error."""
    state = {
        "database": check_database() or "ok",
        "cache": check_cache() or "ok",
        "broker": (check_broker() or "ok") if broker_url() else "eager",
    }
    return state


@never_cache
@require_GET
def readyz(request):
    """200 when every service answers; 503 naming the one that failed (load balancers use it)."""
    state = readiness()
    failed = sorted(name for name, value in state.items() if value not in {"ok", "eager"})
    if failed:
        logger.error("not ready: %s", ", ".join(failed), extra={"readiness": state})
        return JsonResponse({"status": "error", "failed": failed, "checks": state}, status=503)
    return JsonResponse({"status": "ok", "failed": [], "checks": state})


def startup_problems() -> list[str]:
    """What is wrong with the configured services, in words an operator can act on."""
    problems = []
    database = settings.DATABASES["default"]
    if error := check_database():
        where = f"{database.get('ENGINE', '').rsplit('.', 1)[-1]} database “{database.get('NAME')}”"
        if database.get("HOST"):
            where += f" on {database['HOST']}:{database.get('PORT') or 'default port'}"
        problems.append(f"The {where} cannot be reached ({error}). Check DATABASE_URL.")
    if settings.REDIS_URL and (error := check_cache()):
        problems.append(
            f"The Redis cache at {_describe(settings.REDIS_URL)} cannot be reached ({error}). "
            "Check REDIS_URL: sessions and rate limits depend on it."
        )
    if broker_url() and (error := check_broker()):
        problems.append(
            f"The task broker at {_describe(broker_url())} cannot be reached ({error}). "
            "Check CELERY_BROKER_URL (or REDIS_URL): mail and batches are queued there."
        )
    return problems


@checks.register("services")
def check_shared_services(app_configs=None, **kwargs):
    """Redis and the broker, when configured, must answer: no silent fallback to local state."""
    errors = []
    if settings.REDIS_URL and (error := check_cache()):
        errors.append(
            checks.Error(
                f"The Redis cache at {_describe(settings.REDIS_URL)} cannot be reached: {error}",
                hint="Check REDIS_URL; unset it only on a single server.",
                id="assembly.E101",
            )
        )
    if broker_url() and (error := check_broker()):
        errors.append(
            checks.Error(
                f"The task broker at {_describe(broker_url())} cannot be reached: {error}",
                hint="Check CELERY_BROKER_URL (or REDIS_URL), or unset both to run tasks eagerly.",
                id="assembly.E102",
            )
        )
    return errors


@checks.register(checks.Tags.database)
def check_database_reachable(app_configs=None, databases=None, **kwargs):
    """Runs with `check --database default` and before `migrate`: a wrong DATABASE_URL."""
    errors = []
    for alias in databases or []:
        if error := check_database(alias):
            errors.append(
                checks.Error(
                    f"The database “{alias}” cannot be reached: {error}",
                    hint="Check DATABASE_URL.",
                    id="assembly.E103",
                )
            )
    return errors

"""SECURITY.md 28: failures counted at the same moment by several workers are all counted.

The counters live in the database cache without Redis, whose ``incr`` is a read then a write:
two workers counting at once must not both write the same number (real threads, PostgreSQL).
"""

import threading

import pytest
from django.db import connection

from delegates.security import count_failures, failures

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]


def test_simultaneous_failures_are_all_counted():
    keys = ["admin-login-failures:test:concurrent"]
    ready = threading.Barrier(8)
    errors = []

    def fail():
        try:
            ready.wait(timeout=10)
            count_failures(keys, window=300)
        except Exception as error:  # noqa: BLE001 - reported below
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=fail) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    assert errors == []
    assert failures(keys[0]) == 8

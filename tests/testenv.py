"""Loaded by pytest before Django starts (`-p tests.testenv`): the suite's environment."""

import os

# Tests run with DEBUG off like production; only the secret key needs a harmless value.
os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-not-a-secret")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# The test client speaks plain HTTP; the HTTPS settings are checked by `check --deploy` tests.
os.environ.setdefault("DJANGO_HTTPS", "0")

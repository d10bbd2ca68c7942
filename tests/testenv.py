"""Loaded by pytest before Django starts (`-p tests.testenv`): the suite's environment."""

import os
import tempfile

# Tests run with DEBUG off like production; only the secret key needs a harmless value.
os.environ.setdefault("DJANGO_SECRET_KEY", "tests-only-not-a-secret")
os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost,127.0.0.1")
# Links in mails and exports are built from the site address, as the test client sees it.
os.environ.setdefault("DJANGO_SITE_URL", "http://testserver")
# The test client speaks plain HTTP; the HTTPS settings are checked by `check --deploy` tests.
os.environ.setdefault("DJANGO_HTTPS", "0")
# Uploads made by the suite (demo photos and documents included) never land in the project, and
# each process has its own folders: pytest-xdist's workers inherit the controller's environment,
# and a test that counts the stored files must not see another worker's.
_uploads = tempfile.mkdtemp(prefix="assembly-tests-")
os.environ["MEDIA_ROOT"] = os.path.join(_uploads, "media")
os.environ["PRIVATE_MEDIA_ROOT"] = os.path.join(_uploads, "private")

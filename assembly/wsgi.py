"""WSGI entry point, served by gunicorn in production."""

import gc
import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "assembly.settings")
application = get_wsgi_application()
# Everything loaded so far (Django, the URL patterns, the templates' libraries) lives as long as
# the worker: out of the collector's sight, a full collection during a request no longer walks
# it (about a sixth of the CPU of a page made afresh; tests/bench).
gc.freeze()

"""The General Assembly platform: project package and core app."""

# Load the Celery application with Django, so that @shared_task in every app binds to it.
from .celery import app as celery_app

__all__ = ["celery_app"]

"""Settings of the load test: production settings, less what a single test address would trip.

Every virtual user of the load test comes from 127.0.0.1, so allauth's per-address limits
(20 sign-ups an hour) would turn the test into a test of the rate limiter. Mails are dropped.
"""

from assembly.settings import *  # noqa: F403

ACCOUNT_RATE_LIMITS = False
EMAIL_BACKEND = "django.core.mail.backends.dummy.EmailBackend"

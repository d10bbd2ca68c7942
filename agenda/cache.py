"""The key of a cached public page: language, full path and the programme version."""

import hashlib

from . import services

# A minute: the "now and next" marker of a cached page is never more than a minute late.
PAGE_CACHE_SECONDS = 60


def page_cache_key(language: str, full_path: str) -> str:
    digest = hashlib.sha256(full_path.encode()).hexdigest()[:32]
    return f"agenda:page:{services.programme_version()}:{language}:{digest}"

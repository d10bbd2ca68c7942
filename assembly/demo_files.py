"""The demo's data files: JSON under each app's ``demo_data/`` folder, read by its ``demo.py``.

Texts in the four working languages are objects keyed by language code (``{"en": …, "ar": …}``),
so a language is added to a file, never to code.
"""

import json
from functools import cache
from pathlib import Path
from typing import Any

from django.apps import apps


@cache
def _read(path: Path) -> Any:
    with path.open(encoding="utf-8") as handle:
        return json.load(handle)


def demo_data(app_label: str, name: str) -> Any:
    """The content of ``<app>/demo_data/<name>.json`` (read once per process)."""
    return _read(Path(apps.get_app_config(app_label).path) / "demo_data" / f"{name}.json")

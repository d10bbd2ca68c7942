"""Speakers' names of the demo in every working language (issue 13: Arabic script on Arabic pages).

Kept apart from ``agenda/demo.py`` (the programme's demo data) in ``demo_names.json``: the names
of the three officials as the seed page writes them in Arabic (كارل نيهامر، فرانز روف، أحمد ناصر
الريسي), and the fictitious speakers transliterated with their "(demo)" marker translated.
``seed_demo`` calls ``apply_demo_name_translations`` once every app has seeded; running it again
changes nothing.
"""

import json
from pathlib import Path

from django.db import transaction

from . import services
from .models import Speaker

DEMO_NAMES_FILE = Path(__file__).with_name("demo_names.json")


def demo_names() -> dict[str, dict[str, str]]:
    """Speaker slug → {language code: name} from ``demo_names.json``."""
    with DEMO_NAMES_FILE.open(encoding="utf-8") as handle:
        return json.load(handle)["speakers"]


@transaction.atomic
def apply_demo_name_translations(*, stdout=None) -> int:
    """Write the demo speakers' names in the other languages; returns how many speakers changed.

    Speakers missing from the database (a demo seeded without them) are skipped.
    """
    names = demo_names()
    changed = 0
    for speaker in Speaker.objects.filter(slug__in=names).order_by("slug"):
        before = {code: getattr(speaker, f"name_{code}") for code in names[speaker.slug]}
        services.speaker_names_set(speaker=speaker, names=names[speaker.slug])
        if before != {code: getattr(speaker, f"name_{code}") for code in names[speaker.slug]}:
            changed += 1
    if stdout is not None:
        stdout.write(f"Speakers' names in other scripts and languages: {changed} written")
    return changed

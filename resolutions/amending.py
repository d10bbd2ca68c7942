"""How an amendment changes a draft's text: its operative paragraphs and their replacement.

The operative paragraphs of a resolution are the items of its numbered lists (``<ol><li>``),
counted on from one list to the next; sub-paragraphs (lists nested inside an item) belong to
their paragraph. An amendment names one operative paragraph and gives its new wording, or names
none and gives the whole revised text. The text is sanitised (nh3) before it is stored, so the
tags are balanced and a small scanner is enough to find the paragraphs.
"""

import re

from django.core.exceptions import ValidationError
from django.utils.translation import ngettext

from .sanitise import clean_rich_text

_LIST_TAG = re.compile(r"<(/?)(ol|ul|li)\b[^>]*>", re.IGNORECASE)


def operative_paragraphs(html: str) -> list[tuple[int, int]]:
    """The (start, end) offsets of the inner HTML of each operative paragraph, in order."""
    spans: list[tuple[int, int]] = []
    lists: list[str] = []
    item_start: int | None = None
    for match in _LIST_TAG.finditer(html or ""):
        closing, tag = match.group(1), match.group(2).lower()
        if tag in ("ol", "ul"):
            if closing:
                if lists:
                    lists.pop()
            else:
                lists.append(tag)
        elif lists == ["ol"]:
            if not closing:
                item_start = match.end()
            elif item_start is not None:
                spans.append((item_start, match.start()))
                item_start = None
    return spans


def paragraph_text(html: str, number: int) -> str:
    """The inner HTML of operative paragraph ``number`` (from 1), or "" if there is none."""
    spans = operative_paragraphs(html)
    if not 1 <= number <= len(spans):
        return ""
    start, end = spans[number - 1]
    return html[start:end]


def check_paragraph(html: str, number: int | None) -> None:
    """Refuse a paragraph number the text does not have."""
    if number is None:
        return
    count = len(operative_paragraphs(html))
    if not 1 <= number <= count:
        raise ValidationError(
            ngettext(
                "The draft has %(count)d operative paragraph: there is no paragraph %(number)d.",
                "The draft has %(count)d operative paragraphs: there is no paragraph %(number)d.",
                count,
            )
            % {"count": count, "number": number}
        )


def apply_amendment(html: str, *, paragraph: int | None, replacement: str) -> tuple[str, str]:
    """The text once amended, and the part of it the amendment replaced.

    ``paragraph`` None replaces the whole text. The result goes through the allow-list again,
    so that an amendment can never bring in what the draft's own text could not hold.
    """
    replacement = clean_rich_text((replacement or "").strip())
    if paragraph is None:
        return replacement, html
    check_paragraph(html, paragraph)
    start, end = operative_paragraphs(html)[paragraph - 1]
    return clean_rich_text(html[:start] + replacement + html[end:]), html[start:end]

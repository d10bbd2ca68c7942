"""The allow-list that the rich text of resolutions goes through before it is stored (nh3)."""

import nh3

ALLOWED_TAGS = {
    "p",
    "br",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "ol",
    "ul",
    "li",
    "blockquote",
    "h3",
    "h4",
    "sup",
    "sub",
    "span",
}
ALLOWED_ATTRIBUTES = {"ol": {"type", "start"}, "span": {"lang", "dir"}, "p": {"dir"}}


def clean_rich_text(value: str) -> str:
    """Only the tags a resolution needs survive; scripts, links and styles are dropped."""
    if not value:
        return ""
    return nh3.clean(value, tags=ALLOWED_TAGS, attributes=ALLOWED_ATTRIBUTES, url_schemes=set())

"""The allow-list that the rich text of resolutions goes through before it is stored (nh3)."""

import re
from html import escape
from html.parser import HTMLParser

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


# The text the officers type: paragraphs separated by a blank line; a paragraph that starts with
# a number ("1. ", "2) ") is an operative paragraph. Numbers are counted again in order, so
# inserting a paragraph renumbers the rest. Anything else typed (even "<b>") is text.
_NUMBERED = re.compile(r"^(\d+)[.)]\s+(.*)$")
_BLANK_LINE = re.compile(r"\n[ \t]*\n")


def text_to_rich_text(text: str, *, inline: bool = False) -> str:
    """The stored HTML of a typed text: ``<p>`` paragraphs and ``<ol>`` operative paragraphs,
    through the allow-list. ``inline``: a single plain paragraph stays bare (the new wording of
    one operative paragraph goes inside its ``<li>``)."""
    blocks = _BLANK_LINE.split((text or "").replace("\r\n", "\n").replace("\r", "\n").strip())
    html: list[str] = []
    items: list[str] = []
    counted = 0

    def close_list():
        nonlocal counted
        if items:
            start = f' start="{counted + 1}"' if counted else ""
            html.append(f"<ol{start}>" + "".join(f"<li>{item}</li>" for item in items) + "</ol>")
            counted += len(items)
            items.clear()

    for block in blocks:
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if not lines:
            continue
        if _NUMBERED.match(lines[0]):
            for line in lines:
                numbered = _NUMBERED.match(line)
                if numbered:
                    items.append(escape(numbered.group(2)))
                else:
                    items[-1] += "<br>" + escape(line)
        else:
            close_list()
            html.append("<p>" + "<br>".join(escape(line) for line in lines) + "</p>")
    close_list()
    if inline and len(html) == 1 and html[0].startswith("<p>"):
        html[0] = html[0].removeprefix("<p>").removesuffix("</p>")
    return clean_rich_text("".join(html))


class _TextReader(HTMLParser):
    """Stored HTML back into the typed form (see ``text_to_rich_text``)."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.blocks: list[str] = []
        self.lists: list[str] = []
        self.number = 0

    def _new_block(self, prefix: str = "") -> None:
        self.blocks.append(prefix)

    def handle_starttag(self, tag, attrs):
        if tag in ("ol", "ul"):
            self.lists.append(tag)
        elif tag == "li":
            if self.lists == ["ol"]:
                self.number += 1
                self._new_block(f"{self.number}. ")
            else:
                self._write("\n- ")
        elif tag == "p":
            if not self.lists:
                self._new_block()
        elif tag == "br":
            self._write("\n")

    def handle_endtag(self, tag):
        if tag in ("ol", "ul") and self.lists:
            self.lists.pop()

    def _write(self, text: str) -> None:
        if not self.blocks:
            self.blocks.append("")
        self.blocks[-1] += text

    def handle_data(self, data):
        text = " ".join(data.split()) if not data.strip() else data.replace("\n", " ")
        if text.strip() or (self.blocks and self.blocks[-1]):
            self._write(text if text.strip() else " ")


def rich_text_to_text(html: str) -> str:
    """The typed form of stored HTML: what the officer sees in the form when editing."""
    reader = _TextReader()
    reader.feed(html or "")
    reader.close()
    return "\n\n".join(block.strip() for block in reader.blocks if block.strip())

"""Read a page's form back as a browser would submit it, to post it again with one value changed."""

from html.parser import HTMLParser


class _FormReader(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[dict] = []
        self._textarea: str | None = None
        self._select: str | None = None
        self._select_first: str | None = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form":
            self.forms.append({})
            return
        if not self.forms:
            return
        data = self.forms[-1]
        name = attrs.get("name")
        if tag == "input" and name:
            kind = attrs.get("type", "text")
            if kind in ("checkbox", "radio"):
                if "checked" in attrs:
                    data.setdefault(name, []).append(attrs.get("value", "on"))
            elif kind not in ("submit", "button", "file", "image", "reset"):
                data.setdefault(name, []).append(attrs.get("value") or "")
        elif tag == "textarea" and name:
            self._textarea = name
            data.setdefault(name, []).append("")
        elif tag == "select" and name:
            self._select = name
            self._select_first = None
            data.setdefault(name, [])
        elif tag == "option" and self._select:
            value = attrs.get("value", "")
            if self._select_first is None:
                self._select_first = value
            if "selected" in attrs:
                data[self._select].append(value)

    def handle_endtag(self, tag):
        if tag == "textarea":
            self._textarea = None
        elif tag == "select" and self._select:
            self._select = None

    def handle_data(self, text):
        if self._textarea and self.forms:
            values = self.forms[-1][self._textarea]
            values[-1] = (values[-1] + text).lstrip("\n")


def form_with(html: str, field: str) -> dict:
    """The fields of the page's form that holds ``field``, as the browser would send them."""
    reader = _FormReader()
    reader.feed(html)
    for data in reader.forms:
        if field in data:
            return {
                name: values if len(values) != 1 else values[0] for name, values in data.items()
            }
    raise AssertionError(f"no form with a field {field!r}")

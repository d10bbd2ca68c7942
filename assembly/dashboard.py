"""The back office's home page: the staff's work queues and charts for the current session.

Feature apps register panels in their AppConfig.ready(), as with ``assembly.sections``, so the
core app imports none of them. A panel receives the request and the current session (None before
there is one) and returns a list of ``Queue`` and ``Chart``; it runs a fixed number of queries
whatever the number of rows, and returns only what the user may view in the admin
(``may_view``): a queue links to a changelist the user can open.

Charts are drawn here as SVG geometry (``bar_chart``, ``column_chart``), mirrored for
right-to-left languages; the template draws them with a title, a description and a data table.
"""

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from urllib.parse import urlencode

from django.contrib import admin
from django.urls import reverse
from django.utils.translation import get_language_bidi, ngettext

from .selectors import current_session


@dataclass(frozen=True)
class Queue:
    """A number of things waiting for the staff, with the changelist that lists exactly them."""

    key: str
    label: str  # a sentence with the count in it (ngettext)
    count: int
    url: str


@dataclass(frozen=True)
class Chart:
    """Counts per label; ``kind`` is "bars" (categories) or "columns" (a time series)."""

    key: str
    title: str
    description: str
    label_heading: str
    value_heading: str
    rows: Sequence[tuple[str, int]]
    kind: str = "bars"
    svg: dict = field(default_factory=dict)


Panel = Callable[[object, object], list[Queue | Chart]]

_panels: list[tuple[int, Panel]] = []


def register_dashboard_panel(panel: Panel, *, order: int = 100) -> None:
    if all(existing is not panel for _order, existing in _panels):
        _panels.append((order, panel))
        _panels.sort(key=lambda pair: pair[0])


def may_view(request, model) -> bool:
    """What the model's admin answers: the dashboard shows what the changelist would show."""
    if not admin.site.is_registered(model):
        return False
    return admin.site.get_model_admin(model).has_view_permission(request)


def changelist_url(model, **filters) -> str:
    """The model's changelist filtered with its own list filters' query parameters."""
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    return f"{url}?{urlencode(filters)}" if filters else url


def dashboard(request) -> dict:
    """The queues and charts this user may see, for the current session."""
    session = current_session()
    rtl = get_language_bidi()
    queues: list[Queue] = []
    charts: list[Chart] = []
    for _order, panel in _panels:
        for item in panel(request, session):
            if isinstance(item, Queue):
                queues.append(item)
            else:
                draw = column_chart if item.kind == "columns" else bar_chart
                charts.append(replace(item, svg=draw(item.rows, rtl=rtl)))
    return {"session": session, "queues": queues, "charts": charts}


def days_between(counts: dict[date, int]) -> list[tuple[date, int]]:
    """Every day from the first to the last with a count, the days without one at zero."""
    if not counts:
        return []
    first, last = min(counts), max(counts)
    return [
        (first + timedelta(days=n), counts.get(first + timedelta(days=n), 0))
        for n in range((last - first).days + 1)
    ]


def failed_mail_queue(request, session) -> list[Queue | Chart]:
    """Mails the queue gave up on (any session's): sent again from their changelist."""
    from .models import OutboundMail

    if not may_view(request, OutboundMail):
        return []
    count = OutboundMail.objects.filter(status=OutboundMail.Status.FAILED).count()
    label = ngettext("%(count)d mail failed", "%(count)d mails failed", count) % {"count": count}
    url = changelist_url(OutboundMail, status__exact=OutboundMail.Status.FAILED)
    return [Queue("failed-mail", label, count, url)]


# --- drawing ---------------------------------------------------------------------------------

_WIDTH = 640
_BAR_HEIGHT = 20
_BAR_GAP = 8
_LABEL_WIDTH = 200
_VALUE_ROOM = 48


def bar_chart(rows: Sequence[tuple[str, int]], *, rtl: bool) -> dict:
    """Horizontal bars, labels at the start side (the right in Arabic), values after each bar."""
    top = max((value for _label, value in rows), default=0) or 1
    room = _WIDTH - _LABEL_WIDTH - _VALUE_ROOM
    bars = []
    for index, (label, value) in enumerate(rows):
        y = index * (_BAR_HEIGHT + _BAR_GAP)
        length = round(room * value / top)
        if rtl:
            x = _WIDTH - _LABEL_WIDTH - length
            label_x, value_x = _WIDTH - _LABEL_WIDTH + 8, x - 6
        else:
            x = _LABEL_WIDTH
            label_x, value_x = _LABEL_WIDTH - 8, x + length + 6
        bars.append(
            {
                "label": label,
                "value": value,
                "x": x,
                "y": y,
                "width": length,
                "height": _BAR_HEIGHT,
                "text_y": y + _BAR_HEIGHT - 5,
                "label_x": label_x,
                "value_x": value_x,
            }
        )
    height = max(len(rows) * (_BAR_HEIGHT + _BAR_GAP) - _BAR_GAP, _BAR_HEIGHT)
    return {
        "rtl": rtl,
        "width": _WIDTH,
        "height": height,
        "bars": bars,
        # With direction="rtl" the start of a text is its right end and its end the left end:
        # in both directions a label ends at its bar and a value starts after it.
        "label_anchor": "end",
        "value_anchor": "start",
    }


_COLUMNS_HEIGHT = 160
_AXIS_ROOM = 24


def column_chart(rows: Sequence[tuple[object, int]], *, rtl: bool) -> dict:
    """Columns over time, oldest at the start side (the right in Arabic); the first and the
    last day are written under the axis, the largest count above its column."""
    top = max((value for _label, value in rows), default=0) or 1
    slot = _WIDTH / max(len(rows), 1)
    width = max(slot * 0.8, 1)
    columns = []
    for index, (label, value) in enumerate(rows):
        position = (len(rows) - 1 - index) if rtl else index
        height = round((_COLUMNS_HEIGHT - 16) * value / top)
        columns.append(
            {
                "label": label,
                "value": value,
                "x": round(position * slot + (slot - width) / 2, 2),
                "y": _COLUMNS_HEIGHT - height,
                "width": round(width, 2),
                "height": height,
                "centre": round(position * slot + slot / 2, 2),
                "is_top": value == top,
            }
        )
    first, last = (columns[0], columns[-1]) if columns else (None, None)
    return {
        "rtl": rtl,
        "width": _WIDTH,
        "height": _COLUMNS_HEIGHT + _AXIS_ROOM,
        "axis_y": _COLUMNS_HEIGHT,
        "label_y": _COLUMNS_HEIGHT + 16,
        "columns": columns,
        "first": first,
        "last": last if last is not first else None,
        "first_anchor": "start",
        "last_anchor": "end",
        "first_x": _WIDTH if rtl else 0,
        "last_x": 0 if rtl else _WIDTH,
    }

"""Attendance per sitting: the staff's check-in at a sitting's door (camera or typed code) and
the report per sitting and region."""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import ValidationError
from django.db.models import Count, F
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from assembly.i18n import short_datetime
from assembly.models import Region
from assembly.selectors import current_session
from delegates.badges import photo_data_uri
from delegates.checkin import registration_for_token
from delegates.models import Attendance
from delegates.reports import NO_DELEGATION_ROW, OBSERVERS_ROW
from delegates.resources import csv_download
from delegates.staff_views import CheckInForm

from .models import ProgrammeSlot, SlotAttendance
from .services import SITTING_KINDS, slot_attendance_record

F_REGION = "registration__delegation__country__region"
F_ORGANISATION = "registration__delegation__organisation"


def sittings(session):
    """The sittings of ``session`` whose doors scan badges, in programme order."""
    return ProgrammeSlot.objects.filter(
        session=session, kind__in=SITTING_KINDS, status=ProgrammeSlot.Status.PUBLISHED
    ).order_by("start", "pk")


class SittingCheckInForm(CheckInForm):
    sitting = forms.ModelChoiceField(
        label=_("Sitting"), queryset=ProgrammeSlot.objects.none(), empty_label=None
    )
    field_order = ["sitting", "token"]

    def __init__(self, *args, session, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["sitting"].queryset = sittings(session)


@never_cache
@login_required
@permission_required("agenda.add_slotattendance", raise_exception=True)
@require_http_methods(["GET", "HEAD", "POST"])
def sitting_checkin(request):
    """Scan (camera) or type a badge code at a sitting's door: records the attendance once."""
    session = current_session()
    if session is None:
        raise Http404
    context: dict = {"result": None, "refusal": None, "sitting_page": True}
    status = 200
    form = SittingCheckInForm(request.POST or None, session=session)
    if request.method == "POST":
        if form.is_valid():
            sitting = form.cleaned_data["sitting"]
            token = form.cleaned_data["token"]
            try:
                result = slot_attendance_record(slot=sitting, token=token, actor=request.user)
            except ValidationError as error:
                context["refusal"] = error.messages[0]
                status = 400
                if error.code in ("not_approved", "other_session"):
                    context["refused_registration"] = registration_for_token(token)
            else:
                context["result"] = result
                context["photo"] = photo_data_uri(result.registration.person)
                context["first_checked_in_at"] = short_datetime(
                    result.attendance.checked_in_at, session.tzinfo
                )
            # The same sitting, an empty code: the next badge in the queue.
            form = SittingCheckInForm(initial={"sitting": sitting}, session=session)
        else:
            status = 400
    context["form"] = form
    return render(request, "delegates/staff/checkin.html", context, status=status)


@dataclass
class AttendanceRow:
    label: str
    cells: list[int]
    total: int = 0


@dataclass
class AttendanceTable:
    columns: list[str]
    rows: list[AttendanceRow] = field(default_factory=list)


def _region_key(row: dict) -> object:
    if row["region"] is not None:
        return row["region"]
    return "observers" if row["organisation"] is not None else "none"


def attendance_table(session) -> AttendanceTable:
    """People who came, per sitting (rows: the session's entrance first, then each sitting) and
    region (columns, then observers and the secretariat and media). Four queries whatever the
    number of sittings and scans."""
    regions = list(Region.objects.order_by("order", "code"))
    keys = [region.pk for region in regions] + ["observers", "none"]
    table = AttendanceTable(
        columns=[str(region.name) for region in regions]
        + [str(OBSERVERS_ROW), str(NO_DELEGATION_ROW)]
    )
    entrance = (
        Attendance.objects.filter(registration__session=session)
        .values(region=F(F_REGION), organisation=F(F_ORGANISATION))
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {_region_key(row): row["n"] for row in entrance}
    cells = [counts.get(key, 0) for key in keys]
    table.rows.append(AttendanceRow(str(_("Entrance of the session")), cells, sum(cells)))
    by_slot: dict[int, dict] = {}
    for row in (
        SlotAttendance.objects.filter(slot__session=session)
        .values("slot", region=F(F_REGION), organisation=F(F_ORGANISATION))
        .annotate(n=Count("pk"))
        .order_by()
    ):
        by_slot.setdefault(row["slot"], {})[_region_key(row)] = row["n"]
    for sitting in sittings(session):
        counts = by_slot.get(sitting.pk, {})
        cells = [counts.get(key, 0) for key in keys]
        label = f"{sitting.title} — {short_datetime(sitting.start, session.tzinfo)}"
        table.rows.append(AttendanceRow(label, cells, sum(cells)))
    return table


@never_cache
@login_required
@permission_required("agenda.view_slotattendance", raise_exception=True)
@require_http_methods(["GET", "HEAD"])
def attendance_report(request):
    """The attendance report of the current session, per sitting and region."""
    session = current_session()
    if session is None:
        raise Http404
    return render(
        request,
        "agenda/attendance_report.html",
        {"session": session, "table": attendance_table(session)},
    )


@never_cache
@login_required
@permission_required("agenda.view_slotattendance", raise_exception=True)
@require_http_methods(["GET", "HEAD"])
def attendance_report_csv(request):
    """The attendance report per sitting and region as a CSV for the secretariat (UTF-8 with a
    byte-order mark): the same rows and columns as the page, counts as plain numbers."""
    session = current_session()
    if session is None:
        raise Http404
    table = attendance_table(session)
    header = [str(_("Sitting")), *table.columns, str(_("Total"))]
    rows = ([row.label, *row.cells, row.total] for row in table.rows)
    return csv_download(f"attendance-{session.number}.csv", header, rows)

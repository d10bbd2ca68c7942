"""Public URLs of the agenda app (under the language prefix): the current session's programme."""

from django.urls import path, register_converter

from . import attendance, views


class IsoDateConverter:
    """yyyy-mm-dd; whether it is a real day of the session is the view's business (404)."""

    regex = r"[0-9]{4}-[0-9]{2}-[0-9]{2}"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value) -> str:
        return str(value)


register_converter(IsoDateConverter, "isodate")

app_name = "agenda"

# Shared with session_urls.py: the same pages for any session under /sessions/<number>/agenda/.
programme_patterns = [
    path("", views.programme, name="programme"),
    path("<isodate:day>/", views.day, name="day"),
    path("items/<slug:slug>/", views.slot_detail, name="slot"),
    path("items/<slug:slug>/agenda.ics", views.slot_ical, name="slot-ics"),
    path("items/<slug:slug>/star/", views.star_toggle, name="star"),
    path("items/<slug:slug>/sign-up/", views.sign_up, name="sign-up"),
    path("items/<slug:slug>/sign-up/cancel/", views.sign_up_cancel, name="sign-up-cancel"),
    path("items/<slug:slug>/ask-for-the-floor/", views.ask_for_floor, name="ask-floor"),
    path("speakers/", views.speaker_list, name="speakers"),
    path("speakers/<slug:slug>/", views.speaker_detail, name="speaker"),
    path("themes/", views.theme_list, name="themes"),
    path("themes/<slug:slug>/", views.theme_detail, name="theme"),
    path("changes/", views.changes, name="changes"),
    path("legal-agenda/", views.legal_agenda, name="legal-agenda"),
    path("live/", views.live, name="live"),
    path("print/", views.print_programme, name="print"),
    path("programme.pdf", views.programme_pdf, name="pdf"),
    path("agenda.ics", views.ical_export, name="ics"),
    path("schedule.json", views.schedule_json, name="schedule-json"),
    path("schedule.xml", views.schedule_xml, name="schedule-xml"),
]

urlpatterns = [
    *programme_patterns,
    path("me/", views.my_programme, name="my-programme"),
    path("me/calendar/regenerate/", views.calendar_regenerate, name="calendar-regenerate"),
    path("calendar/<str:token>.ics", views.calendar_feed, name="calendar-feed"),
    path("check-in/", attendance.sitting_checkin, name="sitting-checkin"),
    path("attendance/", attendance.attendance_report, name="attendance-report"),
    path("attendance.csv", attendance.attendance_report_csv, name="attendance-report-csv"),
]

"""Public pages of the core app: the session home pages, the list of sessions, health."""

from django.conf import settings
from django.db import connection
from django.http import Http404, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .models import AssemblySession
from .sections import render_sections
from .selectors import public_documents, session_for_page


def _session_page(request, session: AssemblySession | None):
    if session is None:
        raise Http404
    context = {
        "session": session,
        "documents": public_documents(session),
        "photos": session.photos.all(),
        "sections": render_sections(session),
    }
    return render(request, "assembly/session_detail.html", context)


@require_GET
def home(request):
    return _session_page(request, session_for_page())


@require_GET
def session_detail(request, number: int):
    return _session_page(request, session_for_page(number))


@require_GET
def session_list(request):
    sessions = list(AssemblySession.objects.select_related("host_country").order_by("-start_date"))
    closed = AssemblySession.Status.CLOSED
    groups = [
        (_("Current session"), [s for s in sessions if s.is_current]),
        (_("Coming sessions"), [s for s in sessions if not s.is_current and s.status != closed]),
        (_("Past sessions"), [s for s in sessions if not s.is_current and s.status == closed]),
    ]
    context = {"groups": groups, "has_sessions": bool(sessions)}
    return render(request, "assembly/session_list.html", context)


def _about_page(template: str):
    """A page of the footer (contact, privacy notice, accessibility statement): its text is in
    the template, translated through the catalogue."""

    @require_GET
    def view(request):
        return render(request, template, {"contact_email": settings.CONTACT_EMAIL})

    return view


contact = _about_page("assembly/contact.html")
privacy_notice = _about_page("assembly/privacy.html")
accessibility_statement = _about_page("assembly/accessibility.html")


@never_cache
@require_GET
def healthz(request):
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as error:  # any database failure makes the check fail, with its kind
        return JsonResponse(
            {"status": "error", "database": "unavailable", "error": type(error).__name__},
            status=503,
        )
    return JsonResponse({"status": "ok", "database": "ok"})

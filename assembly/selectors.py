"""Reads of the core app used by several views."""

from django.db.models import Prefetch

from .models import AssemblySession, Document, DocumentFile


def session_for_page(number: int | None = None) -> AssemblySession | None:
    """The session to show, with what its page needs, or None when there is no such session."""
    sessions = AssemblySession.objects.select_related("host_country", "venue")
    if number is None:
        return sessions.filter(is_current=True).first()
    return sessions.filter(number=number).first()


def public_documents(session: AssemblySession):
    return (
        Document.objects.filter(session=session, is_public=True)
        .prefetch_related(Prefetch("files", queryset=DocumentFile.objects.order_by("language")))
        .order_by("order", "id")
    )

"""Reads of the core app used by several views."""

from django.db.models import Prefetch

from .models import AssemblySession, Document, DocumentFile


def _sessions():
    return AssemblySession.objects.select_related("host_country", "venue")


def current_session() -> AssemblySession | None:
    """The session marked current (the database allows one at most), or None before there is one.

    The one place that answers "which session is it now?": the public pages, the portal, the
    badge desk and the back office's default session all ask here.
    """
    return _sessions().filter(is_current=True).first()


def current_session_only(*fields: str) -> AssemblySession | None:
    """``current_session()`` reading only ``fields``, in one query without joins (the
    programme and its exports show a handful of the session's columns)."""
    return AssemblySession.objects.only(*fields).filter(is_current=True).first()


def session_for_page(number: int | None = None) -> AssemblySession | None:
    """The session to show, with what its page needs, or None when there is no such session."""
    if number is None:
        return current_session()
    return _sessions().filter(number=number).first()


def public_documents(session: AssemblySession):
    return (
        Document.objects.filter(session=session, is_public=True)
        .prefetch_related(Prefetch("files", queryset=DocumentFile.objects.order_by("language")))
        .order_by("order", "id")
    )

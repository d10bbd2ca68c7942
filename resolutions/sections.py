"""What the resolutions app adds to a session's page: its adopted resolutions, and what became
of the drafts among the related documents."""

from django.utils.translation import gettext as _

from .models import DraftResolution
from .selectors import adopted_resolutions


def adopted_resolutions_section(session):
    """One query: the session's adopted resolutions in order of adoption, or nothing."""
    resolutions = list(
        adopted_resolutions().filter(session=session).order_by("adoption_number", "id")
    )
    if not resolutions:
        return None
    return "resolutions/session_section.html", {"resolutions": resolutions}


def draft_document_statuses(document_ids: list[int]) -> dict[int, dict]:
    """What became of the draft each document carries, in one query: adopted (with the
    resolution's reference and link), rejected, withdrawn, or the stage it has reached."""
    links = DraftResolution.documents.through.objects.filter(
        document_id__in=document_ids
    ).select_related("draftresolution")
    statuses = {}
    for link in links:
        draft = link.draftresolution
        if draft.status == DraftResolution.Status.ADOPTED and draft.public_reference:
            label = _("Draft adopted as %(reference)s") % {"reference": draft.public_reference}
            statuses[link.document_id] = {
                "label": label,
                "status": draft.status,
                "url": draft.get_absolute_url(),
            }
            continue
        label = {
            DraftResolution.Status.REJECTED: _("Draft rejected"),
            DraftResolution.Status.WITHDRAWN: _("Draft withdrawn"),
        }.get(draft.status) or _("Draft resolution: %(status)s") % {
            "status": draft.get_status_display()
        }
        statuses[link.document_id] = {"label": label, "status": draft.status, "url": ""}
    return statuses

"""Background tasks of the delegates app: a batch of badges rendered into one PDF."""

import logging

from django.core.files.base import ContentFile
from django.core.files.storage import storages

from assembly.celery import app
from assembly.services import task_batch_advance

from .badges import (
    LAYOUT_A6,
    LAYOUT_SHEET,
    badge_batch_file_name,
    badge_document,
    badge_registrations,
    badges_pdf,
    documents_pdf,
)
from .models import Registration

logger = logging.getLogger(__name__)


@app.task(ignore_result=True)
def badges_batch_render(batch_id: int, registration_ids: list[int], layout: str = LAYOUT_A6) -> str:
    """Render the badges of ``registration_ids`` (in that order) into one PDF in private
    storage, counting each badge on the batch ("120 of 400" in the admin); in ``layout``: a
    page per badge (A6) or eight per A4 sheet, the sheets made once every badge rendered alone.

    The last badge is counted only once the PDF is stored, so a finished batch always has its
    file. A badge that cannot be rendered is counted as failed (with its error) and left out.
    """
    by_pk = {
        registration.pk: registration
        for registration in badge_registrations(
            Registration.objects.filter(pk__in=registration_ids)
        )
    }
    documents = []
    rendered = []
    pending_last = None
    for index, pk in enumerate(registration_ids):
        last = index == len(registration_ids) - 1
        registration = by_pk.get(pk)
        if registration is None:
            error = f"registration {pk} is no longer approved"
            task_batch_advance(batch_id=batch_id, failed=True, error=error)
            continue
        try:
            documents.append(badge_document(registration))
            rendered.append(registration)
        except Exception as exc:  # one bad badge does not stop the batch
            logger.exception("badge of registration %s could not be rendered", pk)
            task_batch_advance(batch_id=batch_id, failed=True, error=f"{pk}: {exc}")
            continue
        if last:
            pending_last = pk
        else:
            task_batch_advance(batch_id=batch_id)
    if documents:
        try:
            storage = storages["private"]
            name = badge_batch_file_name(batch_id)
            if storage.exists(name):
                storage.delete(name)
            if layout == LAYOUT_SHEET:
                content = badges_pdf(rendered, layout=LAYOUT_SHEET)
            else:
                content = documents_pdf(documents)
            storage.save(name, ContentFile(content))
        except Exception as exc:
            logger.exception("badge batch %s could not be written", batch_id)
            if pending_last is not None:
                task_batch_advance(batch_id=batch_id, failed=True, error=f"PDF: {exc}")
            return "failed"
    if pending_last is not None:
        task_batch_advance(batch_id=batch_id)
    return "done"

"""Public uploads, served only while the object that publishes them is public (SECURITY.md 30).

A file under /media/ is not public because it exists in storage: it is served while a row that
publishes it says so (a public document's language file, a gallery photo, the photo of a
speaker in the public programme). Unpublishing the row, removing it or replacing its file makes
the URL answer 404 at once; shared caches must revalidate every time (``no-cache``), so none of
them keeps serving it. Each app registers the files it publishes, as it registers its sections.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.files.storage import default_storage
from django.db.models import Model, Q
from django.http import FileResponse, Http404, HttpResponseNotModified
from django.utils.cache import patch_cache_control
from django.utils.http import http_date
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.static import was_modified_since


@dataclass(frozen=True)
class PublicFiles:
    """Files stored in ``model.field``, public where the row matches ``published``."""

    model: type[Model]
    field: str
    published: Q


_registry: list[PublicFiles] = []


def register_public_files(model: type[Model], field: str, published: Q | None = None) -> None:
    _registry.append(PublicFiles(model=model, field=field, published=published or Q()))


def _visibility(name: str, user) -> str | None:
    """Whether the file is "public", seen by "staff" in the admin (unpublished), or None."""
    staff_may_see = False
    for entry in _registry:
        rows = entry.model._default_manager.filter(**{entry.field: name})
        if rows.filter(entry.published).exists():
            return "public"
        if user.is_authenticated and user.is_staff and rows.exists():
            opts = entry.model._meta
            if user.has_perm(f"{opts.app_label}.view_{opts.model_name}") or user.has_perm(
                f"{opts.app_label}.change_{opts.model_name}"
            ):
                staff_may_see = True
    return "staff" if staff_may_see else None


@require_safe
def public_media(request, path: str):
    visibility = _visibility(path, request.user)
    if visibility is None or not default_storage.exists(path):
        raise Http404(_("There is no such file."))
    try:
        modified = int(default_storage.get_modified_time(path).timestamp())
    except NotImplementedError:  # a storage that does not know: no conditional answer
        modified = None
    if modified is not None and not was_modified_since(
        request.headers.get("If-Modified-Since"), modified
    ):
        response = HttpResponseNotModified()
    else:
        response = FileResponse(default_storage.open(path, "rb"))
    if modified is not None:
        response["Last-Modified"] = http_date(modified)
    if visibility == "public":
        # Any cache may store it but must ask again before each use: an unpublished file is
        # gone at the next request, not when a max-age runs out.
        patch_cache_control(response, public=True, no_cache=True)
    else:
        patch_cache_control(response, private=True, no_store=True)
    return response

"""Error pages in the visitor's language, even for paths outside any language prefix."""

from django.conf import settings
from django.shortcuts import render
from django.utils import translation


def _language_of(request) -> str:
    prefix = request.path_info.lstrip("/").split("/", 1)[0]
    codes = {code for code, _name in settings.LANGUAGES}
    if prefix in codes:
        return prefix
    return translation.get_language_from_request(request) or settings.LANGUAGE_CODE


def page_not_found(request, exception=None):
    with translation.override(_language_of(request)):
        return render(request, "404.html", status=404)


def bad_request(request, exception=None):
    with translation.override(_language_of(request)):
        return render(request, "400.html", status=400)


def server_error(request):
    with translation.override(_language_of(request)):
        return render(request, "500.html", status=500)

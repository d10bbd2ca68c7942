"""Context shared by every page: the organisation's name and the language switcher."""

from django.conf import settings
from django.utils.translation import get_language_info


def site(request):
    return {
        "ORGANISATION_NAME": settings.ORGANISATION_NAME,
        "ORGANISATION_SHORT_NAME": settings.ORGANISATION_SHORT_NAME,
        "SWITCHER_LANGUAGES": [
            {"code": code, "name_local": get_language_info(code)["name_local"]}
            for code, _name in settings.LANGUAGES
        ],
    }

"""The URL contract of DESIGN.md: public pages under a language prefix, the admin, health."""

from django.conf.urls.i18n import i18n_patterns
from django.contrib import admin
from django.urls import include, path, re_path
from django.utils.translation import gettext_lazy as _

from delegates.participants import participants_page
from resolutions.committee_views import executive_committee

from . import health, media, views

admin.site.site_header = _("General Assembly — Secretariat")
admin.site.site_title = _("General Assembly back office")
admin.site.index_title = _("Secretariat back office")

assembly_patterns = (
    [
        path("", views.home, name="home"),
        path("sessions/", views.session_list, name="session-list"),
        path("sessions/<int:number>/", views.session_detail, name="session"),
        path("contact/", views.contact, name="contact"),
        path("privacy/", views.privacy_notice, name="privacy"),
        path("accessibility/", views.accessibility_statement, name="accessibility"),
    ],
    "assembly",
)

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
    path("admin/", admin.site.urls),
]

urlpatterns += i18n_patterns(
    path("", include(assembly_patterns)),
    path("accounts/", include("allauth.urls")),
    path("delegates/", include("delegates.urls")),
    path("participants/", participants_page, name="participants"),
    path("agenda/", include("agenda.urls")),
    path("sessions/<int:number>/agenda/", include("agenda.session_urls")),
    path("resolutions/", include("resolutions.urls")),
    path("", include("resolutions.vote_urls")),
    path("executive-committee/", executive_committee, name="executive-committee"),
    prefix_default_language=True,
)

# Public media (session documents, gallery and speaker photos), served only while the object
# that publishes them is public (assembly.media). Private uploads live elsewhere and are only
# streamed by permission-checked views. No front server may serve /media/ from the volume.
urlpatterns += [
    re_path(
        r"^media/(?P<path>(?:documents|photos)/[0-9a-f]{32}\.[a-z0-9]{1,9})$",
        media.public_media,
        name="public-media",
    ),
]

handler400 = "assembly.errors.bad_request"
handler404 = "assembly.errors.page_not_found"
handler500 = "assembly.errors.server_error"

"""Public URLs of the resolutions app (under the language prefix).

References may hold slashes (legacy ones such as AGN/65/RES/2), hence the ``path`` converter;
the printable and PDF views come first so that their suffix is never read as a reference.
"""

from django.urls import path

from . import views

app_name = "resolutions"

urlpatterns = [
    path("", views.resolution_list, name="list"),
    path("<path:reference>/print/", views.resolution_print, name="print"),
    path("<path:reference>/pdf/", views.resolution_pdf, name="pdf"),
    path("<path:reference>/", views.resolution_detail, name="detail"),
]

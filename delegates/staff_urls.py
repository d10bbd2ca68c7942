"""Badge pages of the delegates app (own badge, staff check-in), under /<lang>/delegates/."""

from django.urls import path

from . import participants, staff_views

urlpatterns: list = [
    path("badge/", staff_views.badge, name="badge"),
    path("check-in/", staff_views.checkin, name="checkin"),
    path("participants.csv", participants.participants_csv, name="participants-csv"),
]

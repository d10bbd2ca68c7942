"""Portal URLs of the delegates app (under the language prefix); badges and check-in come from
``staff_urls``."""

from django.urls import path

from . import photo_views, views
from .staff_urls import urlpatterns as staff_urlpatterns

app_name = "delegates"

urlpatterns = [
    path("", views.portal, name="portal"),
    path("me/", views.profile, name="profile"),
    path("me/data.json", views.personal_data, name="personal-data"),
    path("me/delete/", views.request_deletion, name="request-deletion"),
    path("me/photo/", photo_views.photo, name="photo"),
    path("me/photo.jpg", photo_views.own_photo, name="own-photo"),
    path("people/<int:pk>/photo.jpg", photo_views.person_photo, name="person-photo"),
    path("register/", views.register, name="register"),
    path("registration/edit/", views.registration_edit, name="registration-edit"),
    path("registration/withdraw/", views.registration_withdraw, name="registration-withdraw"),
    path("delegation/", views.delegation, name="delegation"),
    path("delegation/nominate/", views.delegation_nominate, name="delegation-nominate"),
    path(
        "delegation/requests/<int:pk>/confirm/",
        views.delegation_request_confirm,
        name="delegation-request-confirm",
    ),
    path(
        "delegation/requests/<int:pk>/decline/",
        views.delegation_request_decline,
        name="delegation-request-decline",
    ),
    path(
        "delegation/invitations/<int:pk>/revoke/",
        views.delegation_invitation_revoke,
        name="delegation-invitation-revoke",
    ),
    path(
        "delegation/voting-delegate/",
        views.delegation_voting_delegate,
        name="delegation-voting-delegate",
    ),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
    path(
        "delegation/members/<int:pk>/withdraw/",
        views.delegation_member_withdraw,
        name="delegation-member-withdraw",
    ),
    path("delegation/credentials/", views.credentials_upload, name="credentials-upload"),
    path("credentials/<int:pk>/letter.pdf", views.credentials_letter, name="credentials-letter"),
]
urlpatterns += staff_urlpatterns

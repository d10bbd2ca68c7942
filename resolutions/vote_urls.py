"""URLs of electronic voting in the hall (under the language prefix): the vote page, the hall
screen, their state endpoints and the receipt check."""

from django.urls import path

from . import vote_views

app_name = "vote"

urlpatterns = [
    path("vote/", vote_views.vote_page, name="page"),
    path("vote/state.json", vote_views.vote_state, name="state"),
    path("vote/receipt/", vote_views.receipt_page, name="receipt"),
    path("hall/", vote_views.hall_page, name="hall"),
    path("hall/state.json", vote_views.hall_state, name="hall-state"),
]

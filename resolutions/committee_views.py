"""The public page of the Executive Committee: its members and the current session's elections.

A fixed number of queries whatever the number of members, elections and rounds (the page is
public and cached by nobody): the session, the memberships, the elections, their closed
ballots, the candidates' results and the eligible candidates.
"""

from django.db.models import Prefetch
from django.shortcuts import render
from django.views.decorators.http import require_GET

from assembly.selectors import current_session

from .election_rules import Post
from .models import Ballot, CandidateResult, Candidature, CommitteeMembership, Election

_POST_ORDER = {post.value: index for index, post in enumerate(Post)}


def _seat_order(membership: CommitteeMembership) -> tuple:
    region = membership.region.order if membership.region else -1
    return (_POST_ORDER.get(membership.post, 9), region, membership.person_name.casefold())


def committee_page_context() -> dict:
    session = current_session()
    if session is None:
        return {"session": None, "members": [], "outgoing": [], "elections": []}
    year = session.year
    memberships = sorted(
        CommitteeMembership.objects.filter(start_year__lte=year, end_year__gte=year).select_related(
            "country__region", "region"
        ),
        key=_seat_order,
    )
    elections = list(
        Election.objects.filter(session=session)
        .select_related("region")
        .prefetch_related(
            Prefetch(
                "ballots",
                queryset=Ballot.objects.filter(status=Ballot.Status.CLOSED).order_by("round"),
                to_attr="closed_rounds",
            ),
            Prefetch(
                "closed_rounds__candidate_results",
                queryset=CandidateResult.objects.select_related("candidature__country").order_by(
                    "-votes", "candidature__candidate_name"
                ),
            ),
            Prefetch(
                "candidatures",
                queryset=Candidature.objects.filter(
                    status=Candidature.Status.ELIGIBLE, withdrawn=False
                ).select_related("country"),
                to_attr="candidates",
            ),
        )
    )
    return {
        "session": session,
        "members": [m for m in memberships if m.end_year > year],
        "outgoing": [m for m in memberships if m.end_year == year],
        "elections": elections,
    }


@require_GET
def executive_committee(request):
    return render(request, "resolutions/executive_committee.html", committee_page_context())

"""The back office of the elections: the Elections Board's actions and a round put to the
vote, every write through the services."""

import pytest
from django.contrib.auth.models import Group, User

from assembly.models import AuditRecord
from assembly.roles import RESOLUTIONS_OFFICERS, roles_sync
from resolutions.models import Ballot, Candidature, CommitteeMembership

from .factories import members
from .test_elections import election, sit

pytestmark = pytest.mark.django_db


@pytest.fixture
def officer(client):
    roles_sync()
    user = User.objects.create_user("elections", password="x", is_staff=True)
    user.groups.add(Group.objects.get(name=RESOLUTIONS_OFFICERS))
    client.force_login(user)
    return client


def test_the_board_reviews_and_the_officer_puts_the_election_to_the_vote(officer, session91):
    sit("AE", "Hamid Al-Mansouri", "president", session91.year - 4, session91.year)
    elect = election(session91)
    response = officer.post(
        "/admin/resolutions/candidature/add/",
        {
            "election": elect.pk,
            "country": members("AE")[0].pk,
            "candidate_name": "Hamid Al-Mansouri",
            "submitted_at_0": "2023-11-01",
            "submitted_at_1": "10:00",
            "board_note": "",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    officer.post(
        "/admin/resolutions/candidature/add/",
        {
            "election": elect.pk,
            "country": members("SG")[0].pk,
            "candidate_name": "Mei Lin Tan",
            "submitted_at_0": "2023-11-01",
            "submitted_at_1": "10:00",
        },
    )
    assert AuditRecord.objects.filter(action="resolution.candidature.submit").count() == 2
    ids = list(Candidature.objects.values_list("pk", flat=True))
    officer.post(
        "/admin/resolutions/candidature/",
        {"action": "review", "_selected_action": ids},
    )
    reasons = dict(Candidature.objects.values_list("country__iso_code", "reason"))
    assert reasons == {"AE": "re_election", "SG": ""}
    page = officer.get("/admin/resolutions/candidature/")
    assert page.status_code == 200
    officer.post(
        "/admin/resolutions/election/",
        {"action": "put_to_vote", "_selected_action": [elect.pk]},
    )
    ballot = Ballot.objects.get(election=elect)
    assert (ballot.round, ballot.method, ballot.electronic) == (1, "secret", True)
    assert [r.candidature.candidate_name for r in ballot.candidate_results.all()] == ["Mei Lin Tan"]


def test_an_elected_members_record_is_read_only(officer, session91):
    member = sit("KE", "Grace Wanjiru", "vice_president", 2021, 2024, region="africa")
    assert officer.get("/admin/resolutions/committeemembership/").status_code == 200
    response = officer.get(f"/admin/resolutions/committeemembership/{member.pk}/change/")
    assert response.status_code == 200
    assert CommitteeMembership.objects.count() == 1

"""The result sheet in the officer's language and the amendment numbers the admin and the public
page share."""

import re

import pytest

from assembly.models import Country
from resolutions import services
from resolutions.models import Amendment

from .factories import accredit, circulated_draft, four, members

pytestmark = pytest.mark.django_db

# Plain code-point order puts “Égypte” after “Zimbabwe”; French order puts it after “Danemark”.
FRENCH_ORDER = ["DK", "EG", "ES", "ZW"]


def _closed_recorded_ballot(session):
    countries = accredit(session, "ZW", "ES", "EG", "DK")
    draft = circulated_draft(session, "Sheet")
    ballot = services.ballot_create(
        session=session, question="draft", method="recorded", draft=draft
    )
    services.ballot_open(ballot=ballot, letter="A")
    services.roll_call_record(ballot=ballot, votes={c.pk: "yes" for c in countries})
    services.ballot_close(ballot=ballot)
    return ballot


def _sheet_countries(client, ballot, language):
    response = client.get(
        f"/admin/resolutions/ballot/{ballot.pk}/result-sheet/", HTTP_ACCEPT_LANGUAGE=language
    )
    assert response.status_code == 200
    html = response.content.decode()
    table = html.split('<table class="vote-list">', 1)[1]
    return re.findall(r'<th scope="row">([^<]+)</th>', table)


@pytest.mark.parametrize("language", ["fr", "ar", "en"])
def test_result_sheet_names_countries_in_its_language_in_french_order(
    admin_client, session91, language
):
    ballot = _closed_recorded_ballot(session91)
    by_iso = {c.iso_code: c for c in Country.objects.filter(iso_code__in=FRENCH_ORDER)}
    expected = [getattr(by_iso[iso], f"name_{language}") for iso in FRENCH_ORDER]
    assert _sheet_countries(admin_client, ballot, language) == expected


def _public_numbers(client, draft):
    html = client.get(f"/en/resolutions/{draft.reference}/").content.decode()
    section = html.split('class="amendment-list"', 1)[1].split("</ol>", 1)[0]
    return re.findall(r"Amendment (\d+) proposed by ([^<]+)</strong>", section)


def test_amendment_numbers_are_the_same_in_the_admin_and_on_the_public_page(
    admin_client, client, session91
):
    accredit(session91, "FR", "DE", "ES")
    draft = circulated_draft(session91, "Numbered")
    france, germany, spain = members("FR", "DE", "ES")
    # Distances with a gap, proposed in another order than the vote's.
    for sponsor, distance in ((france, 1), (germany, 5), (spain, 2)):
        services.amendment_propose(
            draft=draft,
            sponsor=sponsor,
            texts=four(f"Amendment by {sponsor.iso_code}"),
            replacements=four(f"<p>New wording by {sponsor.iso_code}</p>"),
            paragraph=None,
            distance=distance,
        )
    for amendment in Amendment.objects.filter(draft=draft):
        services.amendment_withdraw(amendment=amendment)
    ballot = services.ballot_create(
        session=session91, question="draft", method="consensus", draft=draft
    )
    services.ballot_open(ballot=ballot)
    services.ballot_close(ballot=ballot)
    draft.refresh_from_db()
    assert draft.status == "adopted"

    admin_list = admin_client.get(
        f"/admin/resolutions/amendment/?draft__id__exact={draft.pk}"
    ).content.decode()
    admin_numbers = sorted(re.findall(r"Amendment (\d+) by ([^<]+)</a>", admin_list))
    public_numbers = sorted(_public_numbers(client, draft))
    # Voted furthest first: Germany's (distance 5) is amendment 1, Spain's 2, France's 3.
    assert public_numbers == [("1", "Germany"), ("2", "Spain"), ("3", "France")]
    assert admin_numbers == public_numbers
    # Every other place that names an amendment (ballots, inlines) says the same.
    number_of = {sponsor: number for number, sponsor in public_numbers}
    for amendment in Amendment.objects.filter(draft=draft).select_related("sponsor"):
        assert str(amendment) == f"Amendment {number_of[amendment.sponsor.name_en]} by " + (
            amendment.sponsor.name_en
        )

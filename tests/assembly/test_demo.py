"""The demo data: complete, in four languages, and idempotent."""

import io

from django.core.management import call_command

from assembly.models import (
    AssemblySession,
    Country,
    Document,
    DocumentFile,
    Photo,
    Region,
    Room,
)


def _counts():
    return {
        model.__name__: model.objects.count()
        for model in (Region, Country, AssemblySession, Room, Document, DocumentFile, Photo)
    }


def test_seed_demo_loads_the_three_sessions_and_the_196_members(core_demo):
    out = io.StringIO()
    call_command("seed_demo", stdout=out)
    assert Country.objects.members().count() == 196
    assert Region.objects.count() == 4
    assert list(
        AssemblySession.objects.order_by("number").values_list("number", "host_city_en")
    ) == [
        (90, "New Delhi"),
        (91, "Vienna"),
        (92, "Glasgow"),
    ]
    assert AssemblySession.objects.get(is_current=True).number == 91
    assert "Member countries: 196 (0 new)" in out.getvalue()


def test_seed_demo_twice_duplicates_nothing(core_demo):
    call_command("seed_demo", stdout=io.StringIO())
    first = _counts()
    call_command("seed_demo", stdout=io.StringIO())
    assert _counts() == first


def test_every_country_has_its_name_in_four_languages(core_demo):
    for field in ("name_en", "name_fr", "name_es", "name_ar"):
        assert not Country.objects.filter(**{field: ""}).exists(), field


def test_the_organisation_own_names_win_over_cldr(core_demo):
    vatican = Country.objects.get(iso_code="VA")
    assert vatican.name_en == "Vatican City State"
    assert vatican.name_fr == "État de la Cité du Vatican"
    assert Country.objects.get(iso_code="PS").name_en == "Palestine"
    assert Country.objects.get(iso_code="AT").name_ar == "النمسا"
    assert Country.objects.get(iso_code="TT").name_en == "Trinidad and Tobago"


def test_members_per_region(core_demo):
    counts = {r.code: r.countries.count() for r in Region.objects.all()}
    assert counts == {"africa": 54, "americas": 38, "asia": 54, "europe": 50}


def test_sessions_have_every_text_in_four_languages(core_demo):
    for session in AssemblySession.objects.all():
        for field in ("title", "introduction", "host_city"):
            for code in ("en", "fr", "es", "ar"):
                assert getattr(session, f"{field}_{code}"), (session.number, field, code)

"""The programme slot form as the secretariat uses it: languages ticked, not JSON typed."""

import pytest

from agenda.models import ProgrammeSlot
from tests.security.forms import form_with

pytestmark = pytest.mark.django_db


def test_interpretation_languages_are_checkboxes_and_save_a_list(admin_client, programme):
    slot = programme[0]
    slot.interpretation_languages = ["en", "fr"]
    slot.save(update_fields=["interpretation_languages"])
    url = f"/admin/agenda/programmeslot/{slot.pk}/change/"
    html = admin_client.get(url).content.decode()
    for code in ("ar", "en", "es", "fr"):
        assert f'type="checkbox" name="interpretation_languages" value="{code}"' in html
    assert 'value="en" id="id_interpretation_languages_' in html
    data = form_with(html, "interpretation_languages")
    assert sorted(data["interpretation_languages"]) == ["en", "fr"]  # ticked as saved
    data["interpretation_languages"] = ["ar", "en", "es"]
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    slot.refresh_from_db()
    assert slot.interpretation_languages == ["ar", "en", "es"]


def test_no_interpretation_ticked_saves_an_empty_list(admin_client, programme):
    slot = ProgrammeSlot.objects.first()
    slot.interpretation_languages = ["en"]
    slot.save(update_fields=["interpretation_languages"])
    url = f"/admin/agenda/programmeslot/{slot.pk}/change/"
    data = form_with(admin_client.get(url).content.decode(), "title_en")
    data.pop("interpretation_languages", None)
    response = admin_client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:3000]
    slot.refresh_from_db()
    assert slot.interpretation_languages == []

"""SECURITY.md 11: unicode, NUL bytes and over-long values in the archive search and the tellers'
form give validation errors, never a 5xx."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from resolutions.admin import TellersForm

text = st.text(min_size=0, max_size=400)


@pytest.mark.django_db
@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(q=text, session=text, year=text, language=st.sampled_from(["ar", "en", "fr", "es"]))
def test_archive_search_never_fails(client, q, session, year, language):
    response = client.get(
        f"/{language}/resolutions/", {"q": q, "session": session, "year": year, "page": q[:5]}
    )
    assert response.status_code in (200, 400)


@given(values=st.dictionaries(st.sampled_from(["yes", "no", "abstentions", "invalid"]), text))
def test_tellers_form_refuses_anything_but_whole_numbers(values):
    form = TellersForm(values)
    if form.is_valid():
        assert all(
            isinstance(form.cleaned_data[key], int) or form.cleaned_data[key] is None
            for key in ("yes", "no", "abstentions", "invalid")
        )
        assert all((form.cleaned_data[key] or 0) >= 0 for key in form.cleaned_data)

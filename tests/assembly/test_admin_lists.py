"""Back-office lists (issue 11 B): every list with a session filter opens on the current
session, with an "all sessions" choice; the lists of the registration desk put the newest first."""

import pytest
from django.contrib import admin
from django.contrib.admin.utils import get_fields_from_path

from assembly.list_filters import SessionFilter
from assembly.models import AssemblySession


def _session_paths(model_admin):
    """The list filters of ``model_admin`` that filter on a session, as (path, filter) pairs."""
    for item in model_admin.list_filter:
        path = item[0] if isinstance(item, tuple) else item
        if not isinstance(path, str):
            continue
        last = get_fields_from_path(model_admin.model, path)[-1]
        if getattr(last, "related_model", None) is AssemblySession:
            yield path, item


def test_every_session_filter_defaults_to_the_current_session():
    found, plain = [], []
    for model, model_admin in admin.site._registry.items():
        for path, item in _session_paths(model_admin):
            found.append(f"{model.__name__}.{path}")
            if not (isinstance(item, tuple) and issubclass(item[1], SessionFilter)):
                plain.append(f"{model.__name__}.{path}")
    assert len(found) >= 10, found
    assert plain == []


@pytest.mark.django_db
def test_a_session_list_opens_on_the_current_session_with_all_sessions_a_click_away(
    admin_client, session91
):
    from delegates.models import Delegation

    s90 = AssemblySession.objects.get(number=90)
    Delegation.objects.create(session=session91, country_id=_country("AT"))
    Delegation.objects.create(session=s90, country_id=_country("FR"))
    url = "/admin/delegates/delegation/"

    def sessions(query=""):
        response = admin_client.get(url + query)
        assert response.status_code == 200
        return sorted(d.session.number for d in response.context["cl"].result_list)

    assert sessions() == [91]
    assert sessions("?session=all") == [90, 91]
    assert sessions("?session=90") == [90]
    # The dashboard's links name the session by its id, as Django's own filter does.
    assert sessions(f"?session__id__exact={s90.pk}") == [90]
    page = admin_client.get(url).content.decode()
    assert "?session=all" in page


@pytest.mark.django_db
def test_an_unknown_session_number_is_refused_cleanly(admin_client, session91):
    response = admin_client.get("/admin/delegates/delegation/?session=x")
    assert response.status_code in (200, 302)
    assert response.status_code != 500


def _country(iso):
    from assembly.models import Country

    return Country.objects.get(iso_code=iso).pk


@pytest.fixture
def admin_client(client, db):
    from tests.delegates import staffdata

    client.force_login(staffdata.user("root@example.org", superuser=True))
    return client


def test_no_list_filters_on_countries_with_a_link_per_country():
    """160 links are not a filter: every country filter is the searchable select."""
    from assembly.list_filters import AutocompleteFilter, FilterMediaMixin
    from assembly.models import Country

    plain = []
    for model, model_admin in admin.site._registry.items():
        for item in model_admin.list_filter:
            path = item[0] if isinstance(item, tuple) else item
            if not isinstance(path, str):
                continue
            last = get_fields_from_path(model, path)[-1]
            if getattr(last, "related_model", None) is not Country:
                continue
            if not (isinstance(item, tuple) and issubclass(item[1], AutocompleteFilter)):
                plain.append(f"{model.__name__}.{path}")
            elif not isinstance(model_admin, FilterMediaMixin):
                plain.append(f"{model.__name__}.{path} (no scripts)")
    assert plain == []

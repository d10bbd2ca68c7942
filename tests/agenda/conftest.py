"""Fixtures of the agenda tests: a small programme, the agenda demo (caches: tests/conftest.py)."""

import io

import pytest

from .factories import make_programme


@pytest.fixture
def rooms(session91):
    from assembly.models import Room

    return list(Room.objects.filter(venue__name_en="Austria Center Vienna").order_by("order"))


@pytest.fixture
def programme(session91, rooms):
    """Six published slots over two days, with themes and speakers."""
    return make_programme(session91, rooms, per_day=3, days=2)


@pytest.fixture
def agenda_demo(core_demo):
    from agenda import demo

    demo.seed(stdout=io.StringIO())

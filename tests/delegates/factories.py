"""Plain helpers that build delegates data through the services."""

import io
import itertools

import pytest
from django.contrib.auth import get_user_model
from django.utils import translation

from delegates import services
from delegates.models import ObserverOrganisation, Person, Registration

_counter = itertools.count(1)
PASSWORD = "correct horse battery 91"


def make_user(email: str | None = None, *, password: str = PASSWORD, **extra):
    """An account with a verified primary email address (allauth), ready to sign in."""
    from allauth.account.models import EmailAddress

    email = email or f"user{next(_counter)}@example.org"
    user = get_user_model().objects.create_user(
        username=email, email=email, password=password, **extra
    )
    EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
    return user


def make_person(*, user=None, email: str | None = None, country=None, **fields) -> Person:
    email = email or (user.email if user is not None else f"person{next(_counter)}@example.org")
    fields.setdefault("given_name", "Alex")
    fields.setdefault("family_name", f"Example{next(_counter)}")
    return services.person_create(user=user, email=email, country=country, actor=user, **fields)


def register(
    *,
    session,
    country=None,
    organisation=None,
    category="delegate",
    status="submitted",
    user=None,
    email=None,
    staff=None,
    **person_fields,
) -> Registration:
    """A person (with an account when ``user`` is true) registered in a delegation."""
    if user is True:
        user = make_user(email)
    person = make_person(user=user or None, email=email, country=country, **person_fields)
    delegation = None
    if country is not None or organisation is not None:
        delegation = services.delegation_for(
            session=session, country=country, organisation=organisation
        )
    registration = services.registration_submit(
        person=person, session=session, category=category, delegation=delegation, actor=user
    )
    if status == "approved":
        registration = services.registration_approve(registration=registration, actor=staff)
    return registration


def observer_organisation(name="United Nations Office on Drugs and Crime", acronym="UNODC"):
    organisation, _created = ObserverOrganisation.objects.get_or_create(
        acronym=acronym,
        defaults={
            "name": name,
            "name_en": name,
            "name_fr": "Office des Nations Unies contre la drogue et le crime",
            "name_es": "Oficina de las Naciones Unidas contra la Droga y el Delito",
            "name_ar": "مكتب الأمم المتحدة المعني بالمخدرات والجريمة",
        },
    )
    return organisation


def pdf_bytes(text: str = "Credentials") -> bytes:
    """A small, valid one-page PDF."""
    from pypdf import PdfWriter

    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    writer.add_metadata({"/Title": text})
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _english():
    """Each test starts in English: a request to /fr/ or /ar/ leaves its language active in the
    test thread, and reverse() would then build French or Arabic URLs for the next test."""
    translation.activate("en")
    yield
    translation.activate("en")

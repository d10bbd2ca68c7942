"""Test data for the badge, check-in, admin and export tests: people, delegations, registrations."""

from django.contrib.auth import get_user_model

from delegates.models import Credentials, Delegation, ObserverOrganisation, Person, Registration


def person(n: int = 1, *, country=None, user=None, **fields) -> Person:
    values = {
        "given_name": f"Test{n:04d}",
        "family_name": f"Person{n:04d}",
        "email": f"person{n:04d}@example.org",
        "country": country,
        "user": user,
        **fields,
    }
    obj = Person(**values)
    obj.full_clean()
    obj.save()
    return obj


def delegation(session, *, country=None, organisation=None) -> Delegation:
    obj, _created = Delegation.objects.get_or_create(
        session=session, country=country, organisation=organisation
    )
    Credentials.objects.get_or_create(delegation=obj)
    return obj


def observer_organisation(name_en="Test Observer Organisation", **names) -> ObserverOrganisation:
    return ObserverOrganisation.objects.create(
        name=name_en,
        name_en=name_en,
        name_fr=names.get("fr", name_en),
        name_es=names.get("es", name_en),
        name_ar=names.get("ar", name_en),
    )


def registration(
    session,
    who: Person,
    *,
    delegation_=None,
    category=Registration.Category.DELEGATE,
    status=Registration.Status.APPROVED,
) -> Registration:
    obj = Registration(
        session=session,
        person=who,
        email=who.email,
        delegation=delegation_,
        category=category,
        status=status,
    )
    obj.full_clean()
    obj.save()
    return obj


def user(email="someone@example.org", *, staff=False, perms=(), superuser=False):
    from django.contrib.auth.models import Permission

    User = get_user_model()
    account = User.objects.create_user(
        username=email, email=email, password="a-long-test-password-1"
    )
    account.is_staff = staff or superuser
    account.is_superuser = superuser
    account.save()
    for label in perms:
        app_label, codename = label.split(".")
        account.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    return account

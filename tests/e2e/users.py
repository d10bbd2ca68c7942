"""Visitors of the proof pages: accounts made directly in the database, signed in by cookie."""

from django.contrib.auth import get_user_model

PASSWORD = "Vienna-2023-plenary"


# Accounts of the delegates demo (`seed_demo`), signed in as they are.
DEMO_ACCOUNTS = {
    "head": "head@demo.example",
    "officer": "officer@demo.example",
    "resolutions": "resolutions@demo.example",
}


def make_user(kind: str, *, email: str | None = None):
    """An account of the given kind ("delegate": a verified delegate account, no registration;
    "head": the demo head of the Austrian delegation; "officer": the demo registration officer).
    Asking twice for the same kind gives the same account."""
    from allauth.account.models import EmailAddress

    if kind in DEMO_ACCOUNTS:
        return get_user_model().objects.get(email=DEMO_ACCOUNTS[kind])
    makers = {
        "delegate": {},
        "profiled": {},  # a delegate who told who they are (a Person), not yet registered
        "superuser": {"is_staff": True, "is_superuser": True},
    }
    if kind not in makers:
        raise ValueError(f"unknown kind of visitor: {kind!r}; add it to tests/e2e/users.py")
    email = email or f"{kind}@example.org"
    user = get_user_model().objects.filter(email=email).first()
    if user is None:
        user = get_user_model().objects.create_user(
            username=email, email=email, password=PASSWORD, **makers[kind]
        )
        EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
        if kind == "profiled":
            from assembly.models import Country
            from delegates.models import Person

            Person.objects.create(
                user=user,
                email=email,
                given_name="Amira",
                family_name="Haddad",
                country=Country.objects.get(iso_code="JO"),
            )
    return user


def session_cookie(user, *, domain: str) -> dict:
    """The session cookie of a signed-in `user`, in the shape Playwright's add_cookies wants."""
    from django.conf import settings
    from django.test import Client

    client = Client()
    client.force_login(user)
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return {"name": settings.SESSION_COOKIE_NAME, "value": value, "domain": domain, "path": "/"}

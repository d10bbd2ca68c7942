"""Demo data of the delegates app: about 400 fictitious delegates of the 91st session.

Built through ``delegates.services`` so that it passes the same validation as real data; safe to
run again (people are found by email, registrations and decisions are not repeated).
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.db import transaction

from assembly.languages import language_codes, translation_columns
from assembly.models import AssemblySession, Country
from assembly.roles import REGISTRATION_OFFICERS

from . import emails, services
from .models import Credentials, NcbContact, ObserverOrganisation, Person, Registration

# The logins the README gives. Demo only: `seed_demo` is never run on a production database.
HEAD_EMAIL = "head@demo.example"
HEAD_PASSWORD = "Vienna-Centenary-1923"  # noqa: S105
OFFICER_EMAIL = "officer@demo.example"
OFFICER_PASSWORD = "Vienna-Officer-1923"  # noqa: S105

# A demo invitation with a known link (/delegates/invitation/<token>/), for the page checks.
INVITATION_TOKEN = "demo-invitation-91"  # noqa: S105
INVITATION_EMAIL = "invited@demo.example"

COUNTRIES = 160  # delegations of member countries (DOMAIN.md: "more than 160")
# The demo's delegates speak the working languages in turn, Arabic last (every fourth).
SPOKEN = [*(code for code in language_codes() if code != "ar"), "ar"]
ARABIC_DIGITS = str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩")

OBSERVERS = [
    (
        "UNODC",
        {
            "en": "United Nations Office on Drugs and Crime",
            "fr": "Office des Nations Unies contre la drogue et le crime",
            "es": "Oficina de las Naciones Unidas contra la Droga y el Delito",
            "ar": "مكتب الأمم المتحدة المعني بالمخدرات والجريمة",
        },
    ),
    (
        "Europol",
        {
            "en": "European Union Agency for Law Enforcement Cooperation",
            "fr": "Agence de l’Union européenne pour la coopération des services répressifs",
            "es": "Agencia de la Unión Europea para la Cooperación Policial",
            "ar": "وكالة الاتحاد الأوروبي للتعاون في مجال إنفاذ القانون",
        },
    ),
    (
        "AFRIPOL",
        {
            "en": "African Union Mechanism for Police Cooperation",
            "fr": "Mécanisme de l’Union africaine pour la coopération policière",
            "es": "Mecanismo de la Unión Africana para la Cooperación Policial",
            "ar": "آلية الاتحاد الأفريقي للتعاون الشرطي",
        },
    ),
]


def _credentials_plan(index: int) -> tuple[str, str]:
    """The demo state of the n-th delegation's credentials and the reason: most accepted."""
    plan = {
        0: (Credentials.State.PENDING, ""),
        1: (Credentials.State.RECEIVED, ""),
        2: (
            Credentials.State.REJECTED,
            "Demo: the letter was signed by an authority not listed in RP 8.",
        ),
        3: (Credentials.State.DISPUTED, "Demo: two letters name different heads of delegation."),
    }
    return plan.get(index % 20, (Credentials.State.ACCEPTED, ""))


def _status_plan(n: int) -> tuple[str, str]:
    """The demo status of the n-th delegate's registration: most approved."""
    if n % 23 == 5:
        return Registration.Status.SUBMITTED, ""
    if n % 61 == 7:
        return Registration.Status.REJECTED, "Demo: not on the list sent by the government."
    return Registration.Status.APPROVED, ""


def _account(email: str, password: str, *, staff: bool = False):
    """A demo account with a verified email address (allauth), created once."""
    from allauth.account.models import EmailAddress

    User = get_user_model()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        user = User(username=email, email=email, is_staff=staff)
        user.set_password(password)
        user.full_clean()
        user.save()
    EmailAddress.objects.update_or_create(
        user=user, email=email, defaults={"verified": True, "primary": True}
    )
    return user


def _person(n: int, *, country, user=None, account: bool = False, **overrides) -> Person:
    """The n-th demo person; ``account``: with an account of their own (no password: nobody
    signs in as them), as a person who registered through the portal has."""
    email = overrides.pop("email", f"delegate{n:04d}@demo.example")
    existing = Person.objects.filter(email__iexact=email).first()
    if existing is not None:
        return existing
    if account and user is None:
        user = get_user_model()(username=email, email=email)
        user.set_unusable_password()
        user.full_clean()
        user.save()
    fields = {
        "given_name": "Demo",
        "family_name": f"Delegate {n:04d}",
        "title": "",
        "function": "Demo delegate",
        "agency": "Demo National Central Bureau",
        "country": country,
        "preferred_language": SPOKEN[n % len(SPOKEN)],
        "public_consent": n % 3 == 0,
    }
    # Every demo name has its Arabic-script form (as the secretariat writes it for the Arabic
    # pages, badges and mails).
    fields["given_name_ar"] = "مندوب"
    fields["family_name_ar"] = f"تجريبي {n:04d}".translate(ARABIC_DIGITS)
    fields.update(overrides)
    return services.person_create(user=user, email=email, actor=None, **fields)


def _register(
    person, session, category, delegation, plan, *, submitted_by=None, officer=None
) -> tuple[Registration, bool]:
    """Submit once (by ``submitted_by``: the person's account, or their head's who nominated
    them); then take the planned decision through the services. Heads are confirmed by the
    Credentials Bureau (``head_confirm``): nobody is head by declaring it."""
    registration = Registration.objects.filter(session=session, person=person).first()
    if registration is not None:
        return registration, False
    registration = services.registration_submit(
        person=person,
        session=session,
        category=category,
        delegation=delegation,
        actor=submitted_by,
    )
    status, reason = plan
    if category == Registration.Category.HEAD and status == Registration.Status.APPROVED:
        registration = services.head_confirm(registration=registration, actor=officer)
    elif status == Registration.Status.APPROVED:
        registration = services.registration_approve(registration=registration, actor=None)
    elif status == Registration.Status.REJECTED:
        registration = services.registration_reject(
            registration=registration, actor=None, reason=reason
        )
    return registration, True


def _ncb_contact(country, officer) -> None:
    """Each demo country's NCB address, through which the secretariat invites heads."""
    if not NcbContact.objects.filter(country=country).exists():
        contact = NcbContact(
            country=country,
            email=f"ncb.{(country.iso_code or str(country.pk)).lower()}@demo.example",
            name=f"NCB {country.name_en or country.name}",
        )
        services.ncb_contact_save(ncb_contact=contact, actor=officer)


def _designate_voting_delegate(delegation, index: int, officer) -> None:
    """Every demo delegation has its voting delegate: a confirmed delegate in one delegation of
    two, the head in the others (Austria's head votes, for the demo login)."""
    delegation.refresh_from_db()
    if delegation.voting_delegate_id is not None:
        return
    seated = Registration.objects.filter(
        delegation=delegation, status=Registration.Status.APPROVED
    ).order_by("pk")
    chosen = None
    if index % 2 == 1:
        chosen = seated.filter(category=Registration.Category.DELEGATE).first()
    chosen = chosen or seated.filter(category=Registration.Category.HEAD).first()
    if chosen is not None:
        services.voting_delegate_designate(
            delegation=delegation, registration=chosen, actor=officer
        )


def _decide_credentials(delegation, index: int, officer, head_user) -> None:
    from assembly.demo import minimal_pdf

    credentials = delegation.credentials
    if credentials.state != Credentials.State.PENDING:
        return  # decided by an earlier run (or by hand): leave it
    state, reason = _credentials_plan(index)
    if state == Credentials.State.PENDING:
        return
    if index % 10 == 5 or state == Credentials.State.RECEIVED:
        # Letters uploaded as PDF by the head of delegation (those still to decide among them,
        # so that the Bureau reads one on the delegation's page); the others were handed to the
        # Bureau on paper.
        letter = ContentFile(minimal_pdf(f"Credentials of {delegation.country}"), name="l.pdf")
        credentials = services.credentials_upload(
            delegation=delegation,
            file=letter,
            issuing_authority=Credentials.Authority.FOREIGN_MINISTER,
            issued_on=None,
            actor=head_user,
        )
    else:
        credentials = services.credentials_receive(credentials=credentials, actor=officer)
    if state != Credentials.State.RECEIVED:
        services.credentials_decide(
            credentials=credentials, state=state, actor=officer, reason=reason
        )


def seed(*, stdout) -> None:
    # The services queue a mail per decision. Demo addresses are fictitious (@demo.example),
    # so no mail is queued: rendering them would double the time of the seed only to send
    # them nowhere.
    with transaction.atomic(), emails.suppressed():
        _seed(stdout)


def _seed(stdout) -> None:
    session = AssemblySession.objects.get(number=91)
    officer = _account(OFFICER_EMAIL, OFFICER_PASSWORD, staff=True)
    group, _created = Group.objects.get_or_create(name=REGISTRATION_OFFICERS)
    officer.groups.add(group)
    stdout.write(f"Registration officer: {OFFICER_EMAIL}")

    head_user = _account(HEAD_EMAIL, HEAD_PASSWORD)
    austria = Country.objects.get(iso_code="AT")
    head = _person(
        0,
        country=austria,
        user=head_user,
        email=HEAD_EMAIL,
        given_name="Demo",
        family_name="Head of Delegation",
        given_name_ar="رئيس",
        family_name_ar="الوفد التجريبي",
        title="Demo Director General",
        preferred_language="en",
    )

    # The host first, then the members in ISO order: 160 delegations, one head each.
    countries = [austria] + list(
        Country.objects.members().exclude(pk=austria.pk).order_by("iso_code")[: COUNTRIES - 1]
    )
    created = 0
    n = 1
    for index, country in enumerate(countries):
        delegation = services.delegation_for(session=session, country=country)
        # The head of a delegation is approved: the demo head must see a badge.
        # The head registers through the portal and nominates the delegates, a third of whom
        # registered themselves (``submitted_by`` tells which on the registration's page).
        approved = (Registration.Status.APPROVED, "")
        if country == austria:
            delegation_head = head
        else:
            delegation_head = _person(n, country=country, account=True)
            n += 1
        head_user = delegation_head.user
        people = [(delegation_head, Registration.Category.HEAD, approved, head_user)]
        for _extra in range(1 + index % 2):
            person = _person(n, country=country, account=n % 3 == 0)
            by = person.user or head_user
            people.append((person, Registration.Category.DELEGATE, _status_plan(n), by))
            n += 1
        for person, category, plan, by in people:
            _registration, new = _register(
                person, session, category, delegation, plan, submitted_by=by, officer=officer
            )
            created += new
        _decide_credentials(delegation, index, officer, head_user)
        _ncb_contact(country, officer)
        _designate_voting_delegate(delegation, index, officer)
    stdout.write(f"Member delegations of the 91st session: {len(countries)}")

    for acronym, names in OBSERVERS:
        organisation = ObserverOrganisation.objects.filter(acronym=acronym).first()
        if organisation is None:
            organisation = ObserverOrganisation(
                acronym=acronym, **translation_columns("name", names)
            )
            organisation.full_clean()
            organisation.save()
        delegation = services.delegation_for(session=session, organisation=organisation)
        for _observer in range(2):
            person = _person(
                n, country=None, account=True, function="Demo observer", agency=names["en"]
            )
            n += 1
            _registration, new = _register(
                person,
                session,
                Registration.Category.OBSERVER,
                delegation,
                (Registration.Status.APPROVED, ""),
                submitted_by=person.user,
            )
            created += new
    stdout.write(f"Observer organisations: {len(OBSERVERS)}")

    _sample_message(session, officer, stdout)

    registrations = Registration.objects.filter(session=session)
    stdout.write(
        f"Demo registrations: {registrations.count()} ({created} new), "
        f"{registrations.filter(status=Registration.Status.APPROVED).count()} approved"
    )
    stdout.write(f"Demo head of delegation (Austria): {HEAD_EMAIL} / {HEAD_PASSWORD}")
    _demo_invitation(Registration.objects.get(session=session, person=head))


SAMPLE_MESSAGE = {
    "subject": {
        "en": "Demo: your letter of credentials",
        "fr": "Démo : votre lettre de créance",
        "es": "Demo: su carta credencial",
        "ar": "تجريبي: كتاب اعتماد وفدكم",
    },
    "body": {
        "en": (
            "Dear head of delegation,\n\nThe Credentials Bureau has not yet received the letter "
            "of credentials of your delegation. Please upload it on the delegates' portal "
            "before the opening of the session (Rule 8 of the Rules of Procedure)."
        ),
        "fr": (
            "Madame, Monsieur le chef de délégation,\n\nLe Bureau des pouvoirs n’a pas encore "
            "reçu la lettre de créance de votre délégation. Veuillez la déposer sur le portail "
            "des délégués avant l’ouverture de la session (article 8 du Règlement intérieur)."
        ),
        "es": (
            "Estimado/a jefe/a de delegación:\n\nLa Oficina de Credenciales aún no ha recibido "
            "la carta credencial de su delegación. Le rogamos que la cargue en el portal de los "
            "delegados antes de la apertura de la reunión (artículo 8 del Reglamento)."
        ),
        "ar": (
            "السيد رئيس الوفد،\n\nلم يتسلم مكتب وثائق التفويض بعدُ كتاب اعتماد وفدكم. "
            "يُرجى تحميله على بوابة المندوبين قبل افتتاح الدورة (المادة 8 من النظام الداخلي)."
        ),
    },
}


def _sample_message(session, officer, stdout) -> None:
    """One message to delegations, written in the four languages and not sent (the demo's
    addresses are fictitious): the desk sends it to "credentials not received" from the admin."""
    from .models import DelegationMessage

    if not DelegationMessage.objects.filter(session=session).exists():
        services.delegation_message_save(
            session=session,
            subjects=SAMPLE_MESSAGE["subject"],
            bodies=SAMPLE_MESSAGE["body"],
            actor=officer,
        )
    stdout.write("Sample message to delegations: 1 (not sent)")


def _demo_invitation(head: Registration) -> None:
    """An open invitation of the Austrian head, with a known link (``INVITATION_TOKEN``)."""
    from .models import Invitation

    token_hash = services.invitation_token_hash(INVITATION_TOKEN)
    if Invitation.objects.filter(token_hash=token_hash).exists():
        return
    invitation = services.invitation_create(
        delegation=head.delegation,
        email=INVITATION_EMAIL,
        category=Registration.Category.DELEGATE,
        given_name="Demo",
        family_name="Invited Delegate",
        actor=head.person.user,
    )
    Invitation.objects.filter(pk=invitation.pk).update(token_hash=token_hash)

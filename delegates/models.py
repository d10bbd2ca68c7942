"""People, delegations, registrations and credentials of a session."""

from django.conf import settings
from django.core.files.storage import Storage
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from assembly.models import AssemblySession, Country
from assembly.transitions import Moves


def credentials_letter_path(instance: "Credentials", filename: str) -> str:
    from uuid import uuid4

    return f"credentials/{instance.delegation.session_id}/{uuid4().hex}.pdf"


class _PrivateStorage(Storage):
    """The ``private`` storage of the settings, looked up at each use.

    A FileField resolves a storage callable once, at import; looking the backend up on each
    use lets a deployment (or a test) point ``STORAGES["private"]`` elsewhere and be obeyed.
    """

    def __getattribute__(self, name):
        if name.startswith("__"):
            return object.__getattribute__(self, name)
        from django.core.files.storage import storages

        return getattr(storages["private"], name)


def _private_storage():
    return _PrivateStorage()


class ObserverOrganisation(models.Model):
    """An international organisation or other body that attends as observer."""

    name = models.CharField(_("name"), max_length=200)
    acronym = models.CharField(_("acronym"), max_length=30, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("observer organisation")
        verbose_name_plural = _("observer organisations")

    def __str__(self) -> str:
        return f"{self.name} ({self.acronym})" if self.acronym else self.name


class Person(models.Model):
    """A delegate's profile. Personal data: never public without ``public_consent``."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
        verbose_name=_("account"),
    )
    given_name = models.CharField(_("given name"), max_length=100)
    family_name = models.CharField(_("family name"), max_length=100)
    given_name_ar = models.CharField(_("given name in Arabic script"), max_length=100, blank=True)
    family_name_ar = models.CharField(_("family name in Arabic script"), max_length=100, blank=True)
    title = models.CharField(_("title or rank"), max_length=100, blank=True)
    function = models.CharField(_("function"), max_length=150, blank=True)
    agency = models.CharField(_("agency"), max_length=150, blank=True)
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="people",
        verbose_name=_("country"),
    )
    email = models.EmailField(_("email"))
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    preferred_language = models.CharField(
        _("preferred language"), max_length=5, choices=settings.LANGUAGES, default="en"
    )
    accessibility_needs = models.TextField(_("accessibility needs"), blank=True)
    dietary_needs = models.TextField(_("dietary needs"), blank=True)
    public_consent = models.BooleanField(
        _("appear on the public list of participants"), default=False
    )
    deletion_requested_at = models.DateTimeField(
        _("deletion requested at"),
        null=True,
        blank=True,
        help_text=_("The person asked the secretariat to erase their personal data."),
    )
    photo = models.ImageField(
        _("photo"),
        upload_to="photos/people/",
        storage=_private_storage,
        blank=True,
        help_text=_("For the badge. Never shown publicly without consent."),
    )

    class Meta:
        ordering = ["family_name", "given_name"]
        verbose_name = _("person")
        verbose_name_plural = _("people")
        constraints = [
            models.UniqueConstraint(Lower("email"), name="person_email_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def full_name(self) -> str:
        return f"{self.given_name} {self.family_name}"

    @property
    def full_name_ar(self) -> str:
        return f"{self.given_name_ar} {self.family_name_ar}".strip()

    @property
    def local_name(self) -> str:
        """The name in the script of the page's (or mail's) language: Arabic script in Arabic
        when it is written, the name as written otherwise."""
        if (get_language() or "").startswith("ar") and self.full_name_ar:
            return self.full_name_ar
        return self.full_name

    @property
    def other_script_name(self) -> str:
        """The name in the other script, shown after ``local_name`` ("" when only one is)."""
        if not self.full_name_ar:
            return ""
        return self.full_name if self.local_name == self.full_name_ar else self.full_name_ar


class Delegation(models.Model):
    """A member country's delegation to one session, or an observer organisation's."""

    session = models.ForeignKey(
        AssemblySession,
        on_delete=models.CASCADE,
        related_name="delegations",
        verbose_name=_("session"),
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegations",
        verbose_name=_("country"),
    )
    organisation = models.ForeignKey(
        ObserverOrganisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="delegations",
        verbose_name=_("observer organisation"),
    )
    voting_delegate = models.ForeignKey(
        "Registration",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("delegate designated to vote"),
        help_text=_("Acts and votes for the head of delegation when designated."),
    )

    class Meta:
        ordering = ["session", "country__name", "organisation__name"]
        verbose_name = _("delegation")
        verbose_name_plural = _("delegations")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "country"],
                name="one_delegation_per_session_country",
                violation_error_message=_("This country already has a delegation at the session."),
            ),
            models.UniqueConstraint(
                fields=["session", "organisation"],
                name="one_delegation_per_session_organisation",
            ),
            models.CheckConstraint(
                condition=(Q(country__isnull=False) & Q(organisation__isnull=True))
                | (Q(country__isnull=True) & Q(organisation__isnull=False)),
                name="delegation_country_xor_organisation",
                violation_error_message=_(
                    "A delegation belongs to a member country or to an observer organisation."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country or self.organisation} — {self.session.number}"

    @property
    def is_observer(self) -> bool:
        return self.organisation_id is not None

    @property
    def sits_as_observer(self) -> bool:
        """An observer organisation, or a country whose credentials were rejected (RP 8).

        Rejected credentials change no registration: the delegation keeps its members and their
        categories, so a later decision can restore it, but it neither votes nor counts as a
        member delegation while rejected.
        """
        if self.is_observer:
            return True
        credentials = getattr(self, "credentials", None)
        return credentials is not None and credentials.state == Credentials.State.REJECTED


class Registration(models.Model):
    """A person's registration to one session, in a delegation."""

    class Category(models.TextChoices):
        HEAD = "head", _("head of delegation")
        DELEGATE = "delegate", _("delegate")
        ADDITIONAL = "additional", _("additional delegate")
        OBSERVER = "observer", _("observer")
        SECRETARIAT = "secretariat", _("secretariat")
        MEDIA = "media", _("media")

    class Status(models.TextChoices):
        SUBMITTED = "submitted", pgettext_lazy("registration status", "submitted")
        APPROVED = "approved", pgettext_lazy("registration status", "approved")
        REJECTED = "rejected", pgettext_lazy("registration status", "rejected")
        WITHDRAWN = "withdrawn", pgettext_lazy("registration status", "withdrawn")
        CANCELLED = "cancelled", pgettext_lazy("registration status", "cancelled")

    ACTIVE_STATUSES = (Status.SUBMITTED, Status.APPROVED)
    MOVES = Moves(
        "status",
        {
            Status.SUBMITTED: (
                Status.APPROVED,
                Status.REJECTED,
                Status.WITHDRAWN,
                Status.CANCELLED,
            ),
            Status.APPROVED: (Status.WITHDRAWN, Status.CANCELLED),
        },
        refused=_("A registration that is %(status)s cannot be %(action)s."),
    )
    # Categories counted toward the ten delegates of RP 7(1).
    COUNTED_CATEGORIES = (Category.HEAD, Category.DELEGATE)

    session = models.ForeignKey(
        AssemblySession,
        on_delete=models.CASCADE,
        related_name="registrations",
        verbose_name=_("session"),
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="registrations", verbose_name=_("person")
    )
    # A copy of the person's email at registration: lets the database keep one per session.
    email = models.EmailField(_("email"))
    delegation = models.ForeignKey(
        Delegation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="registrations",
        verbose_name=_("delegation"),
    )
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.SUBMITTED
    )
    status_reason = models.TextField(_("reason"), blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
        help_text=_("The person themself, or the head of delegation who nominated them."),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    # Optimistic locking: two staff members editing the same row are told of the conflict.
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["session", "person__family_name"]
        verbose_name = _("registration")
        verbose_name_plural = _("registrations")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "person"],
                name="one_registration_per_session_person",
                violation_error_message=_("This person is already registered for the session."),
            ),
            models.UniqueConstraint(
                "session",
                Lower("email"),
                name="one_registration_per_session_email",
                violation_error_message=_("This email is already registered for the session."),
            ),
            models.UniqueConstraint(
                fields=["delegation"],
                condition=Q(category="head", status__in=["submitted", "approved"]),
                name="one_head_per_delegation",
                violation_error_message=_("This delegation already has a head of delegation."),
            ),
            models.CheckConstraint(
                condition=Q(
                    category__in=[
                        "head",
                        "delegate",
                        "additional",
                        "observer",
                        "secretariat",
                        "media",
                    ]
                ),
                name="registration_category_valid",
            ),
            models.CheckConstraint(
                condition=Q(
                    status__in=["submitted", "approved", "rejected", "withdrawn", "cancelled"]
                ),
                name="registration_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(delegation__isnull=False) | Q(category__in=["secretariat", "media"]),
                name="registration_in_a_delegation",
                violation_error_message=_(
                    "Members of a delegation and observers register in a delegation."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.get_category_display()} ({self.session.number})"


class Credentials(models.Model):
    """A delegation's credentials (RP 8), checked by the Credentials Bureau."""

    class State(models.TextChoices):
        PENDING = "pending", pgettext_lazy("credentials state", "pending")
        RECEIVED = "received", pgettext_lazy("credentials state", "received")
        ACCEPTED = "accepted", pgettext_lazy("credentials state", "accepted")
        REJECTED = "rejected", pgettext_lazy("credentials state", "rejected")
        DISPUTED = "disputed", pgettext_lazy("credentials state", "disputed")

    # RP 8: received by the Bureau, then decided; a disputed case is decided again on ruling.
    MOVES = Moves(
        "state",
        {
            State.PENDING: (State.RECEIVED,),
            State.RECEIVED: (State.ACCEPTED, State.REJECTED, State.DISPUTED),
            State.DISPUTED: (State.ACCEPTED, State.REJECTED),
        },
        refused=_("Credentials that are %(state)s cannot be %(to)s."),
    )

    class Authority(models.TextChoices):
        HEAD_OF_STATE = "head_of_state", _("Head of State")
        HEAD_OF_GOVERNMENT = "head_of_government", _("Head of Government")
        FOREIGN_MINISTER = "foreign_minister", _("Minister of Foreign Affairs")
        NCB_MINISTER = "ncb_minister", _("Minister in charge of the National Central Bureau")
        PLENIPOTENTIARY = "plenipotentiary", _("Plenipotentiary")

    delegation = models.OneToOneField(
        Delegation,
        on_delete=models.CASCADE,
        related_name="credentials",
        verbose_name=_("delegation"),
    )
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.PENDING
    )
    issuing_authority = models.CharField(
        _("issuing authority"), max_length=32, choices=Authority.choices, blank=True
    )
    issued_on = models.DateField(_("issued on"), null=True, blank=True)
    received_on = models.DateField(_("received on"), null=True, blank=True)
    letter = models.FileField(
        _("letter"), upload_to=credentials_letter_path, storage=_private_storage, blank=True
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), null=True, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        verbose_name = _("credentials")
        verbose_name_plural = _("credentials")
        constraints = [
            models.CheckConstraint(
                condition=Q(state__in=["pending", "received", "accepted", "rejected", "disputed"]),
                name="credentials_state_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.delegation}: {self.get_state_display()}"


class Attendance(models.Model):
    """A badge scanned at the entrance: recorded once per registration."""

    registration = models.OneToOneField(
        Registration,
        on_delete=models.CASCADE,
        related_name="attendance",
        verbose_name=_("registration"),
    )
    checked_in_at = models.DateTimeField(_("checked in at"), auto_now_add=True)
    checked_in_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("checked in by"),
    )

    class Meta:
        ordering = ["-checked_in_at"]
        verbose_name = _("attendance")
        verbose_name_plural = _("attendances")

    def __str__(self) -> str:
        return f"{self.registration.person} @ {self.checked_in_at:%Y-%m-%d %H:%M}"


def _audience_choices():
    from .audiences import audience_choices

    return audience_choices()


class DelegationMessage(models.Model):
    """A message to delegations, written once in the four working languages (GR 54)."""

    session = models.ForeignKey(
        AssemblySession,
        on_delete=models.CASCADE,
        related_name="delegation_messages",
        verbose_name=_("session"),
    )
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    audience = models.CharField(_("audience"), max_length=64, choices=_audience_choices, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("written by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    sent_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("sent by"),
    )
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("message to delegations")
        verbose_name_plural = _("messages to delegations")
        permissions = [("send_delegationmessage", _("Can send a message to delegations"))]

    def __str__(self) -> str:
        return self.subject


class DelegationMessageRecipient(models.Model):
    """Who received a message to delegations, at which address, in which language."""

    message = models.ForeignKey(
        DelegationMessage,
        on_delete=models.CASCADE,
        related_name="recipients",
        verbose_name=_("message"),
    )
    person = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    registration = models.ForeignKey(
        Registration,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registration"),
    )
    email = models.EmailField(_("email"))
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    mail = models.ForeignKey(
        "assembly.OutboundMail",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("outbound mail"),
    )
    created_at = models.DateTimeField(_("sent at"), auto_now_add=True)

    class Meta:
        ordering = ["message", "person__family_name"]
        verbose_name = _("recipient")
        verbose_name_plural = _("recipients")
        constraints = [
            models.UniqueConstraint(fields=["message", "person"], name="one_message_per_person"),
        ]

    def __str__(self) -> str:
        return f"{self.person} <{self.email}> ({self.language})"

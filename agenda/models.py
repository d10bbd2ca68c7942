"""The programme and the legal agenda of a session."""

import secrets
import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from assembly.languages import language_codes
from assembly.models import AssemblySession, Country, Document, Room, photo_path
from assembly.transitions import Moves

colour_validator = RegexValidator(
    r"^#[0-9a-fA-F]{6}$", _("Write the colour as # followed by six hexadecimal digits.")
)


class Theme(models.Model):
    """One of the themes of a session's panels and presentations."""

    session = models.ForeignKey(
        AssemblySession, on_delete=models.CASCADE, related_name="themes", verbose_name=_("session")
    )
    slug = models.SlugField(_("slug"), max_length=80)
    title = models.CharField(_("title"), max_length=400, help_text=_("The theme in full."))
    label = models.CharField(
        _("short label"),
        max_length=120,
        blank=True,
        help_text=_("A few words for the programme's filters and tags; the title when empty."),
    )
    description = models.TextField(_("description"), blank=True)
    colour = models.CharField(
        _("colour"), max_length=7, default="#0b3d91", validators=[colour_validator]
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["session", "order", "id"]
        verbose_name = _("theme")
        verbose_name_plural = _("themes")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "slug"],
                name="theme_slug_unique_in_session",
                violation_error_message=_("Another theme of the session has this slug."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def short_title(self) -> str:
        """The label for filters and tags, or the full title when there is none."""
        return self.label or self.title


class SlotQuerySet(models.QuerySet):
    def public(self):
        """What the public sees: published or cancelled (a cancellation is news), never drafts."""
        return self.filter(
            is_public=True,
            status__in=[ProgrammeSlot.Status.PUBLISHED, ProgrammeSlot.Status.CANCELLED],
        )

    def active(self):
        """Slots that occupy a room and their speakers' time: everything but cancellations."""
        return self.exclude(status=ProgrammeSlot.Status.CANCELLED)


class ProgrammeSlot(models.Model):
    """One entry of the four-day programme: a sitting, a panel, a break, a side event…"""

    class Kind(models.TextChoices):
        OPENING = "opening", pgettext_lazy("slot kind", "opening ceremony")
        PLENARY = "plenary", pgettext_lazy("slot kind", "plenary sitting")
        PANEL = "panel", pgettext_lazy("slot kind", "panel")
        KEYNOTE = "keynote", pgettext_lazy("slot kind", "keynote")
        PRESENTATION = "presentation", pgettext_lazy("slot kind", "presentation")
        BREAK = "break", pgettext_lazy("slot kind", "break")
        SIDE_EVENT = "side_event", pgettext_lazy("slot kind", "side event")
        PRESS = "press", pgettext_lazy("slot kind", "press conference")
        CLOSING = "closing", pgettext_lazy("slot kind", "closing ceremony")

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("slot status", "draft")
        PUBLISHED = "published", pgettext_lazy("slot status", "published")
        CANCELLED = "cancelled", pgettext_lazy("slot status", "cancelled")

    # Any state to any other: a draft is published, taken back or cancelled, a cancelled slot
    # may take place after all.
    MOVES = Moves(
        "status",
        {
            Status.DRAFT: (Status.PUBLISHED, Status.CANCELLED),
            Status.PUBLISHED: (Status.DRAFT, Status.CANCELLED),
            Status.CANCELLED: (Status.PUBLISHED, Status.DRAFT),
        },
    )

    session = models.ForeignKey(
        AssemblySession, on_delete=models.CASCADE, related_name="slots", verbose_name=_("session")
    )
    # A stable identifier for calendars and video teams: never changes when the slot moves.
    uid = models.UUIDField(_("stable identifier"), default=uuid.uuid4, unique=True, editable=False)
    slug = models.SlugField(_("slug"), max_length=100)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=250)
    description = models.TextField(_("description"), blank=True)
    start = models.DateTimeField(_("start"), help_text=_("In the session's time zone."))
    end = models.DateTimeField(_("end"), help_text=_("In the session's time zone."))
    room = models.ForeignKey(
        Room,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="slots",
        verbose_name=_("room"),
    )
    themes = models.ManyToManyField(
        Theme, blank=True, related_name="slots", verbose_name=_("themes")
    )
    is_public = models.BooleanField(
        _("public"), default=True, help_text=_("Closed sittings are not shown to the public.")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    interpretation_languages = models.JSONField(
        _("interpretation languages"),
        default=list,
        blank=True,
        help_text=_("Codes of the working languages interpreted: ar, en, fr, es."),
    )
    capacity = models.PositiveIntegerField(
        _("capacity"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1)],
        help_text=_("Side events only: the number of seats open to sign-up."),
    )
    # Raised by every service that changes what the slot's entry of the programme shows (its
    # fields, themes, speakers, room): the key of its cached fragment (agenda.fragments).
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    objects = SlotQuerySet.as_manager()

    class Meta:
        ordering = ["start", "room__order", "id"]
        verbose_name = _("programme slot")
        verbose_name_plural = _("programme slots")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")),
                name="slot_ends_after_it_starts",
                violation_error_message=_("A slot must end after it starts."),
            ),
            models.UniqueConstraint(
                fields=["session", "slug"],
                name="slot_slug_unique_in_session",
                violation_error_message=_("Another slot of the session has this slug."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["draft", "published", "cancelled"]),
                name="slot_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "opening",
                        "plenary",
                        "panel",
                        "keynote",
                        "presentation",
                        "break",
                        "side_event",
                        "press",
                        "closing",
                    ]
                ),
                name="slot_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1, kind="side_event"),
                name="slot_capacity_only_side_events",
                violation_error_message=_("Only a side event has a capacity, of at least one."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def duration_minutes(self) -> int:
        return int((self.end - self.start).total_seconds() // 60)

    @property
    def is_side_event_with_capacity(self) -> bool:
        return self.kind == self.Kind.SIDE_EVENT and self.capacity is not None

    def clean(self):
        errors: dict[str, list] = {}
        langs = self.interpretation_languages or []
        codes = language_codes()
        if not isinstance(langs, list) or any(code not in codes for code in langs):
            errors.setdefault("interpretation_languages", []).append(
                _("Choose among the working languages: %(languages)s.")
                % {"languages": ", ".join(codes)}
            )
        if self.capacity is not None and self.kind != self.Kind.SIDE_EVENT:
            errors.setdefault("capacity", []).append(_("Only a side event has a capacity."))
        if self.start and self.end:
            if self.end <= self.start:
                errors.setdefault("end", []).append(_("A slot must end after it starts."))
            elif self.session_id:
                errors.update(self._clean_against_session_and_rooms())
        if errors:
            raise ValidationError(errors)

    def _clean_against_session_and_rooms(self) -> dict:
        from assembly.i18n import short_time

        errors: dict[str, list] = {}
        session = self.session
        tz = session.tzinfo
        local_start, local_end = self.start.astimezone(tz), self.end.astimezone(tz)
        if local_start.date() < session.start_date or local_end.date() > session.end_date:
            errors["start"] = [
                ValidationError(
                    _("The slot must take place within the session, from %(start)s to %(end)s."),
                    params={"start": session.start_date, "end": session.end_date},
                )
            ]
        if self.room_id and self.status != self.Status.CANCELLED:
            clash = (
                ProgrammeSlot.objects.active()
                .filter(room_id=self.room_id, start__lt=self.end, end__gt=self.start)
                .exclude(pk=self.pk)
                .order_by("start")
                .first()
            )
            if clash is not None:
                errors["room"] = [
                    ValidationError(
                        _("The room is already booked for “%(slot)s” (%(start)s–%(end)s)."),
                        params={
                            "slot": clash.title,
                            "start": short_time(clash.start, tz),
                            "end": short_time(clash.end, tz),
                        },
                    )
                ]
        return errors


class Speaker(models.Model):
    """Someone who speaks, moderates or chairs; need not be a registered delegate."""

    slug = models.SlugField(_("slug"), max_length=100, unique=True)
    name = models.CharField(_("name"), max_length=200)
    function = models.CharField(_("function"), max_length=250, blank=True)
    organisation = models.CharField(_("organisation"), max_length=250, blank=True)
    biography = models.TextField(_("short biography"), blank=True)
    country = models.ForeignKey(
        Country,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("country"),
    )
    # A generated name under photos/: the public media URL serves only such names.
    photo = models.ImageField(_("photo"), upload_to=photo_path, blank=True)
    person = models.ForeignKey(
        "delegates.Person",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="speaker_profiles",
        verbose_name=_("registered delegate"),
        help_text=_("Optional: the delegate's profile, when the speaker is registered."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("speaker")
        verbose_name_plural = _("speakers")

    def __str__(self) -> str:
        return self.name


class SlotSpeaker(models.Model):
    """A speaker's role in one slot, in the order they appear."""

    class Role(models.TextChoices):
        CHAIR = "chair", pgettext_lazy("speaker role", "chair")
        MODERATOR = "moderator", pgettext_lazy("speaker role", "moderator")
        SPEAKER = "speaker", pgettext_lazy("speaker role", "speaker")
        PANELLIST = "panellist", pgettext_lazy("speaker role", "panellist")

    slot = models.ForeignKey(
        ProgrammeSlot, on_delete=models.CASCADE, related_name="appearances", verbose_name=_("slot")
    )
    speaker = models.ForeignKey(
        Speaker, on_delete=models.CASCADE, related_name="appearances", verbose_name=_("speaker")
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices, default=Role.SPEAKER)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["slot", "order", "id"]
        verbose_name = _("speaker in a slot")
        verbose_name_plural = _("speakers in slots")
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "speaker"],
                name="one_role_per_speaker_and_slot",
                violation_error_message=_("This speaker already has a role in this slot."),
            ),
            models.CheckConstraint(
                condition=Q(role__in=["chair", "moderator", "speaker", "panellist"]),
                name="slot_speaker_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.speaker} — {self.get_role_display()}"

    def clean(self):
        # The admin's inline gives an unsaved slot for a new one: check it all the same.
        slot = self._state.fields_cache.get("slot") if not self.slot_id else self.slot
        if slot is not None and slot.start and slot.end and self.speaker_id:
            clash = speaker_conflict(self.speaker_id, slot)
            if clash is not None:
                raise ValidationError(
                    {
                        "speaker": _("%(speaker)s already speaks in “%(slot)s” at the same time.")
                        % {"speaker": self.speaker.name, "slot": clash.title}
                    }
                )


def speaker_conflict(speaker_id: int, slot: ProgrammeSlot) -> ProgrammeSlot | None:
    """Another active slot in which the speaker appears while ``slot`` runs, if any."""
    if slot.status == ProgrammeSlot.Status.CANCELLED:
        return None
    return (
        ProgrammeSlot.objects.active()
        .filter(appearances__speaker_id=speaker_id, start__lt=slot.end, end__gt=slot.start)
        .exclude(pk=slot.pk if slot.pk else -1)
        .order_by("start")
        .first()
    )


class AgendaItem(models.Model):
    """An item of the legal agenda (e.g. “4.2”), distinct from the programme of the days."""

    class State(models.TextChoices):
        REQUESTED = "requested", pgettext_lazy("agenda item state", "requested")
        PROVISIONAL = "provisional", pgettext_lazy("agenda item state", "provisional")
        FINAL = "final", pgettext_lazy("agenda item state", "final")
        DEBATED = "debated", pgettext_lazy("agenda item state", "under debate")
        CLOSED = "closed", pgettext_lazy("agenda item state", "closed")
        WITHDRAWN = "withdrawn", pgettext_lazy("agenda item state", "withdrawn")

    MOVES = Moves(
        "state",
        {
            State.REQUESTED: (State.PROVISIONAL, State.WITHDRAWN),
            State.PROVISIONAL: (State.FINAL, State.WITHDRAWN),
            State.FINAL: (State.DEBATED, State.WITHDRAWN),
            State.DEBATED: (State.CLOSED, State.WITHDRAWN),
        },
        refused=_("Item %(number)s is %(state)s: it cannot become %(to)s."),
    )

    session = models.ForeignKey(
        AssemblySession,
        on_delete=models.CASCADE,
        related_name="agenda_items",
        verbose_name=_("session"),
    )
    number = models.CharField(
        _("number"),
        max_length=12,
        validators=[RegexValidator(r"^[0-9]+(\.[0-9]+)*$", _("Number items like 4 or 4.2."))],
    )
    slug = models.SlugField(_("slug"), max_length=100)
    title = models.CharField(_("title"), max_length=300)
    proposer = models.CharField(_("proposer"), max_length=200, blank=True)
    is_compulsory = models.BooleanField(
        _("compulsory item"),
        default=True,
        help_text=_("Compulsory under the Rules of Procedure; otherwise an additional item."),
    )
    is_public = models.BooleanField(_("public"), default=True)
    state = models.CharField(
        _("state"), max_length=16, choices=State.choices, default=State.REQUESTED
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)
    slots = models.ManyToManyField(
        ProgrammeSlot,
        blank=True,
        related_name="agenda_items",
        verbose_name=_("debated in"),
    )
    documents = models.ManyToManyField(
        Document, blank=True, related_name="agenda_items", verbose_name=_("documents")
    )
    speakers_list_closed = models.BooleanField(_("list of speakers closed"), default=False)

    class Meta:
        ordering = ["session", "order", "id"]
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "number"],
                name="agenda_item_number_unique_in_session",
                violation_error_message=_("Another item of the session has this number."),
            ),
            models.UniqueConstraint(
                fields=["session", "slug"],
                name="agenda_item_slug_unique_in_session",
                violation_error_message=_("Another item of the session has this slug."),
            ),
            models.CheckConstraint(
                condition=Q(
                    state__in=[
                        "requested",
                        "provisional",
                        "final",
                        "debated",
                        "closed",
                        "withdrawn",
                    ]
                ),
                name="agenda_item_state_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class FloorRequest(models.Model):
    """A delegation or observer asking for the floor on an agenda item (the list of speakers)."""

    class Kind(models.TextChoices):
        STATEMENT = "statement", pgettext_lazy("floor request", "statement")
        REPLY = "reply", pgettext_lazy("floor request", "right of reply")
        ORDER = "order", pgettext_lazy("floor request", "point of order")
        VOTE = "vote", pgettext_lazy("floor request", "explanation of vote")

    class Status(models.TextChoices):
        WAITING = "waiting", pgettext_lazy("floor request", "waiting")
        SPEAKING = "speaking", pgettext_lazy("floor request", "has the floor")
        SPOKEN = "spoken", pgettext_lazy("floor request", "spoke")
        WITHDRAWN = "withdrawn", pgettext_lazy("floor request", "withdrawn")

    MOVES = Moves(
        "status",
        {
            Status.WAITING: (Status.SPEAKING, Status.SPOKEN, Status.WITHDRAWN),
            Status.SPEAKING: (Status.SPOKEN,),
        },
        refused=_("The request can no longer be %(to)s (now: %(state)s)."),
        verbs={
            Status.SPEAKING: pgettext_lazy("floor request", "given the floor"),
            Status.SPOKEN: pgettext_lazy("floor request", "marked as spoken"),
        },
    )

    agenda_item = models.ForeignKey(
        AgendaItem,
        on_delete=models.CASCADE,
        related_name="floor_requests",
        verbose_name=_("agenda item"),
    )
    delegation = models.ForeignKey(
        "delegates.Delegation",
        on_delete=models.PROTECT,
        related_name="floor_requests",
        verbose_name=_("delegation"),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.STATEMENT)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.WAITING
    )
    position = models.PositiveIntegerField(_("position"), default=0)
    requested_at = models.DateTimeField(_("asked at"), auto_now_add=True)
    started_at = models.DateTimeField(_("floor given at"), null=True, blank=True)
    duration_seconds = models.PositiveIntegerField(_("spoke for (seconds)"), null=True, blank=True)

    class Meta:
        ordering = ["agenda_item", "position", "id"]
        verbose_name = _("request for the floor")
        verbose_name_plural = _("list of speakers")
        constraints = [
            models.CheckConstraint(
                condition=Q(kind__in=["statement", "reply", "order", "vote"]),
                name="floor_request_kind_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["waiting", "speaking", "spoken", "withdrawn"]),
                name="floor_request_status_valid",
            ),
            models.UniqueConstraint(
                fields=["agenda_item", "delegation", "kind"],
                condition=Q(status__in=["waiting", "speaking"]),
                name="one_pending_floor_request_per_kind",
                violation_error_message=_(
                    "This delegation is already on the list for this kind of intervention."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agenda_item.number}: {self.delegation} ({self.get_kind_display()})"


class SlotChange(models.Model):
    """One change to a published slot, for the public changelog (written by services only)."""

    class Kind(models.TextChoices):
        MOVED = "moved", pgettext_lazy("slot change", "moved")
        ROOM = "room", pgettext_lazy("slot change", "room changed")
        RETITLED = "retitled", pgettext_lazy("slot change", "title changed")
        DETAILS = "details", pgettext_lazy("slot change", "details changed")
        PUBLISHED = "published", pgettext_lazy("slot change", "published")
        UNPUBLISHED = "unpublished", pgettext_lazy("slot change", "withdrawn from the programme")
        CANCELLED = "cancelled", pgettext_lazy("slot change", "cancelled")

    slot = models.ForeignKey(
        ProgrammeSlot, on_delete=models.CASCADE, related_name="changes", verbose_name=_("slot")
    )
    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    old_start = models.DateTimeField(_("old start"), null=True, blank=True)
    old_end = models.DateTimeField(_("old end"), null=True, blank=True)
    new_start = models.DateTimeField(_("new start"), null=True, blank=True)
    new_end = models.DateTimeField(_("new end"), null=True, blank=True)
    old_room = models.ForeignKey(
        Room, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    new_room = models.ForeignKey(
        Room, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    old_title = models.CharField(_("old title"), max_length=250, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("change to the programme")
        verbose_name_plural = _("changes to the programme")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    kind__in=[
                        "moved",
                        "room",
                        "retitled",
                        "details",
                        "published",
                        "unpublished",
                        "cancelled",
                    ]
                ),
                name="slot_change_kind_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.slot}: {self.get_kind_display()}"


class Star(models.Model):
    """A slot a signed-in user marked to follow (and finds in their personal calendar)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+", verbose_name=_("user")
    )
    slot = models.ForeignKey(
        ProgrammeSlot, on_delete=models.CASCADE, related_name="stars", verbose_name=_("slot")
    )

    class Meta:
        verbose_name = _("starred slot")
        verbose_name_plural = _("starred slots")
        constraints = [
            models.UniqueConstraint(fields=["user", "slot"], name="one_star_per_user_and_slot")
        ]

    def __str__(self) -> str:
        return f"{self.user} ★ {self.slot}"


def new_calendar_token() -> str:
    return secrets.token_urlsafe(32)


class CalendarToken(models.Model):
    """The secret in the address of a user's personal calendar feed; regenerable."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="agenda_calendar_token",
        verbose_name=_("user"),
    )
    token = models.CharField(_("token"), max_length=64, unique=True, default=new_calendar_token)
    created_at = models.DateTimeField(_("created at"), auto_now=True)

    class Meta:
        verbose_name = _("calendar feed token")
        verbose_name_plural = _("calendar feed tokens")

    def __str__(self) -> str:
        return f"{self.user}"


class SideEventSignup(models.Model):
    """A delegate's seat at a side event, or their place on its waiting list."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", pgettext_lazy("sign-up status", "confirmed")
        WAITLISTED = "waitlisted", pgettext_lazy("sign-up status", "on the waiting list")
        CANCELLED = "cancelled", pgettext_lazy("sign-up status", "cancelled")

    slot = models.ForeignKey(
        ProgrammeSlot, on_delete=models.CASCADE, related_name="signups", verbose_name=_("slot")
    )
    person = models.ForeignKey(
        "delegates.Person",
        on_delete=models.CASCADE,
        related_name="side_event_signups",
        verbose_name=_("person"),
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    created_at = models.DateTimeField(_("signed up at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        ordering = ["slot", "created_at", "id"]
        verbose_name = _("side event sign-up")
        verbose_name_plural = _("side event sign-ups")
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "person"],
                condition=Q(status__in=["confirmed", "waitlisted"]),
                name="one_active_signup_per_person",
                violation_error_message=_("You are already signed up for this side event."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["confirmed", "waitlisted", "cancelled"]),
                name="signup_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} — {self.slot}: {self.get_status_display()}"


class ProgrammeVersion(models.Model):
    """A counter bumped by every change to the programme: part of every cached page's key."""

    number = models.PositiveBigIntegerField(default=1)

    class Meta:
        verbose_name = _("programme version")
        verbose_name_plural = _("programme versions")

    def __str__(self) -> str:
        return str(self.number)


class SlotAttendance(models.Model):
    """A badge scanned at the door of a sitting (a plenary sitting, a panel): once per sitting
    and registration. The entrance of the session is ``delegates.Attendance``."""

    slot = models.ForeignKey(
        ProgrammeSlot,
        on_delete=models.CASCADE,
        related_name="attendances",
        verbose_name=_("sitting"),
    )
    registration = models.ForeignKey(
        "delegates.Registration",
        on_delete=models.CASCADE,
        related_name="slot_attendances",
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
        verbose_name = _("attendance at a sitting")
        verbose_name_plural = _("attendances at sittings")
        constraints = [
            models.UniqueConstraint(
                fields=["slot", "registration"], name="one_attendance_per_slot_registration"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.registration.person} @ {self.slot}"

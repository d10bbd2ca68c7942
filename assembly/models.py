"""The core of the Assembly: regions, members, voting rights, sessions, venues, documents."""

import re
import zoneinfo
from pathlib import PurePosixPath
from uuid import uuid4

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.db.models.functions import Lower
from django.templatetags.static import static
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(_("“%(value)s” is not a known time zone."), params={"value": value})


class Region(models.Model):
    """One of the Organisation's four statutory regions."""

    code = models.SlugField(_("code"), max_length=16, unique=True)
    name = models.CharField(_("name"), max_length=100)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("region")
        verbose_name_plural = _("regions")

    def __str__(self) -> str:
        return self.name


class CountryQuerySet(models.QuerySet):
    def members(self):
        return self.filter(status=Country.Status.MEMBER)


class Country(models.Model):
    """A member country (or applicant, or former member) under the Organisation's own name."""

    class Status(models.TextChoices):
        MEMBER = "member", pgettext_lazy("country status", "member")
        APPLICANT = "applicant", pgettext_lazy("country status", "applicant")
        FORMER = "former", pgettext_lazy("country status", "former member")

    iso_code = models.CharField(
        _("ISO 3166 code"),
        max_length=2,
        null=True,
        blank=True,
        help_text=_("Two letters, where ISO 3166 has a code for the member."),
    )
    name = models.CharField(_("name"), max_length=150)
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, related_name="countries", verbose_name=_("region")
    )
    member_since = models.PositiveSmallIntegerField(
        _("member since"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1923), MaxValueValidator(2100)],
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.MEMBER
    )

    objects = CountryQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")
        constraints = [
            models.UniqueConstraint(
                Lower("iso_code"),
                name="country_iso_code_unique",
                violation_error_message=_("A country with this ISO code already exists."),
            ),
            models.CheckConstraint(
                condition=Q(status__in=["member", "applicant", "former"]),
                name="country_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(iso_code__isnull=True) | Q(iso_code__regex=r"^[A-Z]{2}$"),
                name="country_iso_code_two_capitals",
                violation_error_message=_("The ISO code is two capital letters."),
            ),
        ]

    def __str__(self) -> str:
        return self.name


class AssemblySession(models.Model):
    """One session of the General Assembly, e.g. the 91st, Vienna 2023."""

    class Kind(models.TextChoices):
        ORDINARY = "ordinary", pgettext_lazy("session kind", "ordinary")
        EXTRAORDINARY = "extraordinary", pgettext_lazy("session kind", "extraordinary")

    class Status(models.TextChoices):
        PLANNED = "planned", pgettext_lazy("session status", "planned")
        OPEN = "open", pgettext_lazy("session status", "open")
        CLOSED = "closed", pgettext_lazy("session status", "closed")

    number = models.PositiveSmallIntegerField(
        _("number"),
        unique=True,
        validators=[MinValueValidator(1)],
        help_text=_("The ordinal of the session: 91 for the 91st."),
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.ORDINARY)
    title = models.CharField(_("title"), max_length=200)
    introduction = models.TextField(_("introduction"), blank=True)
    tagline = models.CharField(
        _("tagline"), max_length=250, blank=True, help_text=_("One line under the title.")
    )
    feature_heading = models.CharField(
        _("featured section heading"),
        max_length=200,
        blank=True,
        help_text=_("The heading of a section of the page, e.g. the centenary."),
    )
    feature_text = models.TextField(
        _("featured section text"),
        blank=True,
        help_text=_("Paragraphs separated by an empty line."),
    )
    themes_introduction = models.CharField(
        _("introduction to the themes"),
        max_length=300,
        blank=True,
        help_text=_("The sentence that introduces the list of the session's themes."),
    )
    host_city = models.CharField(_("host city"), max_length=100)
    host_country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="hosted_sessions",
        verbose_name=_("host country"),
    )
    venue = models.ForeignKey(
        "Venue",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="sessions",
        verbose_name=_("venue"),
    )
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"))
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="UTC", validators=[validate_time_zone]
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PLANNED
    )
    is_current = models.BooleanField(
        _("current session"),
        default=False,
        help_text=_("The session shown on the home page. Exactly one session is current."),
    )

    class Meta:
        ordering = ["-number"]
        verbose_name = _("assembly session")
        verbose_name_plural = _("assembly sessions")
        constraints = [
            models.UniqueConstraint(
                fields=["is_current"],
                condition=Q(is_current=True),
                name="one_current_session",
                violation_error_message=_("Another session is already the current one."),
            ),
            models.CheckConstraint(
                condition=Q(end_date__gte=models.F("start_date")),
                name="session_ends_after_it_starts",
                violation_error_message=_("A session cannot end before it starts."),
            ),
            models.CheckConstraint(
                condition=Q(kind__in=["ordinary", "extraordinary"]), name="session_kind_valid"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["planned", "open", "closed"]), name="session_status_valid"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        if self.is_current:
            return reverse("assembly:home")
        return reverse("assembly:session", kwargs={"number": self.number})

    @property
    def year(self) -> int:
        return self.start_date.year

    @property
    def tzinfo(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


class VotingRights(models.Model):
    """A member country's right to vote at one session (GR 52: arrears suspend it unless waived)."""

    class Status(models.TextChoices):
        GOOD_STANDING = "good_standing", _("in good standing")
        SUSPENDED = "suspended", _("suspended for arrears")
        WAIVED = "waived", _("arrears waived by the Assembly")

    session = models.ForeignKey(
        AssemblySession,
        on_delete=models.CASCADE,
        related_name="voting_rights",
        verbose_name=_("session"),
    )
    country = models.ForeignKey(
        Country,
        on_delete=models.CASCADE,
        related_name="voting_rights",
        verbose_name=_("country"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.GOOD_STANDING
    )
    note = models.TextField(_("note"), blank=True)

    class Meta:
        ordering = ["session", "country__name"]
        verbose_name = _("voting rights")
        verbose_name_plural = _("voting rights")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "country"], name="one_voting_rights_per_session_country"
            ),
            models.CheckConstraint(
                condition=Q(status__in=["good_standing", "suspended", "waived"]),
                name="voting_rights_status_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country} — {self.session}: {self.get_status_display()}"


class Venue(models.Model):
    name = models.CharField(_("name"), max_length=150)
    city = models.CharField(_("city"), max_length=100)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="venues", verbose_name=_("country")
    )
    address = models.CharField(_("address"), max_length=250, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("venue")
        verbose_name_plural = _("venues")

    def __str__(self) -> str:
        return self.name


class Room(models.Model):
    venue = models.ForeignKey(
        Venue, on_delete=models.CASCADE, related_name="rooms", verbose_name=_("venue")
    )
    name = models.CharField(_("name"), max_length=100)
    capacity = models.PositiveIntegerField(_("capacity"), validators=[MinValueValidator(1)])
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["venue", "order", "name"]
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        constraints = [
            models.UniqueConstraint(fields=["venue", "name"], name="room_name_unique_in_venue"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="room_capacity_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.venue})"


def _generated_upload_path(folder: str, filename: str) -> str:
    """A generated file name: never the uploader's, which may carry a path or a script."""
    suffix = PurePosixPath(filename).suffix.lower()[:10]
    return f"{folder}/{uuid4().hex}{suffix}"


def document_file_path(instance: "DocumentFile", filename: str) -> str:
    return _generated_upload_path("documents", filename)


def photo_path(instance: "Photo", filename: str) -> str:
    return _generated_upload_path("photos", filename)


class Document(models.Model):
    """A session document; its language versions are attached to it as DocumentFiles."""

    class Kind(models.TextChoices):
        REPORT = "report", pgettext_lazy("document kind", "report")
        AGENDA = "agenda", pgettext_lazy("document kind", "agenda")
        RESOLUTION = "resolution", pgettext_lazy("document kind", "draft resolution")
        INFORMATION = "information", pgettext_lazy("document kind", "information")
        PRESS = "press", pgettext_lazy("document kind", "press release")

    session = models.ForeignKey(
        AssemblySession,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("session"),
    )
    reference = models.CharField(_("reference"), max_length=50, blank=True)
    title = models.CharField(_("title"), max_length=250)
    kind = models.CharField(
        _("kind"), max_length=16, choices=Kind.choices, default=Kind.INFORMATION
    )
    published_on = models.DateField(_("published on"), null=True, blank=True)
    is_public = models.BooleanField(_("public"), default=True)
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["session", "order", "id"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")

    def __str__(self) -> str:
        return self.title

    def versions(self) -> list[dict]:
        """One entry per working language, with its file or None: missing ones are shown as such.

        Uses the prefetched ``files`` when present so lists stay at a fixed number of queries.
        """
        by_language = {f.language: f for f in self.files.all()}
        return [
            {"code": code, "name": name, "file": by_language.get(code)}
            for code, name in settings.LANGUAGES
        ]


class DocumentFile(models.Model):
    document = models.ForeignKey(
        Document, on_delete=models.CASCADE, related_name="files", verbose_name=_("document")
    )
    language = models.CharField(_("language"), max_length=5, choices=settings.LANGUAGES)
    file = models.FileField(_("file"), upload_to=document_file_path)

    class Meta:
        ordering = ["document", "language"]
        verbose_name = _("document file")
        verbose_name_plural = _("document files")
        constraints = [
            models.UniqueConstraint(
                fields=["document", "language"],
                name="one_file_per_document_language",
                violation_error_message=_("This document already has a file in that language."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document} ({self.get_language_display()})"


def validate_illustration(path: str) -> None:
    """A drawing of the project's static files: a plain relative path to a file that exists."""
    if not ILLUSTRATION_PATH.fullmatch(path) or finders.find(path) is None:
        raise ValidationError(
            _("No drawing of the project has this path."), code="unknown_illustration"
        )


ILLUSTRATION_PATH = re.compile(r"[a-z0-9_-]+(/[a-z0-9_-]+)*\.(svg|png|jpg|webp)")


class Photo(models.Model):
    session = models.ForeignKey(
        AssemblySession,
        on_delete=models.CASCADE,
        related_name="photos",
        verbose_name=_("session"),
    )
    image = models.ImageField(
        _("image"),
        upload_to=photo_path,
        blank=True,
        width_field="width",
        height_field="height",
    )
    illustration = models.CharField(
        _("illustration"),
        max_length=200,
        blank=True,
        validators=[validate_illustration],
        help_text=_(
            "A drawing shipped with the project, as a path under static/ "
            "(e.g. img/gallery/vienna-skyline.svg); used when there is no uploaded image."
        ),
    )
    width = models.PositiveIntegerField(_("width"), null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(_("height"), null=True, blank=True, editable=False)
    caption = models.CharField(_("caption"), max_length=250)
    alt_text = models.CharField(
        _("alternative text"),
        max_length=250,
        help_text=_("What the photo shows, for people who cannot see it."),
    )
    order = models.PositiveSmallIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["session", "order", "id"]
        verbose_name = _("photo")
        verbose_name_plural = _("photos")
        constraints = [
            models.CheckConstraint(
                condition=~Q(image="") | ~Q(illustration=""),
                name="photo_has_an_image_or_an_illustration",
                violation_error_message=_("Upload an image or name an illustration."),
            ),
        ]

    def __str__(self) -> str:
        return self.caption

    @property
    def url(self) -> str:
        """Where the browser fetches the picture: the upload, or the project's drawing."""
        if self.image:
            return self.image.url
        return static(self.illustration)


class AuditRecord(models.Model):
    """Who did what, when (UTC), and why: append-only, written by services only."""

    at = models.DateTimeField(_("at"), auto_now_add=True, db_index=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("actor"),
    )
    action = models.CharField(_("action"), max_length=100, db_index=True)
    target_type = models.ForeignKey(
        "contenttypes.ContentType", on_delete=models.PROTECT, verbose_name=_("target type")
    )
    target_id = models.CharField(_("target id"), max_length=64)
    target_repr = models.CharField(_("target"), max_length=250)
    reason = models.TextField(_("reason"), blank=True)
    data = models.JSONField(_("data"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        verbose_name = _("audit record")
        verbose_name_plural = _("audit records")
        indexes = [models.Index(fields=["target_type", "target_id"])]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.target_repr}"


class OutboundMail(models.Model):
    """One mail to send: written before it is queued, so that no failure loses it silently."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("queued")
        RETRYING = "retrying", _("retrying")
        SENT = "sent", _("sent")
        FAILED = "failed", _("failed")

    created_at = models.DateTimeField(_("created at"), auto_now_add=True, db_index=True)
    to = models.JSONField(_("recipients"), default=list)
    subject = models.CharField(_("subject"), max_length=300)
    body = models.TextField(_("text"))
    html_body = models.TextField(_("HTML"), blank=True)
    from_email = models.CharField(_("from"), max_length=254, blank=True)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.QUEUED, db_index=True
    )
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    last_attempt_at = models.DateTimeField(_("last attempt"), null=True, blank=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("outbound mail")
        verbose_name_plural = _("outbound mail")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["queued", "retrying", "sent", "failed"]),
                name="outbound_mail_status_valid",
            ),
            models.CheckConstraint(
                condition=(Q(status="sent") & Q(sent_at__isnull=False))
                | (~Q(status="sent") & Q(sent_at__isnull=True)),
                name="outbound_mail_sent_has_time",
                violation_error_message=_("A sent mail has the time it was sent, and only it."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} → {', '.join(self.to)}"


class TaskBatch(models.Model):
    """Progress of a background batch (badges, PDFs): “120 of 400” in the admin."""

    class Status(models.TextChoices):
        RUNNING = "running", _("running")
        FINISHED = "finished", _("finished")
        FAILED = "failed", _("failed")

    kind = models.CharField(_("kind"), max_length=64, db_index=True)
    label = models.CharField(_("label"), max_length=200)
    total = models.PositiveIntegerField(_("total"))
    done = models.PositiveIntegerField(_("done"), default=0)
    failed = models.PositiveIntegerField(_("failed"), default=0)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.RUNNING
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    started_at = models.DateTimeField(_("started at"), auto_now_add=True, db_index=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    errors = models.JSONField(_("errors"), default=list, blank=True)

    class Meta:
        ordering = ["-started_at", "-id"]
        verbose_name = _("task batch")
        verbose_name_plural = _("task batches")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["running", "finished", "failed"]),
                name="task_batch_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(done__lte=models.F("total")) & Q(failed__lte=models.F("done")),
                name="task_batch_progress_within_total",
                violation_error_message=_("A batch cannot do more items than it has."),
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def progress(self) -> str:
        return _("%(done)s of %(total)s") % {"done": self.done, "total": self.total}

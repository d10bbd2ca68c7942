"""The secretariat's back office for the core app."""

import csv
import json
from datetime import UTC, date
from types import MethodType

from django import forms
from django.contrib import admin
from django.db import models
from django.http import HttpResponse
from django.utils.translation import get_language_info, ngettext_lazy
from django.utils.translation import gettext_lazy as _
from modeltranslation import admin as translation_admin

from . import services
from .admin_writes import ReadOnlyRecords, ServiceInline, ServiceModelAdmin, apply_to_each
from .i18n import zoned_datetime
from .languages import language_columns, missing_languages
from .list_filters import session_filter
from .models import (
    AssemblySession,
    AuditRecord,
    Country,
    Document,
    DocumentFile,
    OutboundMail,
    Photo,
    Region,
    Room,
    TaskBatch,
    Venue,
    VotingRights,
)
from .text import printable


class TranslatedFieldsMixin:
    """Translated fields as the secretariat needs them, in every translation admin.

    Each language column's input names its language, and runs right to left in Arabic: without
    ``lang`` and ``dir`` the browser lays Arabic out left to right (punctuation at the wrong end,
    the caret lost in mixed text) and spell-checks it as the officer's language.

    Each field is shown once, as its language columns: when a record is read-only, the admin
    lists the model's fields (``title`` and ``title_en``…) and modeltranslation replaces
    ``title`` by its columns, which were already there: every column came twice.
    """

    def get_fieldsets(self, request, obj=None):
        return [
            (title, {**options, "fields": list(dict.fromkeys(options["fields"]))})
            for title, options in super().get_fieldsets(request, obj)
        ]

    def patch_translation_field(self, db_field, field, request, **kwargs):
        super().patch_translation_field(db_field, field, request, **kwargs)
        language = getattr(db_field, "language", None)
        if language is None or field is None:
            return
        widget = self._get_widget_from_field(field)
        widget = getattr(widget, "widget", widget)  # ClearableWidgetWrapper holds the input
        if isinstance(widget, (forms.TextInput, forms.Textarea)):
            widget.attrs["lang"] = language
            widget.attrs["dir"] = "rtl" if get_language_info(language)["bidi"] else "ltr"


class TabbedTranslationAdmin(TranslatedFieldsMixin, translation_admin.TabbedTranslationAdmin):
    """modeltranslation's tabbed admin, with each language's inputs in their language."""


class TranslationTabularInline(TranslatedFieldsMixin, translation_admin.TranslationTabularInline):
    """modeltranslation's tabular inline, with each language's inputs in their language."""


def _session_of(obj, path: str):
    for name in path.split("__"):
        obj = getattr(obj, name, None) if obj is not None else None
    return obj


def _zoned_column(field, session_path: str):
    def column(obj):
        value = getattr(obj, field.name)
        if value is None:
            return None  # the admin's empty value
        session = _session_of(obj, session_path)
        return zoned_datetime(value, session.tzinfo if session is not None else UTC)

    return admin.display(description=field.verbose_name, ordering=field.name)(column)


class ReadonlyColumnsMixin:
    """Show some model fields through a display function wherever they are read, not edited.

    ``readonly_columns()`` maps a model field's name to (column name, display function); each
    mixin built on this one adds its own (cooperative ``super()``). The admin's own
    ``get_list_display``, ``get_readonly_fields`` and ``get_fieldsets`` (overridden or not) are
    wrapped, so that an admin that computes them itself is covered too. An editable field keeps
    its input.
    """

    def readonly_columns(self) -> dict:
        return {}

    def __init__(self, model, admin_site):
        super().__init__(model, admin_site)
        columns = self.readonly_columns()
        shown = {field: column for field, (column, _display) in columns.items()}
        for column, display in columns.values():
            setattr(self, column, display)
        list_display = self.get_list_display
        readonly_fields = self.get_readonly_fields
        fieldsets = self.get_fieldsets

        def get_list_display(_admin, request):
            return [shown.get(name, name) for name in list_display(request)]

        def get_readonly_fields(_admin, request, obj=None):
            # The original stays listed so that the form leaves it out; the fieldsets show the
            # column in its place.
            names = list(readonly_fields(request, obj))
            return names + [shown[name] for name in names if name in shown]

        def get_fieldsets(_admin, request, obj=None):
            readonly = set(self.get_readonly_fields(request, obj))
            if not self.has_change_permission(request, obj):
                readonly |= set(shown)  # a view-only record shows every field read-only
            return [
                (
                    title,
                    {
                        **options,
                        "fields": list(
                            dict.fromkeys(
                                shown[name]
                                if isinstance(name, str) and name in readonly and name in shown
                                else name
                                for name in options["fields"]
                            )
                        ),
                    },
                )
                for title, options in fieldsets(request, obj)
            ]

        # Bound methods of this admin (the admin's checks look for ``__func__``).
        self.get_list_display = MethodType(get_list_display, self)
        self.get_readonly_fields = MethodType(get_readonly_fields, self)
        self.get_fieldsets = MethodType(get_fieldsets, self)


class SessionTimesMixin(ReadonlyColumnsMixin):
    """The date-times of a session's records listed and shown in the session's time zone, with
    the zone named (a ballot closed at 11:15 UTC in Vienna reads "12:15 CET"), as the public
    pages show them; the server's zone (UTC) would put them an hour or more out.

    ``session_path`` leads from the record to its session (``"draft__session"``). Every
    date-time column of the list and every read-only date-time of the form is replaced by a
    column of the same title and ordering that names the zone.
    """

    session_path = "session"

    def readonly_columns(self) -> dict:
        columns = super().readonly_columns()
        for field in self.model._meta.concrete_fields:
            if isinstance(field, models.DateTimeField):
                columns[field.name] = (
                    f"{field.name}_in_session_zone",
                    _zoned_column(field, self.session_path),
                )
        return columns


class CurrentSessionTimesMixin:
    """Lists of records that belong to no session (the audit trail, the mail queue): their
    date-times in the current session's time zone, with the zone named, like the lists of the
    session's own records beside them; UTC before there is a current session.

    The zone is looked up once per list (the columns are made for each request), not per row.
    """

    def get_list_display(self, request):
        from .selectors import current_session

        session = current_session()
        zone = session.tzinfo if session is not None else UTC
        return [
            _zoned_list_column(self.model._meta.get_field(name), zone)
            if isinstance(name, str) and name in _datetime_field_names(self.model)
            else name
            for name in super().get_list_display(request)
        ]


def _datetime_field_names(model) -> set[str]:
    return {
        field.name
        for field in model._meta.concrete_fields
        if isinstance(field, models.DateTimeField)
    }


def _zoned_list_column(field, zone):
    def column(obj):
        value = getattr(obj, field.name)
        return None if value is None else zoned_datetime(value, zone)

    column.__name__ = f"{field.name}_in_session_zone"
    return admin.display(description=field.verbose_name, ordering=field.name)(column)


class MissingLanguagesMixin:
    """A column that lists the working languages still missing for the translated fields.

    A field left empty in every language (an optional description) is not a missing
    translation.
    """

    translated_fields: tuple[str, ...] = ()

    @admin.display(description=_("missing languages"))
    def missing_languages(self, obj):
        return ", ".join(missing_languages(obj, *self.translated_fields)) or "—"


@admin.register(Region)
class RegionAdmin(ServiceModelAdmin, TabbedTranslationAdmin):
    save_service = services.region_save
    delete_service = services.region_delete
    list_display = ["name", "code", "order"]
    search_fields = ["name", "code"]


@admin.register(Country)
class CountryAdmin(ServiceModelAdmin, MissingLanguagesMixin, TabbedTranslationAdmin):
    save_service = services.country_save
    delete_service = services.country_delete
    translated_fields = ("name",)
    list_display = ["name", "iso_code", "region", "status", "member_since", "missing_languages"]
    list_filter = ["region", "status"]
    search_fields = [*language_columns("name"), "iso_code"]
    list_select_related = ["region"]


class RoomInline(ServiceInline, TranslationTabularInline):
    save_service = services.room_save
    delete_service = services.room_delete
    model = Room
    extra = 0


@admin.register(Venue)
class VenueAdmin(ServiceModelAdmin, TabbedTranslationAdmin):
    save_service = services.venue_save
    delete_service = services.venue_delete
    list_display = ["name", "city", "country"]
    search_fields = ["name", "city"]
    list_select_related = ["country"]
    inlines = [RoomInline]


@admin.register(Room)
class RoomAdmin(ServiceModelAdmin, TabbedTranslationAdmin):
    save_service = services.room_save
    delete_service = services.room_delete
    list_display = ["name", "venue", "capacity"]
    list_filter = ["venue"]
    search_fields = ["name"]
    list_select_related = ["venue"]


@admin.register(AssemblySession)
class AssemblySessionAdmin(ServiceModelAdmin, MissingLanguagesMixin, TabbedTranslationAdmin):
    save_service = services.session_save
    delete_service = services.session_delete
    service_object = "session"
    translated_fields = ("title", "introduction", "host_city")
    list_display = [
        "number",
        "title",
        "host_city",
        "start_date",
        "end_date",
        "status",
        "is_current",
        "missing_languages",
    ]
    list_filter = ["status", "kind", "is_current"]
    search_fields = ["title", "host_city"]
    list_select_related = ["host_country"]
    date_hierarchy = "start_date"


@admin.register(VotingRights)
class VotingRightsAdmin(ServiceModelAdmin, admin.ModelAdmin):
    save_service = services.voting_rights_save
    delete_service = services.voting_rights_delete
    list_display = ["country", "session", "status"]
    list_filter = [session_filter(), "status", "country__region"]
    search_fields = [*language_columns("country__name"), "country__iso_code"]
    list_select_related = ["country", "session"]
    autocomplete_fields = ["country"]


class DocumentFileInline(ServiceInline, admin.TabularInline):
    save_service = services.document_file_save
    delete_service = services.document_file_delete
    model = DocumentFile
    extra = 0


@admin.register(Document)
class DocumentAdmin(ServiceModelAdmin, MissingLanguagesMixin, TabbedTranslationAdmin):
    save_service = services.document_save
    delete_service = services.document_delete
    translated_fields = ("title",)
    list_display = [
        "title",
        "reference",
        "session",
        "kind",
        "is_public",
        "file_languages",
        "missing_languages",
    ]
    list_filter = [session_filter(), "kind", "is_public"]
    search_fields = ["title", "reference"]
    list_select_related = ["session"]
    inlines = [DocumentFileInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("files")

    @admin.display(description=_("files"))
    def file_languages(self, obj):
        return ", ".join(f.language for f in obj.files.all()) or "—"


@admin.register(Photo)
class PhotoAdmin(ServiceModelAdmin, MissingLanguagesMixin, TabbedTranslationAdmin):
    save_service = services.photo_save
    delete_service = services.photo_delete
    translated_fields = ("caption", "alt_text")
    list_display = ["caption", "session", "order", "missing_languages"]
    list_filter = [session_filter()]
    search_fields = ["caption"]


class DateRangeFilter(admin.FieldListFilter):
    """From and to dates (inclusive, UTC) on a date-time field, as a small GET form."""

    template = "admin/assembly/date_range_filter.html"

    def __init__(self, field, request, params, model, model_admin, field_path):
        self.parameter_from = f"{field_path}__date__gte"
        self.parameter_to = f"{field_path}__date__lte"
        self.values = {}
        for name in (self.parameter_from, self.parameter_to):
            value = params.get(name, [""])
            value = value[-1] if isinstance(value, list) else value
            try:
                self.values[name] = date.fromisoformat(value) if value else None
            except ValueError:
                self.values[name] = None  # a malformed date is ignored, never a 500
        # FieldListFilter takes its parameters out of ``params`` (and so out of the queryset).
        super().__init__(field, request, params, model, model_admin, field_path)
        self.title = _("%(field)s (date range, UTC)") % {"field": field.verbose_name}
        self.value_from = self.values[self.parameter_from]
        self.value_to = self.values[self.parameter_to]
        self.kept_params = [
            (key, value)
            for key, value in request.GET.items()
            if key not in {self.parameter_from, self.parameter_to, "p"}
        ]

    def has_output(self):
        return True

    def expected_parameters(self):
        return [self.parameter_from, self.parameter_to]

    def queryset(self, request, queryset):
        lookups = {name: value for name, value in self.values.items() if value is not None}
        return queryset.filter(**lookups)

    def choices(self, changelist):
        # The template renders the form; one "all" link clears the range.
        yield {
            "selected": not any(self.values.values()),
            "query_string": changelist.get_query_string(
                remove=[self.parameter_from, self.parameter_to]
            ),
            "display": _("All"),
        }


def _csv_cell(value) -> str:
    """A cell a spreadsheet never runs as a formula (SECURITY.md 8), without control characters
    (SECURITY.md 29)."""
    text = "" if value is None else printable(str(value))
    if text[:1] in {"=", "+", "-", "@", "\t", "\r"}:
        return "'" + text
    return text


@admin.register(AuditRecord)
class AuditRecordAdmin(ReadOnlyRecords, CurrentSessionTimesMixin, admin.ModelAdmin):
    """The audit trail is append-only: staff may read, filter, search and export it."""

    list_display = ["at", "actor", "action", "target_type", "target_repr", "reason"]
    list_filter = [("at", DateRangeFilter), "action", "target_type"]
    search_fields = ["target_repr", "target_id", "reason", "action", "actor__email"]
    date_hierarchy = "at"
    list_select_related = ["actor", "target_type"]
    readonly_fields = [
        "at",
        "actor",
        "action",
        "target_type",
        "target_id",
        "target_repr",
        "reason",
        "data",
    ]
    actions = ["export_csv"]

    @admin.action(description=_("Export the selected records (CSV, UTC times)"))
    def export_csv(self, request, queryset):
        response = HttpResponse(content_type="text/csv; charset=utf-8")
        response["Content-Disposition"] = 'attachment; filename="audit-trail.csv"'
        response.write("\ufeff")  # so that spreadsheets read the four languages correctly
        writer = csv.writer(response)
        writer.writerow(
            ["at (UTC)", "actor", "action", "target type", "target id", "target", "reason", "data"]
        )
        rows = queryset.select_related("actor", "target_type").order_by("at", "id")
        for record in rows.iterator(chunk_size=2000):
            writer.writerow(
                [
                    _csv_cell(record.at.astimezone(UTC).isoformat(timespec="seconds")),
                    _csv_cell(record.actor.email if record.actor else ""),
                    _csv_cell(record.action),
                    _csv_cell(f"{record.target_type.app_label}.{record.target_type.model}"),
                    _csv_cell(record.target_id),
                    _csv_cell(record.target_repr),
                    _csv_cell(record.reason),
                    _csv_cell(json.dumps(record.data, ensure_ascii=False, sort_keys=True)),
                ]
            )
        return response


@admin.register(OutboundMail)
class OutboundMailAdmin(CurrentSessionTimesMixin, ServiceModelAdmin, admin.ModelAdmin):
    """Every mail the platform sends, with its state: a failed one is visible and sent again."""

    list_display = ["created_at", "subject", "recipients", "status", "attempts", "last_error"]
    list_filter = ["status", ("created_at", DateRangeFilter)]
    search_fields = ["subject", "to"]
    date_hierarchy = "created_at"
    actions = ["send_again"]
    readonly_fields = [
        "created_at",
        "to",
        "subject",
        "body",
        "html_body",
        "from_email",
        "status",
        "attempts",
        "last_error",
        "last_attempt_at",
        "sent_at",
    ]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("recipients"))
    def recipients(self, obj):
        return ", ".join(obj.to)

    @admin.action(description=_("Send the selected mail again"), permissions=["change"])
    def send_again(self, request, queryset):
        from .services import outbound_mail_requeue

        apply_to_each(
            self,
            request,
            queryset.exclude(status=OutboundMail.Status.SENT),
            lambda mail: outbound_mail_requeue(mail=mail, actor=request.user),
            ngettext_lazy("%(count)d mail queued again.", "%(count)d mails queued again.", "count"),
        )


@admin.register(TaskBatch)
class TaskBatchAdmin(ReadOnlyRecords, admin.ModelAdmin):
    """Background batches (badges, PDFs) and how far they have got: “120 of 400”."""

    list_display = ["label", "kind", "progress", "failed", "status", "started_by", "started_at"]
    list_filter = ["kind", "status"]
    search_fields = ["label", "kind"]
    list_select_related = ["started_by"]
    readonly_fields = [
        "kind",
        "label",
        "total",
        "done",
        "failed",
        "status",
        "started_by",
        "started_at",
        "finished_at",
        "errors",
    ]

    @admin.display(description=_("progress"))
    def progress(self, obj):
        return obj.progress


# Accounts, staff groups and sign-in addresses replace Django's and allauth's stock admins.
from . import accounts_admin  # noqa: E402, F401

"""The secretariat's back office for the core app."""

from django.contrib import admin
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TabbedTranslationAdmin, TranslationTabularInline

from .models import (
    AssemblySession,
    AuditRecord,
    Country,
    Document,
    DocumentFile,
    Photo,
    Region,
    Room,
    Venue,
    VotingRights,
)


class MissingLanguagesMixin:
    """A column that lists the working languages still missing for the translated fields."""

    translated_fields: tuple[str, ...] = ()

    @admin.display(description=_("missing languages"))
    def missing_languages(self, obj):
        from django.conf import settings

        missing = [
            code
            for code, _name in settings.LANGUAGES
            if any(not getattr(obj, f"{field}_{code}", "") for field in self.translated_fields)
        ]
        return ", ".join(missing) or "—"


@admin.register(Region)
class RegionAdmin(TabbedTranslationAdmin):
    list_display = ["name", "code", "order"]
    search_fields = ["name", "code"]


@admin.register(Country)
class CountryAdmin(MissingLanguagesMixin, TabbedTranslationAdmin):
    translated_fields = ("name",)
    list_display = ["name", "iso_code", "region", "status", "member_since", "missing_languages"]
    list_filter = ["region", "status"]
    search_fields = ["name_en", "name_fr", "name_es", "name_ar", "iso_code"]
    list_select_related = ["region"]


class RoomInline(TranslationTabularInline):
    model = Room
    extra = 0


@admin.register(Venue)
class VenueAdmin(TabbedTranslationAdmin):
    list_display = ["name", "city", "country"]
    search_fields = ["name", "city"]
    list_select_related = ["country"]
    inlines = [RoomInline]


@admin.register(Room)
class RoomAdmin(TabbedTranslationAdmin):
    list_display = ["name", "venue", "capacity"]
    list_filter = ["venue"]
    search_fields = ["name"]
    list_select_related = ["venue"]


@admin.register(AssemblySession)
class AssemblySessionAdmin(MissingLanguagesMixin, TabbedTranslationAdmin):
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
class VotingRightsAdmin(admin.ModelAdmin):
    list_display = ["country", "session", "status"]
    list_filter = ["session", "status", "country__region"]
    search_fields = ["country__name_en", "country__name_fr", "country__iso_code"]
    list_select_related = ["country", "session"]
    autocomplete_fields = ["country"]


class DocumentFileInline(admin.TabularInline):
    model = DocumentFile
    extra = 0


@admin.register(Document)
class DocumentAdmin(MissingLanguagesMixin, TabbedTranslationAdmin):
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
    list_filter = ["session", "kind", "is_public"]
    search_fields = ["title", "reference"]
    list_select_related = ["session"]
    inlines = [DocumentFileInline]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("files")

    @admin.display(description=_("files"))
    def file_languages(self, obj):
        return ", ".join(f.language for f in obj.files.all()) or "—"


@admin.register(Photo)
class PhotoAdmin(MissingLanguagesMixin, TabbedTranslationAdmin):
    translated_fields = ("caption", "alt_text")
    list_display = ["caption", "session", "order", "missing_languages"]
    list_filter = ["session"]
    search_fields = ["caption"]


@admin.register(AuditRecord)
class AuditRecordAdmin(admin.ModelAdmin):
    """The audit trail is append-only: staff may read it, never change it."""

    list_display = ["at", "actor", "action", "target_repr", "reason"]
    list_filter = ["action", "target_type"]
    search_fields = ["target_repr", "reason", "actor__email"]
    date_hierarchy = "at"
    list_select_related = ["actor", "target_type"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

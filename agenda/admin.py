"""The programme in the back office: validation in the forms, state changes through services."""

from django import forms
from django.conf import settings
from django.contrib import admin
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from assembly.admin import MissingLanguagesMixin, SessionTimesMixin, TabbedTranslationAdmin
from assembly.admin_writes import (
    ReadOnlyRecords,
    ServiceInline,
    ServiceModelAdmin,
    apply_to_each,
)
from assembly.languages import language_codes, language_columns
from assembly.list_filters import AutocompleteFilter, FilterMediaMixin, session_filter
from assembly.models import Region
from assembly.text import number_from_query
from delegates.models import Person

from . import services
from .models import (
    AgendaItem,
    FloorRequest,
    ProgrammeSlot,
    SideEventSignup,
    SlotAttendance,
    SlotChange,
    SlotSpeaker,
    Speaker,
    Theme,
)


def _each(modeladmin, request, queryset, service, done_message, arg="slot", **kwargs):
    """``service(actor=…, <arg>=row, **kwargs)`` for each selected row (``apply_to_each``)."""
    apply_to_each(
        modeladmin,
        request,
        queryset,
        lambda obj: service(actor=request.user, **{arg: obj}, **kwargs),
        done_message,
    )


@admin.register(Theme)
class ThemeAdmin(ServiceModelAdmin, MissingLanguagesMixin, TabbedTranslationAdmin):
    save_service = services.theme_save
    delete_service = services.theme_delete
    translated_fields = ("title", "description")
    list_display = ["title", "session", "slug", "order", "missing_languages"]
    list_filter = [session_filter()]
    search_fields = [*language_columns("title"), "slug"]
    list_select_related = ["session"]
    prepopulated_fields = {"slug": ("title_en",)}


class SlotSpeakerInline(ServiceInline, admin.TabularInline):
    save_service = services.slot_speaker_save
    delete_service = services.slot_speaker_delete
    model = SlotSpeaker
    extra = 1
    autocomplete_fields = ["speaker"]


def _working_languages():
    return list(settings.LANGUAGES)


class ProgrammeSlotForm(forms.ModelForm):
    # One box per working language (from settings), saved as the list of codes the model keeps.
    interpretation_languages = forms.MultipleChoiceField(
        label=_("interpretation languages"),
        choices=_working_languages,
        widget=forms.CheckboxSelectMultiple,
        required=False,
        help_text=_("The working languages interpreted in the room."),
    )

    def clean_interpretation_languages(self):
        chosen = set(self.cleaned_data["interpretation_languages"])
        return [code for code in language_codes() if code in chosen]


@admin.register(ProgrammeSlot)
class ProgrammeSlotAdmin(
    SessionTimesMixin, ServiceModelAdmin, MissingLanguagesMixin, TabbedTranslationAdmin
):
    form = ProgrammeSlotForm
    save_service = services.slot_save
    delete_service = services.slot_delete
    service_object = "slot"
    translated_fields = ("title", "description")
    list_display = [
        "title",
        "kind",
        "start",
        "end",
        "room",
        "status",
        "is_public",
        "capacity",
        "missing_languages",
    ]
    list_filter = [session_filter(), "kind", "status", "is_public", "room", "themes"]
    search_fields = [*language_columns("title"), "slug"]
    list_select_related = ["room", "session"]
    date_hierarchy = "start"
    filter_horizontal = ["themes"]
    readonly_fields = ["uid"]
    inlines = [SlotSpeakerInline]
    actions = ["publish", "unpublish", "cancel", "duplicate"]

    def _session_time_zone(self, request, object_id=None):
        """Staff type and read times in the session's zone (Vienna), not the server's (UTC)."""
        from assembly.models import AssemblySession
        from assembly.selectors import current_session

        session = None
        slot_pk = number_from_query(object_id)
        if slot_pk is not None:
            slot = ProgrammeSlot.objects.filter(pk=slot_pk).select_related("session").first()
            session = slot.session if slot else None
        session_pk = number_from_query(request.POST.get("session") or request.GET.get("session"))
        if session is None and session_pk is not None:
            session = AssemblySession.objects.filter(pk=session_pk).first()
        if session is None:
            session = current_session()
        return session.tzinfo if session else timezone.get_current_timezone()

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        with timezone.override(self._session_time_zone(request, object_id)):
            response = super().changeform_view(request, object_id, form_url, extra_context)
            return _rendered(response)

    def changelist_view(self, request, extra_context=None):
        with timezone.override(self._session_time_zone(request)):
            return _rendered(super().changelist_view(request, extra_context))

    @admin.action(description=_("Publish the selected slots"), permissions=["change"])
    def publish(self, request, queryset):
        _each(
            self,
            request,
            queryset,
            services.slot_publish,
            ngettext_lazy("%(count)d slot published.", "%(count)d slots published.", "count"),
        )

    @admin.action(description=_("Take the selected slots back to draft"), permissions=["change"])
    def unpublish(self, request, queryset):
        _each(
            self,
            request,
            queryset,
            services.slot_unpublish,
            ngettext_lazy("%(count)d slot unpublished.", "%(count)d slots unpublished.", "count"),
        )

    @admin.action(description=_("Cancel the selected slots"), permissions=["change"])
    def cancel(self, request, queryset):
        _each(
            self,
            request,
            queryset,
            services.slot_cancel,
            ngettext_lazy("%(count)d slot cancelled.", "%(count)d slots cancelled.", "count"),
        )

    @admin.action(description=_("Duplicate the selected slots as drafts"), permissions=["add"])
    def duplicate(self, request, queryset):
        _each(
            self,
            request,
            queryset,
            services.slot_duplicate,
            ngettext_lazy("%(count)d slot duplicated.", "%(count)d slots duplicated.", "count"),
        )


@admin.register(Speaker)
class SpeakerAdmin(
    FilterMediaMixin, ServiceModelAdmin, MissingLanguagesMixin, TabbedTranslationAdmin
):
    save_service = services.speaker_save
    delete_service = services.speaker_delete
    translated_fields = ("function", "organisation", "biography")
    list_display = ["name", "function", "organisation", "country", "missing_languages"]
    search_fields = ["name", "slug", "organisation_en", "function_en"]
    list_filter = [("country", AutocompleteFilter)]
    list_select_related = ["country"]
    autocomplete_fields = ["country"]
    raw_id_fields = ["person"]
    prepopulated_fields = {"slug": ("name",)}


@admin.register(AgendaItem)
class AgendaItemAdmin(ServiceModelAdmin, MissingLanguagesMixin, TabbedTranslationAdmin):
    save_service = services.agenda_item_save
    delete_service = services.agenda_item_delete
    service_object = "item"
    translated_fields = ("title", "proposer")
    list_display = [
        "number",
        "title",
        "session",
        "state",
        "is_compulsory",
        "is_public",
        "speakers_list_closed",
        "missing_languages",
    ]
    list_filter = [session_filter(), "state", "is_compulsory", "is_public"]
    search_fields = ["number", *language_columns("title")]
    list_select_related = ["session"]
    filter_horizontal = ["slots", "documents"]
    readonly_fields = ["state", "speakers_list_closed"]
    actions = [
        "make_provisional",
        "make_final",
        "open_debate",
        "close",
        "withdraw",
        "close_list",
        "reopen_list",
    ]

    def _run(self, request, queryset, service, message):
        _each(self, request, queryset, service, message, arg="item")

    @admin.action(description=_("Put on the provisional agenda"), permissions=["change"])
    def make_provisional(self, request, queryset):
        self._run(
            request,
            queryset,
            services.agenda_item_make_provisional,
            ngettext_lazy(
                "%(count)d item made provisional.", "%(count)d items made provisional.", "count"
            ),
        )

    @admin.action(description=_("Adopt as final (agenda adopted)"), permissions=["change"])
    def make_final(self, request, queryset):
        self._run(
            request,
            queryset,
            services.agenda_item_make_final,
            ngettext_lazy("%(count)d item made final.", "%(count)d items made final.", "count"),
        )

    @admin.action(description=_("Open the debate"), permissions=["change"])
    def open_debate(self, request, queryset):
        self._run(
            request,
            queryset,
            services.agenda_item_open_debate,
            ngettext_lazy("%(count)d debate opened.", "%(count)d debates opened.", "count"),
        )

    @admin.action(description=_("Close the item"), permissions=["change"])
    def close(self, request, queryset):
        self._run(
            request,
            queryset,
            services.agenda_item_close,
            ngettext_lazy("%(count)d item closed.", "%(count)d items closed.", "count"),
        )

    @admin.action(description=_("Withdraw the item"), permissions=["change"])
    def withdraw(self, request, queryset):
        self._run(
            request,
            queryset,
            services.agenda_item_withdraw,
            ngettext_lazy("%(count)d item withdrawn.", "%(count)d items withdrawn.", "count"),
        )

    @admin.action(description=_("Close the list of speakers"), permissions=["change"])
    def close_list(self, request, queryset):
        self._run(
            request,
            queryset,
            services.speakers_list_close,
            ngettext_lazy("%(count)d list closed.", "%(count)d lists closed.", "count"),
        )

    @admin.action(description=_("Reopen the list of speakers"), permissions=["change"])
    def reopen_list(self, request, queryset):
        self._run(
            request,
            queryset,
            services.speakers_list_reopen,
            ngettext_lazy("%(count)d list reopened.", "%(count)d lists reopened.", "count"),
        )


@admin.register(FloorRequest)
class FloorRequestAdmin(SessionTimesMixin, ServiceModelAdmin, admin.ModelAdmin):
    """The list of speakers, for the staff at the rostrum: order, give the floor, mark spoken.

    A request is withdrawn, never deleted; once made, it changes only through the actions.
    """

    session_path = "agenda_item__session"

    list_display = [
        "position",
        "agenda_item",
        "delegation",
        "kind",
        "status",
        "started_at",
        "duration_seconds",
    ]
    list_display_links = ["delegation"]
    list_filter = [session_filter("agenda_item__session"), "agenda_item", "status", "kind"]
    list_select_related = [
        "agenda_item__session",
        "delegation__country",
        "delegation__organisation",
        "delegation__session",
    ]
    search_fields = ["delegation__country__name_en", "delegation__organisation__name"]
    raw_id_fields = ["delegation", "agenda_item"]
    readonly_fields = ["status", "position", "started_at", "duration_seconds"]
    actions = ["move_to_top", "move_up", "give_floor", "mark_spoken", "withdraw"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None:  # the kind and who asked do not change after the fact
            return [*self.readonly_fields, "agenda_item", "delegation", "kind"]
        return self.readonly_fields

    @transaction.atomic
    def save_model(self, request, obj, form, change):
        # The change form has nothing editable left: only a new request is written.
        if not change:
            created = services.floor_request_create(
                actor=request.user,
                agenda_item=obj.agenda_item,
                delegation=obj.delegation,
                kind=obj.kind,
            )
            obj.pk = created.pk

    def _run(self, request, queryset, service, message, **kwargs):
        _each(self, request, queryset, service, message, arg="request", **kwargs)

    @admin.action(description=_("Move to the top of the list"), permissions=["change"])
    def move_to_top(self, request, queryset):
        self._run(
            request,
            queryset,
            services.floor_request_move,
            ngettext_lazy("%(count)d request moved.", "%(count)d requests moved.", "count"),
            position=1,
        )

    @admin.action(description=_("Move up one place"), permissions=["change"])
    def move_up(self, request, queryset):
        def move_up_one(obj):
            waiting = list(
                FloorRequest.objects.filter(
                    agenda_item_id=obj.agenda_item_id, status=FloorRequest.Status.WAITING
                ).values_list("pk", flat=True)
            )
            # A request no longer waiting is refused by the service, and reported.
            position = max(1, waiting.index(obj.pk)) if obj.pk in waiting else 1
            services.floor_request_move(actor=request.user, request=obj, position=position)

        apply_to_each(
            self,
            request,
            queryset,
            move_up_one,
            ngettext_lazy("%(count)d request moved.", "%(count)d requests moved.", "count"),
        )

    @admin.action(description=_("Give the floor"), permissions=["change"])
    def give_floor(self, request, queryset):
        self._run(
            request,
            queryset,
            services.floor_request_give_floor,
            ngettext_lazy(
                "%(count)d delegation given the floor.",
                "%(count)d delegations given the floor.",
                "count",
            ),
        )

    @admin.action(
        description=_("Mark as spoken (time since given the floor)"), permissions=["change"]
    )
    def mark_spoken(self, request, queryset):
        self._run(
            request,
            queryset,
            services.floor_request_mark_spoken,
            ngettext_lazy(
                "%(count)d request marked spoken.", "%(count)d requests marked spoken.", "count"
            ),
        )

    @admin.action(description=_("Withdraw from the list"), permissions=["change"])
    def withdraw(self, request, queryset):
        self._run(
            request,
            queryset,
            services.floor_request_withdraw,
            ngettext_lazy("%(count)d request withdrawn.", "%(count)d requests withdrawn.", "count"),
        )


@admin.register(SlotChange)
class SlotChangeAdmin(ReadOnlyRecords, SessionTimesMixin, admin.ModelAdmin):
    """The changelog is written by the services; staff read it."""

    session_path = "slot__session"

    list_display = ["at", "slot", "kind", "old_start", "new_start", "old_room", "new_room"]
    list_filter = ["kind", session_filter("slot__session")]
    list_select_related = ["slot__session", "old_room", "new_room"]
    search_fields = ["slot__title_en"]


@admin.register(SideEventSignup)
class SideEventSignupAdmin(SessionTimesMixin, ServiceModelAdmin, admin.ModelAdmin):
    """Sign-ups are made by delegates and cancelled here (never deleted: the waiting list
    moves up only through ``side_event_cancel``)."""

    session_path = "slot__session"
    list_display = ["slot", "person", "status", "created_at"]
    list_filter = ["status", "slot"]
    list_select_related = ["slot__session", "person"]
    search_fields = ["person__family_name", "person__email", "slot__title_en"]
    actions = ["cancel"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    @admin.action(
        description=_("Cancel the selected sign-ups (promotes the waiting list)"),
        permissions=["view"],
    )
    def cancel(self, request, queryset):
        apply_to_each(
            self,
            request,
            queryset,
            lambda signup: services.side_event_cancel(signup=signup),
            ngettext_lazy("%(count)d sign-up cancelled.", "%(count)d sign-ups cancelled.", "count"),
        )


def _rendered(response):
    """A TemplateResponse renders after the view returns, so outside the time zone the view
    chose: render it here, or the form shows UTC times that it then reads as local ones."""
    if hasattr(response, "render") and not response.is_rendered:
        response.render()
    return response


@admin.register(SlotAttendance)
class SlotAttendanceAdmin(ReadOnlyRecords, SessionTimesMixin, ServiceModelAdmin, admin.ModelAdmin):
    """Badges scanned at the doors of the sittings: recorded by the check-in page
    (``slot_attendance_record``); staff read them here, nobody adds, changes or deletes one."""

    session_path = "slot__session"

    list_display = ["slot", "person", "country_or_organisation", "region", "checked_in_at"]
    list_display_links = None
    list_filter = [
        session_filter("slot__session"),
        ("slot", admin.RelatedOnlyFieldListFilter),
        "registration__delegation__country__region",
    ]
    list_select_related = [
        "slot__session",
        "registration__person",
        "registration__delegation__country__region",
        "registration__delegation__organisation",
    ]
    search_fields = [
        "registration__person__family_name",
        "registration__person__given_name",
        "slot__title_en",
    ]
    date_hierarchy = None

    @admin.display(
        description=Person._meta.verbose_name, ordering="registration__person__family_name"
    )
    def person(self, attendance):
        return attendance.registration.person

    @admin.display(
        description=_("Country or organisation"),
        ordering="registration__delegation__country__name",
    )
    def country_or_organisation(self, attendance):
        delegation = attendance.registration.delegation
        if delegation is None:
            return "—"
        return delegation.country or delegation.organisation

    @admin.display(
        description=Region._meta.verbose_name,
        ordering="registration__delegation__country__region__order",
    )
    def region(self, attendance):
        delegation = attendance.registration.delegation
        country = delegation.country if delegation is not None else None
        return country.region if country is not None else "—"

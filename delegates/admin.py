"""The Secretariat's back office for delegates: registrations, delegations, credentials, people.

Every state change goes through ``delegates.services`` (audited, validated); the admin only
collects the decision and its reason.
"""

import logging

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import storages
from django.db.models import F
from django.http import FileResponse, Http404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy
from import_export.admin import ExportActionMixin
from import_export.formats.base_formats import XLSX

from assembly.admin import MissingLanguagesMixin, SessionTimesMixin, TabbedTranslationAdmin
from assembly.admin_writes import ReadOnlyRecords, ServiceModelAdmin, apply_to_each
from assembly.i18n import zoned_datetime
from assembly.languages import language_columns
from assembly.list_filters import AutocompleteFilter, FilterMediaMixin, session_filter
from assembly.models import AssemblySession, TaskBatch
from assembly.selectors import current_session
from assembly.services import task_batch_advance, task_batch_start
from assembly.text import CheckedTextForm, number_from_query

from . import badges, reports, services
from .admin_decisions import (
    CredentialsDecisionsMixin,
    DelegationPageMixin,
    RegistrationDecisionsMixin,
)
from .badges import badge_registrations
from .models import (
    Attendance,
    BadgePrint,
    Credentials,
    Delegation,
    Invitation,
    NcbContact,
    ObserverOrganisation,
    Person,
    Registration,
)
from .photos import badge_photo
from .resources import CSVWithByteOrderMark, RegistrationResource
from .selectors import with_head, without_head
from .tasks import badges_batch_render

logger = logging.getLogger(__name__)


def _session_from(request) -> AssemblySession | None:
    """The session chosen with ?session=<number>, else the current one."""
    number = number_from_query(request.GET.get("session"))
    if number is not None:
        return AssemblySession.objects.filter(number=number).first()
    return current_session()


def _error_text(error: ValidationError) -> str:
    return " ".join(error.messages)


# Registrations --------------------------------------------------------------------------------


class RegistrationChangeForm(forms.ModelForm):
    """Staff change the category of a pending registration; a stale version is a conflict.

    ``version`` travels with the form: if someone saved the registration since this form was
    opened, the save is refused and nothing is overwritten (SECURITY.md 23).

    The admin turns a refusal into form errors only while it validates the form (``save_model``
    cannot refuse), so the form's validation ends with the one call of the service, made in the
    name of ``actor`` (set by ``RegistrationAdmin.get_form``): the service locks the row, checks
    (stale version, RP 7(1), decided registration), writes and audits, or refuses and writes
    nothing. No dry run, no second call.
    """

    version = forms.IntegerField(widget=forms.HiddenInput)
    actor = None

    class Meta:
        model = Registration
        fields = ["category", "version"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The admin builds the form from its fieldsets, where ``version`` is not (see
        # RegistrationAdmin.fieldsets): the version opened comes from the registration itself.
        if self.instance.pk is not None:
            self.initial.setdefault("version", self.instance.version)

    def full_clean(self):
        super().full_clean()
        if not self.is_bound or self.errors or self.instance.pk is None:
            return
        try:
            self.instance = services.registration_update(
                registration=self.instance,
                actor=self.actor,
                category=self.cleaned_data["category"],
                expected_version=self.cleaned_data["version"],
            )
        except ValidationError as error:
            self.add_error(None, error.messages)


class RejectForm(CheckedTextForm):
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text=_("Sent to each person concerned, and kept in the audit trail."),
    )


class CredentialsDecisionForm(CheckedTextForm):
    state = forms.ChoiceField(
        label=_("Decision"),
        choices=[(state.value, state.label) for state in services.DECISIONS],
    )
    reason = forms.CharField(
        label=_("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        required=False,
        help_text=_("Required to reject or dispute credentials."),
    )


@admin.register(Registration)
class RegistrationAdmin(
    SessionTimesMixin,
    RegistrationDecisionsMixin,
    FilterMediaMixin,
    ServiceModelAdmin,
    ExportActionMixin,
    admin.ModelAdmin,
):
    resource_classes = [RegistrationResource]
    formats = [CSVWithByteOrderMark, XLSX]
    form = RegistrationChangeForm
    import_export_change_list_template = "admin/delegates/registration/change_list.html"
    # No email column: it would push the last columns out of a 1366-px screen; the email is
    # searched (search_fields) and shown on the registration's page.
    list_display = [
        "person_name",
        "delegation_name",
        "region",
        "category",
        "status",
        "credentials_state",
        "submitted_on",
    ]
    list_display_links = ["person_name"]
    # The newest first: the desk works through what arrived since yesterday.
    ordering = ["-created_at"]
    list_filter = [
        session_filter(),
        ("delegation__country", AutocompleteFilter),
        "delegation__country__region",
        "category",
        "status",
        "delegation__credentials__state",
    ]
    search_fields = [
        "person__family_name",
        "person__given_name",
        "person__family_name_ar",
        "person__given_name_ar",
        "email",
        "delegation__country__name",
        "delegation__organisation__name",
    ]
    list_select_related = [
        "person",
        "session",
        "delegation__country__region",
        "delegation__organisation",
        "delegation__credentials",
    ]
    readonly_fields = [
        "session",
        "person",
        "email",
        "delegation",
        "status",
        "status_reason",
        "submitted_by",
        "created_at",
        "updated_at",
    ]
    fieldsets = [
        # ``version`` is a hidden input of the form, written after the fieldsets by the change
        # form: in a fieldset the admin would give it a label for a hidden control.
        (None, {"fields": ["session", "person", "email", "delegation", "category"]}),
        (_("Decision"), {"fields": ["status", "status_reason", "submitted_by"]}),
        (_("History"), {"fields": ["created_at", "updated_at"]}),
    ]
    actions = [
        "approve_selected",
        "confirm_head",
        "reject_selected",
        "cancel_selected",
        "print_badges",
        "print_badge_sheets",
    ]
    list_per_page = 100

    @admin.action(
        description=_("Confirm as head of delegation (from the letter of credentials)"),
        permissions=["change"],
    )
    def confirm_head(self, request, queryset):
        """The Credentials Bureau confirms the head the letter names; a head confirmed before
        is replaced and loses the role at once."""
        if queryset.count() != 1:
            messages.error(request, _("Choose one registration to confirm as head."))
            return
        apply_to_each(
            self,
            request,
            queryset.select_related("person", "session", "delegation"),
            lambda registration: services.head_confirm(
                registration=registration, actor=request.user
            ),
            _("Head of delegation confirmed."),
        )

    def has_add_permission(self, request):
        # People register in the portal, or are nominated by their head of delegation.
        return False

    def has_export_permission(self, request):
        # import-export lets any staff member export unless told otherwise: personal data
        # leaves the building only with the permission to see it.
        return self.has_view_permission(request)

    def has_delete_permission(self, request, obj=None):
        # A registration is withdrawn or cancelled, never deleted: the audit trail points at it.
        return False

    @admin.display(description=_("name"), ordering="person__family_name")
    def person_name(self, obj):
        return f"{obj.person.family_name}, {obj.person.given_name}"

    @admin.display(description=_("delegation"), ordering="delegation__country__name")
    def delegation_name(self, obj):
        if obj.delegation is None:
            return "—"
        return str(obj.delegation.country or obj.delegation.organisation)

    @admin.display(description=_("region"), ordering="delegation__country__region__order")
    def region(self, obj):
        if obj.delegation is None or obj.delegation.country is None:
            return "—"
        return str(obj.delegation.country.region)

    @admin.display(description=_("credentials"))
    def credentials_state(self, obj):
        credentials = getattr(obj.delegation, "credentials", None) if obj.delegation else None
        return credentials.get_state_display() if credentials else "—"

    @admin.display(description=_("submitted on"), ordering="created_at")
    def submitted_on(self, obj):
        # In the session's time zone, named, like every date-time of the back office.
        return zoned_datetime(obj.created_at, obj.session.tzinfo)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        return type(form.__name__, (form,), {"actor": request.user})

    def save_model(self, request, obj, form, change):
        # Nothing left to write: validating the form made the change through the service.
        pass

    def get_urls(self):
        return [
            path(
                "counts/",
                self.admin_site.admin_view(self.counts_view),
                name="delegates_registration_counts",
            ),
            path(
                "badges/<int:batch_id>/",
                self.admin_site.admin_view(self.badges_view),
                name="delegates_registration_badges",
            ),
        ] + super().get_urls()

    def counts_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        session = _session_from(request)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Registrations per region and category"),
            "session": session,
            "sessions": AssemblySession.objects.order_by("-number"),
            "table": reports.registration_counts(session) if session else None,
        }
        return TemplateResponse(request, "admin/delegates/registration/counts.html", context)

    @admin.action(description=_("Approve the selected registrations"), permissions=["change"])
    def approve_selected(self, request, queryset):
        apply_to_each(
            self,
            request,
            queryset.select_related("person", "session"),
            lambda registration: services.registration_approve(
                registration=registration, actor=request.user
            ),
            ngettext_lazy(
                "%(count)d registration approved.", "%(count)d registrations approved.", "count"
            ),
        )

    @admin.action(description=_("Reject the selected registrations…"), permissions=["change"])
    def reject_selected(self, request, queryset):
        return self._decide_with_reason(
            request,
            queryset,
            service=services.registration_reject,
            action="reject_selected",
            title=_("Reject registrations"),
            template="admin/delegates/registration/reject.html",
            done=ngettext_lazy(
                "%(count)d registration rejected.", "%(count)d registrations rejected.", "count"
            ),
        )

    @admin.action(description=_("Cancel the selected registrations…"), permissions=["change"])
    def cancel_selected(self, request, queryset):
        return self._decide_with_reason(
            request,
            queryset,
            service=services.registration_cancel,
            action="cancel_selected",
            title=_("Cancel registrations"),
            template="admin/delegates/registration/cancel.html",
            done=ngettext_lazy(
                "%(count)d registration cancelled.", "%(count)d registrations cancelled.", "count"
            ),
        )

    def _decide_with_reason(self, request, queryset, *, service, action, title, template, done):
        """An intermediate page asks for the reason; then the service decides each one."""
        form = RejectForm(request.POST if "reason" in request.POST else None)
        if form.is_bound and form.is_valid():
            reason = form.cleaned_data["reason"]
            apply_to_each(
                self,
                request,
                queryset.select_related("person", "session"),
                lambda registration: service(
                    registration=registration, actor=request.user, reason=reason
                ),
                done,
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": title,
            "form": form,
            "queryset": queryset.select_related("person", "session"),
            "action": action,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, template, context)

    @admin.action(description=_("Print the badges of the selection, A6 (approved only)"))
    def print_badges(self, request, queryset):
        return self._print_badges(request, queryset, badges.LAYOUT_A6)

    @admin.action(
        description=_("Print the badges of the selection, eight per A4 sheet (approved only)")
    )
    def print_badge_sheets(self, request, queryset):
        return self._print_badges(request, queryset, badges.LAYOUT_SHEET)

    def _print_badges(self, request, queryset, layout: str):
        """Queue a batch of badges in ``layout`` and log each print (the reprint log)."""
        registrations = list(badge_registrations(queryset)[: badges.BADGES_PER_PRINT + 1])
        if not registrations:
            messages.error(request, _("None of the selected registrations is approved."))
            return None
        if len(registrations) > badges.BADGES_PER_PRINT:
            messages.error(
                request,
                ngettext(
                    "Print at most %(count)d badge at a time: filter the list by country, "
                    "region or category first.",
                    "Print at most %(count)d badges at a time: filter the list by country, "
                    "region or category first.",
                    badges.BADGES_PER_PRINT,
                )
                % {"count": badges.BADGES_PER_PRINT},
            )
            return None
        ids = [registration.pk for registration in registrations]
        batch = task_batch_start(
            kind=badges.BADGE_BATCH_KIND,
            label=ngettext(
                "Badges: %(count)d registration", "Badges: %(count)d registrations", len(ids)
            )
            % {"count": len(ids)},
            total=len(ids),
            actor=request.user,
        )
        services.badge_prints_record(
            registrations=registrations, layout=layout, actor=request.user, batch=batch
        )
        try:
            # A worker renders them when a broker is configured; without one (the embedded
            # default) the task runs here, before the answer.
            badges_batch_render.delay(batch.pk, ids, layout)
        except Exception as error:  # the broker is down: say so, never pretend it started
            logger.exception("badge batch %s could not be queued", batch.pk)
            for _pk in ids:
                task_batch_advance(batch_id=batch.pk, failed=True, error=str(error)[:200])
            messages.error(request, _("The badges could not be queued: try again later."))
            return None
        batch.refresh_from_db()
        progress = ngettext(
            "%(done)d of %(total)d badge", "%(done)d of %(total)d badges", batch.total
        ) % {"done": batch.done, "total": batch.total}
        if batch.status == TaskBatch.Status.RUNNING:
            link = reverse("admin:assembly_taskbatch_changelist")
            messages.info(
                request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    _("The badges are being printed (%(progress)s).") % {"progress": progress},
                    link,
                    _("Follow the batch"),
                ),
            )
        else:
            link = reverse("admin:delegates_registration_badges", args=[batch.pk])
            messages.success(
                request,
                format_html(
                    '{} <a href="{}">{}</a>',
                    _("Badges printed (%(progress)s).") % {"progress": progress},
                    link,
                    _("Download the PDF"),
                ),
            )
        return None

    def badges_view(self, request, batch_id: int):
        """The PDF of a finished badge batch, from private storage, as an attachment."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        batch = TaskBatch.objects.filter(pk=batch_id, kind=badges.BADGE_BATCH_KIND).first()
        if batch is None or batch.status == TaskBatch.Status.RUNNING:
            raise Http404
        storage = storages["private"]
        name = badges.badge_batch_file_name(batch.pk)
        if not storage.exists(name):
            raise Http404
        response = FileResponse(
            storage.open(name, "rb"),
            as_attachment=True,
            filename=f"badges-{batch.pk}.pdf",
            content_type="application/pdf",
        )
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "private, no-store"
        return response


# Delegations and credentials ------------------------------------------------------------------


def _letter_link(credentials):
    from django.utils.html import format_html

    if not credentials or not credentials.letter:
        return "—"
    url = reverse("delegates:credentials-letter", kwargs={"pk": credentials.pk})
    return format_html('<a href="{}">{}</a>', url, _("download the letter (PDF)"))


class HeadOfDelegationFilter(admin.SimpleListFilter):
    """Member delegations still without a head of delegation (a queue of the dashboard)."""

    title = _("head of delegation")
    parameter_name = "head"

    def lookups(self, request, model_admin):
        return [("missing", _("none yet")), ("present", _("designated"))]

    def queryset(self, request, queryset):
        if self.value() == "missing":
            return without_head(queryset)
        if self.value() == "present":
            return with_head(queryset)
        return queryset


class DelegationForm(forms.ModelForm):
    """Only the voting delegate is changed here: a confirmed member of this delegation."""

    class Meta:
        model = Delegation
        fields = ["voting_delegate"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields.get("voting_delegate")
        if field is not None:
            field.queryset = Registration.objects.filter(
                delegation=self.instance.pk,
                status__in=Registration.SEAT_STATUSES,
                category__in=services.INVITATION_CATEGORIES,
            ).select_related("person", "session")


@admin.register(Delegation)
class DelegationAdmin(DelegationPageMixin, ServiceModelAdmin, admin.ModelAdmin):
    save_service = services.delegation_save
    form = DelegationForm
    list_display = [
        "__str__",
        "session",
        "country",
        "organisation",
        "credentials_state",
        "voting_delegate",
    ]
    list_filter = [
        session_filter(),
        "country__region",
        "credentials__state",
        HeadOfDelegationFilter,
    ]
    search_fields = ["country__name", "organisation__name"]
    list_select_related = [
        "session",
        "country",
        "organisation",
        "credentials",
        "voting_delegate__person",
        "voting_delegate__session",
    ]
    # A delegation is created with its first registration (``delegation_for``) and its members
    # are decided on their registrations; here the secretariat may change the voting delegate.
    fields = ["session", "country", "organisation", "voting_delegate"]
    readonly_fields = ["session", "country", "organisation"]
    actions = ["invite_head_through_ncb"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("credentials"), ordering="credentials__state")
    def credentials_state(self, obj):
        credentials = getattr(obj, "credentials", None)
        return credentials.get_state_display() if credentials else "—"

    @admin.action(
        description=_("Invite the head of delegation through the NCB contact"),
        permissions=["change"],
    )
    def invite_head_through_ncb(self, request, queryset):
        apply_to_each(
            self,
            request,
            queryset.select_related("session", "country"),
            lambda delegation: services.invitation_for_ncb(
                delegation=delegation, actor=request.user
            ),
            ngettext_lazy("%(count)d invitation sent.", "%(count)d invitations sent.", "count"),
        )


def _invitation_create(*, invitation: Invitation, actor) -> Invitation:
    """The add form of the invitations: the service makes the token and sends the mail."""
    if invitation.pk is not None:
        raise ValidationError(_("An invitation is not changed: take it back and send another."))
    return services.invitation_create(
        delegation=invitation.delegation,
        email=invitation.email,
        category=invitation.category,
        given_name=invitation.given_name,
        family_name=invitation.family_name,
        language=invitation.language,
        actor=actor,
    )


class InvitationForm(forms.ModelForm):
    class Meta:
        model = Invitation
        fields = ["delegation", "email", "category", "given_name", "family_name", "language"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "delegation" in self.fields:
            self.fields["delegation"].queryset = Delegation.objects.filter(
                country__isnull=False
            ).select_related("country", "session")


@admin.register(Invitation)
class InvitationAdmin(ServiceModelAdmin, admin.ModelAdmin):
    """The secretariat invites a head or a member by email; answers come from the invited."""

    save_service = _invitation_create
    form = InvitationForm
    list_display = ["email", "delegation", "category", "status", "created_at", "expires_at"]
    list_filter = [session_filter("delegation__session"), "status", "category"]
    search_fields = ["email", "delegation__country__name", "family_name"]
    list_select_related = ["delegation__country", "delegation__session"]
    actions = ["revoke_selected"]

    def get_fields(self, request, obj=None):
        fields = ["delegation", "email", "category", "given_name", "family_name", "language"]
        if obj is None:
            return fields
        return [*fields, "status", "invited_by", "created_at", "expires_at", "answered_at"]

    def get_readonly_fields(self, request, obj=None):
        return [] if obj is None else self.get_fields(request, obj)

    def has_delete_permission(self, request, obj=None):
        return False

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        if obj is not None:
            context.update(
                show_save=False, show_save_and_continue=False, show_save_and_add_another=False
            )
        return super().render_change_form(request, context, add, change, form_url, obj)

    def save_model(self, request, obj, form, change):
        if change:
            return  # every field is read-only once the invitation is sent: nothing to write
        invitation = self.service_save(request, obj)
        obj.pk, obj._state.adding = invitation.pk, False

    @admin.action(description=_("Take back the selected invitations"), permissions=["change"])
    def revoke_selected(self, request, queryset):
        apply_to_each(
            self,
            request,
            queryset,
            lambda invitation: services.invitation_revoke(
                invitation=invitation, actor=request.user
            ),
            ngettext_lazy(
                "%(count)d invitation taken back.", "%(count)d invitations taken back.", "count"
            ),
        )


@admin.register(NcbContact)
class NcbContactAdmin(ServiceModelAdmin, admin.ModelAdmin):
    """Each member country's NCB address: the secretariat invites heads through it."""

    save_service = services.ncb_contact_save
    delete_service = services.ncb_contact_delete
    list_display = ["country", "email", "name"]
    search_fields = ["country__name", "email", "name"]
    list_select_related = ["country"]
    autocomplete_fields = ["country"]


@admin.register(Credentials)
class CredentialsAdmin(
    SessionTimesMixin, CredentialsDecisionsMixin, ServiceModelAdmin, admin.ModelAdmin
):
    session_path = "delegation__session"
    change_list_template = "admin/delegates/credentials/change_list.html"
    list_display = [
        "delegation",
        "region",
        "state",
        "issuing_authority",
        "received_on",
        "decided_at",
        "decided_by",
    ]
    list_filter = [session_filter("delegation__session"), "state", "delegation__country__region"]
    # The last letters received first; those not received yet after them.
    ordering = [F("received_on").desc(nulls_last=True)]
    search_fields = ["delegation__country__name", "delegation__organisation__name"]
    list_select_related = [
        "delegation__session",
        "delegation__country__region",
        "delegation__organisation",
        "decided_by",
    ]
    fields = [
        "delegation",
        "state",
        "issuing_authority",
        "issued_on",
        "received_on",
        "letter_link",
        "uploaded_by",
        "decided_at",
        "decided_by",
        "reason",
    ]
    readonly_fields = fields
    actions = ["mark_received", "decide"]

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False

    @admin.display(description=_("region"), ordering="delegation__country__region__order")
    def region(self, obj):
        country = obj.delegation.country
        return str(country.region) if country else "—"

    @admin.display(description=_("letter"))
    def letter_link(self, obj):
        return _letter_link(obj)

    @admin.action(
        description=_("Mark the selected credentials as received"), permissions=["change"]
    )
    def mark_received(self, request, queryset):
        apply_to_each(
            self,
            request,
            queryset.select_related("delegation__session", "delegation__country"),
            lambda credentials: services.credentials_receive(
                credentials=credentials, actor=request.user
            ),
            ngettext_lazy(
                "%(count)d credentials marked as received.",
                "%(count)d credentials marked as received.",
                "count",
            ),
        )

    @admin.action(description=_("Decide on the selected credentials…"), permissions=["change"])
    def decide(self, request, queryset):
        form = CredentialsDecisionForm(request.POST if "state" in request.POST else None)
        if form.is_bound and form.is_valid():
            state, reason = form.cleaned_data["state"], form.cleaned_data["reason"]
            apply_to_each(
                self,
                request,
                queryset.select_related("delegation__session", "delegation__country"),
                lambda credentials: services.credentials_decide(
                    credentials=credentials, state=state, actor=request.user, reason=reason
                ),
                ngettext_lazy(
                    "%(count)d credentials decided.", "%(count)d credentials decided.", "count"
                ),
            )
            return None
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Decide on credentials"),
            "form": form,
            "queryset": queryset.select_related(
                "delegation__session", "delegation__country", "delegation__organisation"
            ),
            "action": "decide",
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/delegates/credentials/decide.html", context)

    def get_urls(self):
        return [
            path(
                "report/",
                self.admin_site.admin_view(self.report_view),
                name="delegates_credentials_report",
            ),
        ] + super().get_urls()

    def report_view(self, request):
        if not self.has_view_permission(request):
            raise PermissionDenied
        session = _session_from(request)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "title": _("Credentials per region"),
            "session": session,
            "sessions": AssemblySession.objects.order_by("-number"),
            "table": reports.credentials_counts(session) if session else None,
        }
        return TemplateResponse(request, "admin/delegates/credentials/report.html", context)


# People, observer organisations, attendances --------------------------------------------------


class PersonForm(forms.ModelForm):
    class Meta:
        model = Person
        fields = ["email", *services.PERSON_EDITABLE_FIELDS, "photo"]

    def clean_photo(self):
        """A photo the badge can use (the service makes it again when saving)."""
        upload = self.cleaned_data.get("photo")
        if upload and "photo" in self.changed_data:
            badge_photo(upload)
            upload.seek(0)
        return upload


@admin.register(Person)
class PersonAdmin(ServiceModelAdmin, admin.ModelAdmin):
    """Profiles are created and changed through ``person_create`` / ``person_update`` (audited)."""

    form = PersonForm
    list_display = [
        "family_name",
        "given_name",
        "full_name_ar",
        "email",
        "country",
        "preferred_language",
        "public_consent",
        "deletion_requested_at",
    ]
    list_filter = ["country__region", "preferred_language", "public_consent"]
    search_fields = ["family_name", "given_name", "family_name_ar", "given_name_ar", "email"]
    list_select_related = ["country"]
    autocomplete_fields = ["country"]

    def get_fields(self, request, obj=None):
        return ["user", "email", *services.PERSON_EDITABLE_FIELDS, "photo", "deletion_requested_at"]

    def get_readonly_fields(self, request, obj=None):
        # The email of an existing person follows their account.
        return ["user", "deletion_requested_at"] + (["email"] if obj is not None else [])

    def has_delete_permission(self, request, obj=None):
        # People are referenced by registrations (PROTECT); erasure is a separate procedure.
        return False

    def save_model(self, request, obj, form, change):
        editable = {
            name: form.cleaned_data[name]
            for name in services.PERSON_EDITABLE_FIELDS
            if name in form.cleaned_data
        }
        if change:
            person = services.person_update(person=obj, actor=request.user, **editable)
        else:
            person = services.person_create(
                email=form.cleaned_data["email"], actor=request.user, **editable
            )
            obj.pk, obj._state.adding = person.pk, False
        if "photo" in form.changed_data:
            services.person_photo_replace(
                person=person, upload=form.cleaned_data["photo"], actor=request.user
            )


@admin.register(ObserverOrganisation)
class ObserverOrganisationAdmin(ServiceModelAdmin, MissingLanguagesMixin, TabbedTranslationAdmin):
    save_service = services.observer_organisation_save
    delete_service = services.observer_organisation_delete
    translated_fields = ("name",)
    list_display = ["name", "acronym", "missing_languages"]
    search_fields = [*language_columns("name"), "acronym"]


@admin.register(BadgePrint)
class BadgePrintAdmin(ReadOnlyRecords, ServiceModelAdmin, admin.ModelAdmin):
    """The reprint log: read-only, written by the print actions of the registrations."""

    list_display = [
        "registration",
        "number",
        "reprint",
        "layout",
        "printed_at",
        "printed_by",
        "reason",
    ]
    list_filter = [session_filter("registration__session"), "layout"]
    search_fields = [
        "registration__person__family_name",
        "registration__person__given_name",
        "registration__email",
    ]
    list_select_related = ["registration__person", "registration__session", "printed_by"]
    date_hierarchy = "printed_at"

    @admin.display(boolean=True, description=_("reprint"))
    def reprint(self, obj):
        return obj.is_reprint


@admin.register(Attendance)
class AttendanceAdmin(SessionTimesMixin, ServiceModelAdmin, admin.ModelAdmin):
    """Read-only: attendances are recorded by scanning badges at the entrance, never deleted."""

    session_path = "registration__session"
    list_display = ["registration", "checked_in_at", "checked_in_by"]
    list_filter = [session_filter("registration__session"), "registration__category"]
    search_fields = [
        "registration__person__family_name",
        "registration__person__given_name",
        "registration__email",
    ]
    list_select_related = ["registration__person", "registration__session", "checked_in_by"]
    date_hierarchy = "checked_in_at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


from . import admin_messages  # noqa: E402, F401  (messages to delegations)

"""The secretariat's back office for drafts, amendments, ballots, roll calls and result sheets."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Prefetch
from django.http import HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy, pgettext_lazy

from assembly.admin import (
    MissingLanguagesMixin,
    ReadonlyColumnsMixin,
    SessionTimesMixin,
    TabbedTranslationAdmin,
)
from assembly.admin_writes import ReadOnlyRecords, ServiceModelAdmin, apply_to_each
from assembly.languages import language_codes, language_columns, translations
from assembly.list_filters import session_filter
from assembly.models import Country

from . import services
from .console import ChairConsoleMixin
from .majorities import MajorityRule, question_majority
from .models import Amendment, Ballot, DraftResolution, Vote
from .sanitise import clean_rich_text, rich_text_to_text, text_to_rich_text
from .selectors import ballot_eligible_countries, french_sort_key, roll_call_order


def _rich_text_form(rich_fields: tuple[str, ...]) -> type[forms.ModelForm]:
    """A model form in which the rich-text fields are typed as text, in every language.

    The form shows the stored HTML as text (paragraphs separated by a blank line, operative
    paragraphs numbered "1.", "2."…) and turns what is typed back into the allow-listed HTML.
    """

    class RichTextForm(forms.ModelForm):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            for field in rich_fields:
                for code in language_codes():
                    name = f"{field}_{code}"
                    if name not in self.fields:
                        continue  # read-only
                    self.fields[name].help_text = RICH_TEXT_HELP
                    if self.initial.get(name):
                        self.initial[name] = rich_text_to_text(self.initial[name])

        def clean(self):
            cleaned = super().clean()
            # The new wording of one operative paragraph goes inside its list item.
            inline = cleaned.get("paragraph") is not None
            for field in rich_fields:
                for code in language_codes():
                    name = f"{field}_{code}"
                    if cleaned.get(name):
                        cleaned[name] = text_to_rich_text(
                            cleaned[name], inline=inline and field == "replacement"
                        )
            return cleaned

    return RichTextForm


def _rich_text_column(field):
    def column(obj):
        # Allow-listed again when shown, as on the public pages.
        return mark_safe(clean_rich_text(getattr(obj, field.name) or ""))  # noqa: S308

    return admin.display(description=field.verbose_name)(column)


class RichTextReadonlyMixin(ReadonlyColumnsMixin):
    """A read-only text (a circulated draft, a decided amendment) is shown as it reads, with its
    paragraphs and numbered operative paragraphs, not as HTML source."""

    rich_text_fields: tuple[str, ...] = ()

    def readonly_columns(self) -> dict:
        columns = super().readonly_columns()
        for field in self.rich_text_fields:
            for code in language_codes():
                model_field = self.model._meta.get_field(f"{field}_{code}")
                columns[model_field.name] = (
                    f"{model_field.name}_as_read",
                    _rich_text_column(model_field),
                )
        return columns


RICH_TEXT_HELP = _(
    "Type the text: a blank line between paragraphs; operative paragraphs start with their "
    "number (“1. ”, “2. ”), renumbered in order when saved."
)


def _numbered_amendments(lookup: str) -> Prefetch:
    """A ballot on an amendment is named by the amendment's number: loaded with the list (one
    query), not once per row."""
    return Prefetch(
        lookup, queryset=Amendment.objects.with_numbers().select_related("draft", "sponsor")
    )


class AgendaItemChoiceField(forms.ModelChoiceField):
    """An agenda item named with its session, since every session has its own item 4 or 6.2."""

    def label_from_instance(self, obj):
        return f"{obj.session.number} · {obj}"


def _run_service(modeladmin, request, queryset, service, done_message):
    """``service(row, user)`` for each selected row (``apply_to_each``)."""
    apply_to_each(
        modeladmin, request, queryset, lambda obj: service(obj, request.user), done_message
    )


class AmendmentInline(admin.TabularInline):
    model = Amendment
    extra = 0
    fields = ["distance", "sponsor", "paragraph", "status", "applied_at"]
    readonly_fields = ["distance", "sponsor", "paragraph", "status", "applied_at"]
    show_change_link = True
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).with_numbers().select_related("sponsor")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(DraftResolution)
class DraftResolutionAdmin(
    RichTextReadonlyMixin,
    SessionTimesMixin,
    ServiceModelAdmin,
    MissingLanguagesMixin,
    TabbedTranslationAdmin,
):
    save_service = services.draft_form_save
    delete_service = services.draft_delete
    service_object = "draft"
    form = _rich_text_form(("text", "financial_implications", "executive_committee_opinion"))
    rich_text_fields = (
        "text",
        "original_text",
        "financial_implications",
        "executive_committee_opinion",
    )
    translated_fields = ("title", "text")
    list_display = [
        "public_reference",
        "title",
        "session",
        "agenda_item",
        "status",
        "majority_rule",
        "missing_languages",
    ]
    list_filter = [session_filter(), "status", "majority_rule", "has_financial_implications"]
    search_fields = [*language_columns("title"), "reference", "legacy_reference"]
    list_select_related = ["session", "agenda_item"]
    filter_horizontal = ["sponsors", "documents"]
    readonly_fields = [
        "status",
        "status_changed_at",
        "reference",
        "adoption_number",
        "adopted_on",
    ]
    inlines = [AmendmentInline]
    actions = ["submit", "circulate", "open_debate", "withdraw"]

    @admin.display(description=_("reference"))
    def public_reference(self, obj):
        return obj.public_reference or "—"

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "agenda_item":
            # A filtered select rather than an autocomplete: the resolutions officers need no
            # permission on the agenda's admin, and get_form narrows it to the draft's session.
            kwargs["form_class"] = AgendaItemChoiceField
            kwargs["queryset"] = db_field.related_model.objects.select_related("session").order_by(
                "-session__start_date", "order", "id"
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        field = form.base_fields.get("agenda_item")
        if field is not None and obj is not None and obj.session_id:
            field.queryset = field.queryset.filter(session_id=obj.session_id)
        return form

    def formfield_for_manytomany(self, db_field, request, **kwargs):
        if db_field.name == "sponsors":
            kwargs["queryset"] = Country.objects.members()
        return super().formfield_for_manytomany(db_field, request, **kwargs)

    def get_readonly_fields(self, request, obj=None):
        # A circulated text changes only through amendments; a decided one never changes.
        if obj is not None and obj.status not in (
            DraftResolution.Status.DRAFT,
            DraftResolution.Status.SUBMITTED,
        ):
            return [field.name for field in obj._meta.fields if field.name != "id"] + [
                "sponsors",
                "documents",
            ]
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status != DraftResolution.Status.DRAFT:
            return False
        return super().has_delete_permission(request, obj)

    @admin.action(description=_("Submit the selected drafts"), permissions=["change"])
    def submit(self, request, queryset):
        _run_service(
            self,
            request,
            queryset,
            lambda d, u: services.draft_submit(draft=d, actor=u),
            ngettext_lazy("%(count)d draft submitted.", "%(count)d drafts submitted.", "count"),
        )

    @admin.action(description=_("Circulate the selected drafts"), permissions=["change"])
    def circulate(self, request, queryset):
        _run_service(
            self,
            request,
            queryset,
            lambda d, u: services.draft_circulate(draft=d, actor=u),
            ngettext_lazy("%(count)d draft circulated.", "%(count)d drafts circulated.", "count"),
        )

    @admin.action(description=_("Open the debate on the selected drafts"), permissions=["change"])
    def open_debate(self, request, queryset):
        _run_service(
            self,
            request,
            queryset,
            lambda d, u: services.draft_open_debate(draft=d, actor=u),
            ngettext_lazy(
                "%(count)d draft under debate.", "%(count)d drafts under debate.", "count"
            ),
        )

    @admin.action(description=_("Withdraw the selected drafts"), permissions=["change"])
    def withdraw(self, request, queryset):
        _run_service(
            self,
            request,
            queryset,
            lambda d, u: services.draft_withdraw(draft=d, actor=u),
            ngettext_lazy("%(count)d draft withdrawn.", "%(count)d drafts withdrawn.", "count"),
        )


@admin.register(Amendment)
class AmendmentAdmin(
    RichTextReadonlyMixin,
    SessionTimesMixin,
    ServiceModelAdmin,
    MissingLanguagesMixin,
    TabbedTranslationAdmin,
):
    session_path = "draft__session"
    save_service = services.amendment_save
    delete_service = services.amendment_delete
    form = _rich_text_form(("text", "replacement"))
    rich_text_fields = ("text", "replacement", "replaced")
    translated_fields = ("text", "replacement")
    list_display = ["__str__", "draft", "paragraph", "distance", "status", "missing_languages"]
    list_filter = ["status", session_filter("draft__session")]
    search_fields = [*language_columns("draft__title"), *language_columns("sponsor__name")]
    list_select_related = ["draft__session", "sponsor"]
    autocomplete_fields = ["sponsor"]
    filter_horizontal = ["lapses"]
    readonly_fields = ["status"]
    actions = ["accept", "withdraw"]

    def get_queryset(self, request):
        return super().get_queryset(request).with_numbers()

    def get_readonly_fields(self, request, obj=None):
        # Once decided, an amendment is a record: what it said, what it replaced and when.
        if obj is not None and obj.status != Amendment.Status.PROPOSED:
            return [
                "draft",
                "sponsor",
                "distance",
                "paragraph",
                "status",
                *self._text_fields(),
                "lapses",
                "applied_at",
            ]
        return self.readonly_fields

    @staticmethod
    def _text_fields():
        return [
            f"{field}_{code}"
            for field in ("text", "replacement", "replaced")
            for code in language_codes()
        ]

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "draft":
            kwargs["queryset"] = DraftResolution.objects.exclude(
                status__in=[*DraftResolution.FINAL_STATUSES, DraftResolution.Status.VOTING]
            )
        return super().formfield_for_foreignkey(db_field, request, **kwargs)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status != Amendment.Status.PROPOSED:
            return False
        return super().has_delete_permission(request, obj)

    @admin.action(
        description=_("Accept the selected amendments (by the sponsor, no vote)"),
        permissions=["change"],
    )
    def accept(self, request, queryset):
        _run_service(
            self,
            request,
            queryset,
            lambda a, u: services.amendment_accept(amendment=a, actor=u),
            ngettext_lazy(
                "%(count)d amendment accepted.", "%(count)d amendments accepted.", "count"
            ),
        )

    @admin.action(description=_("Withdraw the selected amendments"), permissions=["change"])
    def withdraw(self, request, queryset):
        _run_service(
            self,
            request,
            queryset,
            lambda a, u: services.amendment_withdraw(amendment=a, actor=u),
            ngettext_lazy(
                "%(count)d amendment withdrawn.", "%(count)d amendments withdrawn.", "count"
            ),
        )


RESULT_FIELDS = [
    "members_of_organisation",
    "members_entitled",
    "participants",
    "yes",
    "no",
    "abstentions",
    "invalid",
    "votes_cast",
    "majority_required",
    "outcome",
]


class TellersForm(forms.Form):
    yes = forms.IntegerField(label=pgettext_lazy("vote", "yes"), min_value=0)
    no = forms.IntegerField(label=pgettext_lazy("vote", "no"), min_value=0)
    abstentions = forms.IntegerField(
        label=pgettext_lazy("votes", "abstentions"), min_value=0, initial=0, required=False
    )
    invalid = forms.IntegerField(label=_("invalid ballots"), min_value=0, initial=0, required=False)


class BallotAdminForm(forms.ModelForm):
    majority_rule = forms.ChoiceField(
        label=_("majority required"),
        choices=[("", _("the draft's rule, or the question's usual one")), *MajorityRule.choices],
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        parent = cleaned.get("draft") or getattr(cleaned.get("amendment"), "draft", None)
        if not cleaned.get("majority_rule"):
            cleaned["majority_rule"] = (
                parent.majority_rule if parent else question_majority(cleaned.get("question"))
            )
        if cleaned.get("session"):
            try:
                services.ballot_question_check(
                    session=cleaned["session"],
                    draft=cleaned.get("draft"),
                    amendment=cleaned.get("amendment"),
                )
            except ValidationError as error:
                self.add_error(None, error)
        return cleaned


@admin.register(Ballot)
class BallotAdmin(ChairConsoleMixin, SessionTimesMixin, ServiceModelAdmin, TabbedTranslationAdmin):
    save_service = services.ballot_save
    delete_service = services.ballot_delete
    form = BallotAdminForm
    change_form_template = "resolutions/admin/ballot_change_form.html"
    list_display = [
        "__str__",
        "session",
        "method",
        "electronic",
        "status",
        "console_link",
        "outcome",
        "yes",
        "no",
        "closed_at",
    ]
    list_filter = [session_filter(), "status", "method", "electronic", "question", "outcome"]
    search_fields = ["subject", "draft__title_en", "draft__reference"]
    list_select_related = ["session", "draft"]
    raw_id_fields = ["draft", "amendment"]
    readonly_fields = [
        "status",
        # An election's ballots are prepared by its rounds (resolutions.services.elections).
        "election",
        "round",
        "roll_call_letter",
        "opened_at",
        "closed_at",
        "version",
        "rerun_of",
        *RESULT_FIELDS,
    ]
    actions = ["open_ballots", "close_without_tellers"]

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related(_numbered_amendments("amendment"))

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.status != Ballot.Status.PREPARED:
            return [field.name for field in obj._meta.fields if field.name != "id"]
        return self.readonly_fields

    def has_change_permission(self, request, obj=None):
        # Nothing of a closed ballot changes, votes included (the view stays available).
        if obj is not None and obj.is_closed:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.status != Ballot.Status.PREPARED:
            return False
        return super().has_delete_permission(request, obj)

    def save_model(self, request, obj, form, change):
        if change:
            # An edit of a prepared ballot; a page sent back unchanged writes nothing.
            if form.has_changed():
                self.service_save(request, obj)  # ``ballot_save``
            return
        # New ballots go through the service: the draft's rule and state are checked there.
        created = services.ballot_create(
            session=obj.session,
            question=obj.question,
            method=obj.method,
            draft=obj.draft,
            amendment=obj.amendment,
            subjects=translations(obj, "subject"),
            majority_rule=form.cleaned_data["majority_rule"],
            amends_constitution=obj.amends_constitution,
            electronic=obj.electronic,
            actor=request.user,
        )
        obj.pk = created.pk
        obj.refresh_from_db()

    @admin.action(description=_("Open the selected ballots"), permissions=["change"])
    def open_ballots(self, request, queryset):
        _run_service(
            self,
            request,
            queryset,
            lambda b, u: services.ballot_open(ballot=b, actor=u),
            ngettext_lazy("%(count)d ballot opened.", "%(count)d ballots opened.", "count"),
        )

    @admin.action(
        description=_("Close the selected ballots (consensus and recorded votes)"),
        permissions=["change"],
    )
    def close_without_tellers(self, request, queryset):
        _run_service(
            self,
            request,
            queryset.exclude(method__in=Ballot.TELLER_METHODS),
            lambda b, u: services.ballot_close(ballot=b, actor=u),
            ngettext_lazy("%(count)d ballot closed.", "%(count)d ballots closed.", "count"),
        )
        if queryset.filter(method__in=Ballot.TELLER_METHODS).exists():
            self.message_user(
                request,
                _("Secret ballots and shows of hands are closed with the tellers' totals."),
                messages.WARNING,
            )

    @admin.display(description=_("chair's console"))
    def console_link(self, ballot: Ballot) -> str:
        if not ballot.is_live and ballot.status != Ballot.Status.PREPARED:
            return ""
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:resolutions_ballot_console", args=[ballot.pk]),
            _("Chair's console"),
        )

    def get_urls(self):
        own = [
            *self.console_urls(),
            path(
                "<int:pk>/roll-call/",
                self.admin_site.admin_view(self.roll_call_view),
                name="resolutions_ballot_roll_call",
            ),
            path(
                "<int:pk>/close/",
                self.admin_site.admin_view(self.close_view),
                name="resolutions_ballot_close",
            ),
            path(
                "<int:pk>/result-sheet/",
                self.admin_site.admin_view(self.result_sheet_view),
                name="resolutions_ballot_result_sheet",
            ),
        ]
        return own + super().get_urls()

    def _ballot(self, request, pk, *, change: bool) -> Ballot:
        ballot = get_object_or_404(
            Ballot.objects.select_related("session", "draft", "amendment__draft"), pk=pk
        )
        allowed = (
            super().has_change_permission(request, ballot)
            if change
            else self.has_view_permission(request, ballot)
        )
        if not allowed:
            raise PermissionDenied
        return ballot

    def _change_url(self, ballot: Ballot) -> str:
        return reverse("admin:resolutions_ballot_change", args=[ballot.pk])

    def roll_call_view(self, request, pk):
        """The whole roll call on one page: one form, one save, a fixed number of queries."""
        ballot = self._ballot(request, pk, change=True)
        secret = ballot.method == Ballot.Method.SECRET
        if request.method == "POST":
            if ballot.is_closed:
                self.message_user(
                    request,
                    _("The ballot is closed: no vote can be recorded or changed."),
                    messages.ERROR,
                )
                return HttpResponseRedirect(self._change_url(ballot))
            try:
                votes = _posted_votes(request.POST)
                counts = services.roll_call_record(ballot=ballot, votes=votes, actor=request.user)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
                return HttpResponseRedirect(request.path)
            self.message_user(
                request,
                ngettext(
                    "Roll call saved: %(rows)d country recorded.",
                    "Roll call saved: %(rows)d countries recorded.",
                    counts["rows"],
                )
                % {"rows": counts["rows"]},
                messages.SUCCESS,
            )
            return HttpResponseRedirect(request.path)
        countries = roll_call_order(
            countries=ballot_eligible_countries(ballot),
            host_country_id=ballot.session.host_country_id,
            letter=ballot.roll_call_letter,
        )
        current = dict(ballot.votes.values_list("country_id", "choice"))
        rows = [
            {
                "country": country,
                "value": (services.TOOK_PART if secret else current[country.pk])
                if country.pk in current
                else "",
            }
            for country in countries
        ]
        if secret:
            options = [(services.TOOK_PART, _("took part")), ("", _("did not take part"))]
        else:
            options = [*Vote.Choice.choices, ("", _("absent or not voting"))]
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "ballot": ballot,
            "rows": rows,
            "options": options,
            "editable": ballot.status == Ballot.Status.OPEN,
            "title": _("Roll call"),
        }
        return TemplateResponse(request, "resolutions/admin/roll_call.html", context)

    def close_view(self, request, pk):
        ballot = self._ballot(request, pk, change=True)
        if not self.has_change_permission(request, ballot):
            raise PermissionDenied  # a closed ballot is closed once
        needs_tellers = ballot.method in Ballot.TELLER_METHODS
        form = TellersForm(request.POST or None) if needs_tellers else None
        if request.method == "POST" and (form is None or form.is_valid()):
            try:
                services.ballot_close(
                    ballot=ballot,
                    actor=request.user,
                    tellers=form.cleaned_data if form is not None else None,
                )
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            else:
                self.message_user(request, _("The ballot is closed."), messages.SUCCESS)
                return HttpResponseRedirect(
                    reverse("admin:resolutions_ballot_result_sheet", args=[ballot.pk])
                )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "ballot": ballot,
            "form": form,
            "title": _("Close the ballot"),
        }
        return TemplateResponse(request, "resolutions/admin/close.html", context)

    def result_sheet_view(self, request, pk):
        """The printable result sheet of a closed ballot (with the vote of each country when the
        vote was recorded; participation only for a secret ballot)."""
        ballot = self._ballot(request, pk, change=False)
        votes = list(ballot.votes.select_related("country"))
        # Named in the sheet's language (``country.name``), listed in French order (RP 18).
        votes.sort(key=lambda vote: french_sort_key(vote.country.name_fr or ""))
        context = {
            "ballot": ballot,
            "votes": votes if ballot.is_recorded else [],
            "participants": votes if ballot.method == Ballot.Method.SECRET else [],
        }
        return TemplateResponse(request, "resolutions/admin/result_sheet.html", context)


def _posted_votes(data) -> dict[int, str]:
    votes = {}
    for key in data:
        if not key.startswith("vote-"):
            continue
        try:
            country_id = int(key.removeprefix("vote-"))
        except ValueError as error:
            raise ValidationError(_("The roll call names an unknown country.")) from error
        votes[country_id] = data.get(key, "")
    return votes


@admin.register(Vote)
class VoteAdmin(ReadOnlyRecords, SessionTimesMixin, admin.ModelAdmin):
    """Votes are read here; they are recorded on the roll-call page of their ballot."""

    session_path = "ballot__session"

    list_display = ["ballot", "country", "choice", "recorded_at", "recorded_by"]
    list_filter = [session_filter("ballot__session"), "ballot"]
    search_fields = language_columns("country__name")
    list_select_related = ["ballot__session", "ballot__draft", "country", "recorded_by"]

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .prefetch_related(_numbered_amendments("ballot__amendment"))
        )


# The Executive Committee and its elections.
from . import election_admin  # noqa: E402, F401

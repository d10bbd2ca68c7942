"""The back office of the Executive Committee's elections: elections, candidatures (the
Elections Board's decisions), the Committee's memberships. Every write goes through
``resolutions.services.elections``; imported by ``resolutions.admin``."""

from django.contrib import admin
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from assembly.admin import SessionTimesMixin
from assembly.admin_writes import ServiceModelAdmin, apply_to_each
from assembly.list_filters import session_filter

from . import services
from .models import Candidature, CommitteeMembership, Election


class CandidatureInline(admin.TabularInline):
    model = Candidature
    extra = 0
    fields = ["candidate_name", "country", "submitted_at", "status", "reason", "withdrawn"]
    readonly_fields = fields
    show_change_link = True
    can_delete = False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("country")

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Election)
class ElectionAdmin(SessionTimesMixin, ServiceModelAdmin, admin.ModelAdmin):
    save_service = services.election_save
    delete_service = services.election_delete
    list_display = [
        "__str__",
        "session",
        "post",
        "region",
        "seats",
        "candidature_deadline",
        "status",
    ]
    list_filter = [session_filter(), "post", "region", "status"]
    list_select_related = ["session", "region"]
    readonly_fields = ["status"]
    inlines = [CandidatureInline]
    actions = ["put_to_vote", "put_to_vote_by_hand"]

    def _rounds(self, request, queryset, electronic: bool):
        apply_to_each(
            self,
            request,
            queryset,
            lambda election: services.election_round_create(
                election=election, actor=request.user, electronic=electronic
            ),
            ngettext_lazy(
                "%(count)d ballot prepared: open it from the ballots.",
                "%(count)d ballots prepared: open them from the ballots.",
                "count",
            ),
        )

    @admin.action(
        description=_("Put to the vote: prepare the next round's secret ballot (devices)"),
        permissions=["change"],
    )
    def put_to_vote(self, request, queryset):
        self._rounds(request, queryset, electronic=True)

    @admin.action(
        description=_("Put to the vote: prepare the next round's secret ballot (paper, tellers)"),
        permissions=["change"],
    )
    def put_to_vote_by_hand(self, request, queryset):
        self._rounds(request, queryset, electronic=False)


@admin.register(Candidature)
class CandidatureAdmin(SessionTimesMixin, ServiceModelAdmin, admin.ModelAdmin):
    save_service = services.candidature_save
    session_path = "election__session"
    list_display = [
        "candidate_name",
        "country",
        "election",
        "submitted_at",
        "status",
        "reason",
        "withdrawn",
    ]
    list_filter = [session_filter("election__session"), "status", "reason", "withdrawn"]
    list_select_related = ["country", "election__region", "election__session"]
    search_fields = ["candidate_name"]
    fields = [
        "election",
        "country",
        "candidate_name",
        "submitted_at",
        "status",
        "reason",
        "board_note",
        "decided_at",
        "withdrawn",
    ]
    readonly_fields = ["status", "reason", "decided_at", "withdrawn"]
    actions = ["review", "find_eligible", "find_ineligible", "withdraw"]

    def get_changeform_initial_data(self, request):
        return {"submitted_at": timezone.now(), **super().get_changeform_initial_data(request)}

    def _each(self, request, queryset, call, done):
        apply_to_each(self, request, queryset, call, done)

    @admin.action(
        description=_("Elections Board: check the selected candidatures against the rules"),
        permissions=["change"],
    )
    def review(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda c: services.candidature_review(candidature=c, actor=request.user),
            ngettext_lazy(
                "%(count)d candidature checked.", "%(count)d candidatures checked.", "count"
            ),
        )

    @admin.action(description=_("Elections Board: find eligible"), permissions=["change"])
    def find_eligible(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda c: services.candidature_decide(candidature=c, eligible=True, actor=request.user),
            ngettext_lazy(
                "%(count)d candidature found eligible.",
                "%(count)d candidatures found eligible.",
                "count",
            ),
        )

    @admin.action(
        description=_("Elections Board: find ineligible (the rule broken, or the Board's note)"),
        permissions=["change"],
    )
    def find_ineligible(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda c: services.candidature_decide(
                candidature=c, eligible=False, note=c.board_note, actor=request.user
            ),
            ngettext_lazy(
                "%(count)d candidature found ineligible.",
                "%(count)d candidatures found ineligible.",
                "count",
            ),
        )

    @admin.action(description=_("Withdraw the selected candidatures"), permissions=["change"])
    def withdraw(self, request, queryset):
        self._each(
            request,
            queryset,
            lambda c: services.candidature_withdraw(candidature=c, actor=request.user),
            ngettext_lazy(
                "%(count)d candidature withdrawn.", "%(count)d candidatures withdrawn.", "count"
            ),
        )


@admin.register(CommitteeMembership)
class CommitteeMembershipAdmin(ServiceModelAdmin, admin.ModelAdmin):
    save_service = services.committee_membership_save
    delete_service = services.committee_membership_delete
    list_display = ["person_name", "title", "country", "start_year", "end_year"]
    list_filter = ["post", "region", "end_year"]
    list_select_related = ["country", "region"]
    search_fields = ["person_name"]
    readonly_fields = ["candidature"]

    @admin.display(description=_("post"))
    def title(self, obj):
        return obj.title

    def has_change_permission(self, request, obj=None):
        # A member elected here is the count's record: read-only.
        if obj is not None and obj.candidature_id:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        if obj is not None and obj.candidature_id:
            return False
        return super().has_delete_permission(request, obj)

"""The Executive Committee and its elections (DOMAIN.md, "Executive Committee elections").

- ``CommitteeMembership``: who sits (sat, will sit) on the Committee: a person, the country,
  the post and the region of the seat, the years the term starts and ends. The Committee of a
  session is the memberships whose term covers it; eligibility reads it.
- ``Election``: one post, or one group of seats of a region, at a session.
- ``Candidature``: a member country's candidate, checked by the Elections Board.
- ``CandidateResult``: one candidate of one ballot of an election (the round's candidates are
  its rows) and, once the ballot is closed, the candidate's votes.

Imported at the end of ``resolutions.models``; ``Ballot`` has the ``election`` and ``round``.
"""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, pgettext_lazy

from assembly.models import AssemblySession, Country, Region
from assembly.transitions import Moves

from .election_rules import Post, Reason


def post_title(post: str, region, seats: int = 1) -> str:
    """“President”, “Vice-President for Europe”, “Delegates for Africa”, in the active language."""
    if post == Post.PRESIDENT or region is None:
        label = dict(Post.choices)[post]
        return str(label)
    if post == Post.VICE_PRESIDENT:
        return str(_("Vice-President for %(region)s") % {"region": region})
    return ngettext("Delegate for %(region)s", "Delegates for %(region)s", seats) % {
        "region": region
    }


_POSTS = [post.value for post in Post]
# The President is elected for the whole Organisation; every other seat is assigned to a region.
_SEAT_REGION = (Q(post="president") & Q(region__isnull=True)) | (
    ~Q(post="president") & Q(region__isnull=False)
)


class CommitteeMembership(models.Model):
    """One term of one person on the Executive Committee."""

    country = models.ForeignKey(
        Country,
        on_delete=models.PROTECT,
        related_name="committee_memberships",
        verbose_name=_("country"),
    )
    person_name = models.CharField(_("member's name"), max_length=200)
    post = models.CharField(_("post"), max_length=16, choices=Post.choices)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="committee_seats",
        verbose_name=_("region of the seat"),
        help_text=_("Empty for the President; the country's region for the other seats."),
    )
    start_year = models.PositiveSmallIntegerField(_("elected in"))
    end_year = models.PositiveSmallIntegerField(
        _("term ends in"), help_text=_("The year of the session at which the term ends.")
    )
    candidature = models.OneToOneField(
        "Candidature",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        editable=False,
        related_name="membership",
        verbose_name=_("candidature"),
    )

    class Meta:
        ordering = ["-end_year", "post", "region__order", "person_name"]
        verbose_name = _("Executive Committee membership")
        verbose_name_plural = _("Executive Committee memberships")
        constraints = [
            models.CheckConstraint(
                condition=Q(post__in=_POSTS), name="committee_membership_post_valid"
            ),
            models.CheckConstraint(
                condition=_SEAT_REGION,
                name="committee_membership_seat_region",
                violation_error_message=_(
                    "The President's seat has no region; every other seat has one."
                ),
            ),
            models.CheckConstraint(
                condition=Q(end_year__gt=models.F("start_year")),
                name="committee_term_ends_after_it_starts",
                violation_error_message=_("A term ends after the year it starts."),
            ),
            # Two members from one country are never elected at the same session.
            models.UniqueConstraint(
                fields=["country", "start_year"],
                name="one_member_per_country_per_election_year",
                violation_error_message=_(
                    "A member from this country was already elected in that year."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person_name} ({self.title})"

    @property
    def title(self) -> str:
        return post_title(self.post, self.region)


class Election(models.Model):
    """The election of one post, or of one group of seats of a region, at a session."""

    class Status(models.TextChoices):
        CANDIDATURES = "candidatures", pgettext_lazy("election status", "candidatures")
        VOTING = "voting", pgettext_lazy("election status", "voting")
        DECIDED = "decided", pgettext_lazy("election status", "decided")

    MOVES = Moves(
        "status",
        {Status.CANDIDATURES: (Status.VOTING,), Status.VOTING: (Status.DECIDED,)},
        refused=_("The election is at the stage “%(state)s”: this is no longer possible."),
    )

    session = models.ForeignKey(
        AssemblySession,
        on_delete=models.PROTECT,
        related_name="elections",
        verbose_name=_("session"),
    )
    post = models.CharField(_("post"), max_length=16, choices=Post.choices)
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="elections",
        verbose_name=_("region"),
        help_text=_("Empty for the President; the region the seats are assigned to otherwise."),
    )
    seats = models.PositiveSmallIntegerField(_("seats"), default=1)
    candidature_deadline = models.DateTimeField(_("deadline for candidatures"))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.CANDIDATURES
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=0, help_text=_("Elections are held one at a time, in this order.")
    )

    class Meta:
        ordering = ["session", "order", "id"]
        verbose_name = _("election")
        verbose_name_plural = _("elections")
        constraints = [
            models.CheckConstraint(condition=Q(post__in=_POSTS), name="election_post_valid"),
            models.CheckConstraint(
                condition=Q(status__in=["candidatures", "voting", "decided"]),
                name="election_status_valid",
            ),
            models.CheckConstraint(
                condition=_SEAT_REGION,
                name="election_seat_region",
                violation_error_message=_(
                    "The President is elected for all regions; every other seat for one region."
                ),
            ),
            models.CheckConstraint(
                condition=Q(seats__gte=1) & (~Q(post="president") | Q(seats=1)),
                name="election_seats_valid",
                violation_error_message=_("An election fills at least one seat; one President."),
            ),
            models.UniqueConstraint(
                fields=["session", "post", "region"],
                name="one_election_per_seat_group",
                violation_error_message=_("This session already has this election."),
            ),
            models.UniqueConstraint(
                fields=["session", "post"],
                condition=Q(region__isnull=True),
                name="one_presidential_election_per_session",
                violation_error_message=_("This session already has this election."),
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return post_title(self.post, self.region, self.seats)


class Candidature(models.Model):
    """A member country's candidate in one election, and the Elections Board's decision."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", pgettext_lazy("candidature status", "submitted")
        ELIGIBLE = "eligible", pgettext_lazy("candidature status", "eligible")
        INELIGIBLE = "ineligible", pgettext_lazy("candidature status", "ineligible")

    election = models.ForeignKey(
        Election, on_delete=models.PROTECT, related_name="candidatures", verbose_name=_("election")
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="candidatures", verbose_name=_("country")
    )
    candidate_name = models.CharField(_("candidate's name"), max_length=200)
    submitted_at = models.DateTimeField(_("submitted at"))
    status = models.CharField(
        _("Elections Board"), max_length=16, choices=Status.choices, default=Status.SUBMITTED
    )
    reason = models.CharField(
        _("reason"), max_length=16, choices=Reason.choices, blank=True, editable=False
    )
    board_note = models.TextField(
        _("Elections Board's note"),
        blank=True,
        help_text=_("Required when the Board finds a candidature ineligible for another reason."),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True, editable=False)
    withdrawn = models.BooleanField(_("withdrawn"), default=False, editable=False)

    class Meta:
        ordering = ["election", "country__name", "id"]
        verbose_name = _("candidature")
        verbose_name_plural = _("candidatures")
        constraints = [
            models.CheckConstraint(
                condition=Q(status__in=["submitted", "eligible", "ineligible"]),
                name="candidature_status_valid",
            ),
            models.CheckConstraint(
                condition=(Q(status="ineligible") & ~Q(reason=""))
                | (~Q(status="ineligible") & Q(reason="")),
                name="ineligible_candidature_has_a_reason",
                violation_error_message=_("An ineligible candidature has a reason."),
            ),
            models.UniqueConstraint(
                fields=["election", "country"],
                condition=Q(withdrawn=False),
                name="one_candidature_per_country_per_election",
                violation_error_message=_(
                    "This country already has a candidature in this election."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.candidate_name} ({self.country})"

    @property
    def reason_text(self) -> str:
        """The reason in the reader's language, with the Board's own note when it wrote one."""
        if not self.reason:
            return ""
        label = str(self.get_reason_display())
        return f"{label} {self.board_note}".strip() if self.board_note else label


class CandidateResult(models.Model):
    """One candidate of one ballot of an election; its votes once the ballot is closed."""

    ballot = models.ForeignKey(
        "resolutions.Ballot",
        on_delete=models.CASCADE,
        related_name="candidate_results",
        verbose_name=_("ballot"),
    )
    candidature = models.ForeignKey(
        Candidature, on_delete=models.PROTECT, related_name="results", verbose_name=_("candidate")
    )
    votes = models.PositiveSmallIntegerField(_("votes"), null=True, blank=True)
    elected = models.BooleanField(_("elected"), default=False)
    further_ballot = models.BooleanField(_("goes to a further ballot"), default=False)

    class Meta:
        ordering = ["ballot", "-votes", "candidature__candidate_name"]
        verbose_name = _("candidate's result")
        verbose_name_plural = _("candidates' results")
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "candidature"], name="one_result_per_candidate_per_ballot"
            ),
            models.CheckConstraint(
                condition=Q(elected=False) | Q(further_ballot=False),
                name="elected_candidate_needs_no_further_ballot",
            ),
            models.CheckConstraint(
                condition=Q(votes__isnull=False) | (Q(elected=False) & Q(further_ballot=False)),
                name="candidate_decided_only_when_counted",
            ),
        ]

    def __str__(self) -> str:
        return str(self.candidature)

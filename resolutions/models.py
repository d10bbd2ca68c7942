"""Draft resolutions, amendments, ballots and votes."""

import uuid

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Count, OuterRef, Q, Subquery, Value
from django.db.models.functions import Cast, Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from assembly.languages import language_codes, missing_languages
from assembly.models import AssemblySession, Country, Document
from assembly.transitions import Moves

from .amending import check_paragraph
from .majorities import MajorityRule


class DraftResolutionQuerySet(models.QuerySet):
    def adopted(self):
        return self.filter(status=DraftResolution.Status.ADOPTED)


class DraftResolution(models.Model):
    """A draft resolution of a session; once adopted, a resolution with its reference."""

    class Status(models.TextChoices):
        DRAFT = "draft", pgettext_lazy("resolution status", "draft")
        SUBMITTED = "submitted", pgettext_lazy("resolution status", "submitted")
        CIRCULATED = "circulated", pgettext_lazy("resolution status", "circulated")
        UNDER_DEBATE = "under_debate", pgettext_lazy("resolution status", "under debate")
        VOTING = "voting", pgettext_lazy("resolution status", "being voted on")
        ADOPTED = "adopted", pgettext_lazy("resolution status", "adopted")
        REJECTED = "rejected", pgettext_lazy("resolution status", "rejected")
        WITHDRAWN = "withdrawn", pgettext_lazy("resolution status", "withdrawn")

    FINAL_STATUSES = (Status.ADOPTED, Status.REJECTED, Status.WITHDRAWN)
    MOVES = Moves(
        "status",
        {
            Status.DRAFT: (Status.SUBMITTED, Status.WITHDRAWN),
            Status.SUBMITTED: (Status.CIRCULATED, Status.WITHDRAWN),
            Status.CIRCULATED: (Status.UNDER_DEBATE, Status.VOTING, Status.WITHDRAWN),
            Status.UNDER_DEBATE: (Status.VOTING, Status.WITHDRAWN),
            Status.VOTING: (Status.ADOPTED, Status.REJECTED),
        },
        refused=_("The draft is %(status)s: it cannot be %(action)s."),
        verbs={
            Status.SUBMITTED: _("submitted"),
            Status.CIRCULATED: _("circulated"),
            Status.UNDER_DEBATE: _("debated"),
            Status.VOTING: _("put to the vote"),
            Status.ADOPTED: _("adopted"),
            Status.REJECTED: _("rejected"),
            Status.WITHDRAWN: _("withdrawn"),
        },
    )

    session = models.ForeignKey(
        AssemblySession,
        on_delete=models.PROTECT,
        related_name="draft_resolutions",
        verbose_name=_("session"),
    )
    # A string reference: resolutions and agenda do not import each other. PROTECT, because an
    # adopted resolution records the item under which the Assembly decided it: deleting that
    # item must not silently erase the link (SET_NULL would), it must be refused.
    agenda_item = models.ForeignKey(
        "agenda.AgendaItem",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="draft_resolutions",
        verbose_name=_("agenda item"),
    )
    title = models.CharField(_("title"), max_length=300)
    text = models.TextField(
        _("text"), blank=True, help_text=_("Rich text; only safe tags are kept.")
    )
    # The text as circulated, kept when amendments change ``text`` (each amendment also keeps
    # the part it replaced), so that the record shows what the Assembly started from.
    original_text = models.TextField(_("text as circulated"), blank=True, editable=False)
    sponsors = models.ManyToManyField(
        Country, blank=True, related_name="sponsored_resolutions", verbose_name=_("sponsors")
    )
    has_financial_implications = models.BooleanField(_("has financial implications"), default=False)
    financial_implications = models.TextField(_("financial implications"), blank=True)
    executive_committee_opinion = models.TextField(
        _("opinion of the Executive Committee"),
        blank=True,
        help_text=_("Required before a vote when the draft has financial implications."),
    )
    majority_rule = models.CharField(
        _("majority required"),
        max_length=32,
        choices=MajorityRule.choices,
        default=MajorityRule.SIMPLE,
    )
    amends_constitution = models.BooleanField(
        _("amends the Constitution"),
        default=False,
        help_text=_("Needs two-thirds of all members; arrears do not suspend the vote."),
    )
    documents = models.ManyToManyField(
        Document, blank=True, related_name="draft_resolutions", verbose_name=_("documents")
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.DRAFT
    )
    status_changed_at = models.DateTimeField(_("status changed at"), null=True, blank=True)
    adoption_number = models.PositiveSmallIntegerField(
        _("number of adoption in the session"), null=True, blank=True, editable=False
    )
    reference = models.CharField(
        _("reference"), max_length=40, null=True, blank=True, unique=True, editable=False
    )
    legacy_reference = models.CharField(
        _("legacy reference"),
        max_length=60,
        blank=True,
        help_text=_("The reference of an imported historical resolution, e.g. AG-2004-RES-12."),
    )
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = DraftResolutionQuerySet.as_manager()

    class Meta:
        ordering = ["-session__number", "adoption_number", "id"]
        verbose_name = _("draft resolution")
        verbose_name_plural = _("draft resolutions")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "draft",
                        "submitted",
                        "circulated",
                        "under_debate",
                        "voting",
                        "adopted",
                        "rejected",
                        "withdrawn",
                    ]
                ),
                name="draft_resolution_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(majority_rule__in=[rule.value for rule in MajorityRule]),
                name="draft_resolution_majority_rule_valid",
            ),
            models.UniqueConstraint(
                fields=["session", "adoption_number"],
                name="one_adoption_number_per_session",
                violation_error_message=_("This adoption number is already used in the session."),
            ),
            models.CheckConstraint(
                condition=Q(reference__isnull=True) | Q(status="adopted"),
                name="only_adopted_resolutions_have_a_reference",
                violation_error_message=_("Only an adopted resolution has a reference."),
            ),
            models.CheckConstraint(
                condition=Q(amends_constitution=False) | Q(majority_rule="two_thirds_members"),
                name="constitution_amendment_needs_two_thirds_of_members",
                violation_error_message=_(
                    "An amendment to the Constitution needs two-thirds of all members."
                ),
            ),
            models.UniqueConstraint(
                fields=["legacy_reference"],
                condition=~Q(legacy_reference=""),
                name="legacy_reference_unique",
                violation_error_message=_("A resolution with this legacy reference exists."),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.public_reference} {self.title}" if self.public_reference else self.title

    def get_absolute_url(self) -> str:
        return reverse("resolutions:detail", kwargs={"reference": self.public_reference})

    @property
    def public_reference(self) -> str:
        return self.reference or self.legacy_reference

    def missing_text_languages(self) -> list[str]:
        """Working languages in which the title or the text is still missing."""
        return missing_languages(self, "title", "text", required=True)

    def clean(self):
        # A draft is debated under an item of its own session's agenda, never another's.
        if (
            self.agenda_item_id
            and self.session_id
            and self.agenda_item.session_id != self.session_id
        ):
            raise ValidationError(
                {
                    "agenda_item": _(
                        "The agenda item %(item)s belongs to another session: choose an item "
                        "of the draft's own session."
                    )
                    % {"item": self.agenda_item.number}
                }
            )


def _amendments_voted_before(draft, distance):
    """The draft's amendments further from the original than ``distance``: voted on before."""
    return Amendment.objects.filter(draft=draft, distance__gt=distance)


class AmendmentQuerySet(models.QuerySet):
    def with_numbers(self):
        """Each amendment with its ``number`` in one query (see ``Amendment.number``)."""
        before = (
            _amendments_voted_before(OuterRef("draft"), OuterRef("distance"))
            .order_by()
            .values("draft")
            .annotate(count=Count("pk"))
            .values("count")
        )
        return self.annotate(number_in_vote_order=Coalesce(Subquery(before), Value(0)) + 1)


class Amendment(models.Model):
    """An amendment to a draft: voted before the draft, the furthest from the original first."""

    class Status(models.TextChoices):
        PROPOSED = "proposed", pgettext_lazy("amendment status", "proposed")
        ACCEPTED = "accepted", pgettext_lazy("amendment status", "accepted by the sponsor")
        VOTING = "voting", pgettext_lazy("amendment status", "being voted on")
        ADOPTED = "adopted", pgettext_lazy("amendment status", "adopted")
        REJECTED = "rejected", pgettext_lazy("amendment status", "rejected")
        LAPSED = "lapsed", pgettext_lazy("amendment status", "lapsed")
        WITHDRAWN = "withdrawn", pgettext_lazy("amendment status", "withdrawn")

    PENDING_STATUSES = (Status.PROPOSED, Status.VOTING)
    MOVES = Moves(
        "status",
        {
            Status.PROPOSED: (Status.ACCEPTED, Status.VOTING, Status.LAPSED, Status.WITHDRAWN),
            Status.VOTING: (Status.ADOPTED, Status.REJECTED),
        },
        refused=_("The amendment is %(status)s: this is no longer possible."),
    )

    draft = models.ForeignKey(
        DraftResolution,
        on_delete=models.CASCADE,
        related_name="amendments",
        verbose_name=_("draft resolution"),
    )
    sponsor = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="amendments", verbose_name=_("sponsor")
    )
    text = models.TextField(
        _("amendment"),
        blank=True,
        help_text=_("The amendment as proposed, e.g. “In paragraph 2, replace … by …”."),
    )
    paragraph = models.PositiveSmallIntegerField(
        _("operative paragraph"),
        null=True,
        blank=True,
        help_text=_(
            "The number of the operative paragraph that the amendment rewrites; empty when the "
            "amendment gives the whole revised text."
        ),
    )
    replacement = models.TextField(
        _("new wording"),
        blank=True,
        help_text=_(
            "The paragraph (or the whole text) as it reads once the amendment is made; it "
            "becomes part of the draft when accepted by the sponsor or adopted by vote."
        ),
    )
    replaced = models.TextField(
        _("wording replaced"),
        blank=True,
        editable=False,
        help_text=_("What the amendment replaced in the draft when it was made."),
    )
    applied_at = models.DateTimeField(
        _("made part of the text at"), null=True, blank=True, editable=False
    )
    distance = models.PositiveSmallIntegerField(
        _("distance from the original"),
        default=1,
        help_text=_(
            "The President's ranking: the amendment furthest removed in substance from the "
            "original text has the highest number and is voted on first."
        ),
    )
    lapses = models.ManyToManyField(
        "self",
        symmetrical=False,
        blank=True,
        related_name="lapsed_by",
        verbose_name=_("amendments that lapse if this one is adopted"),
    )
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PROPOSED
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    objects = AmendmentQuerySet.as_manager()

    class Meta:
        ordering = ["draft", "-distance", "id"]
        verbose_name = _("amendment")
        verbose_name_plural = _("amendments")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    status__in=[
                        "proposed",
                        "accepted",
                        "voting",
                        "adopted",
                        "rejected",
                        "lapsed",
                        "withdrawn",
                    ]
                ),
                name="amendment_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(paragraph__isnull=True) | Q(paragraph__gte=1),
                name="amendment_paragraph_from_one",
                violation_error_message=_("Operative paragraphs are numbered from 1."),
            ),
            models.CheckConstraint(
                condition=Q(applied_at__isnull=True) | Q(status__in=["accepted", "adopted"]),
                name="only_accepted_or_adopted_amendments_are_applied",
                violation_error_message=_(
                    "Only an amendment accepted by the sponsor or adopted changes the text."
                ),
            ),
            models.UniqueConstraint(
                fields=["draft", "distance"],
                name="one_amendment_per_distance",
                violation_error_message=_(
                    "Another amendment to this draft has the same distance from the original."
                ),
            ),
        ]

    def __str__(self) -> str:
        return _("Amendment %(number)s by %(sponsor)s") % {
            "number": self.number,
            "sponsor": self.sponsor,
        }

    @property
    def number(self) -> int:
        """The amendment's number wherever it is named (admin, ballots, public page): its place
        in the order of voting, 1 for the one furthest from the original. Distances are the
        President's ranking and may leave gaps (1, 2, 5); the numbers do not.

        Lists load it with ``Amendment.objects.with_numbers()``; otherwise one query.
        """
        annotated = self.__dict__.get("number_in_vote_order")
        if annotated is not None:
            return annotated
        return _amendments_voted_before(self.draft_id, self.distance).count() + 1

    def missing_text_languages(self) -> list[str]:
        """Working languages in which the amendment or its new wording is still missing."""
        return missing_languages(self, "text", "replacement", required=True)

    def clean(self):
        # The paragraph must exist in the draft in every language it is written in.
        if self.paragraph is not None and self.draft_id is not None:
            for code in language_codes():
                text = getattr(self.draft, f"text_{code}", "") or ""
                if text.strip():
                    try:
                        check_paragraph(text, self.paragraph)
                    except ValidationError as error:
                        raise ValidationError({"paragraph": error.messages}) from error


class Ballot(models.Model):
    """A vote of the Assembly on one question, and its result sheet once closed."""

    class Question(models.TextChoices):
        DRAFT = "draft", _("draft resolution")
        AMENDMENT = "amendment", _("amendment")
        AGENDA = "agenda", _("adoption of the agenda")
        ADMISSION = "admission", _("admission of a member")
        PROCEDURAL = "procedural", _("procedural motion")
        ELECTION = "election", _("election to the Executive Committee")

    class Method(models.TextChoices):
        CONSENSUS = "consensus", _("consensus")
        SHOW_OF_HANDS = "show_of_hands", _("show of hands")
        ROLL_CALL = "roll_call", _("roll call")
        RECORDED = "recorded", _("recorded electronic vote")
        SECRET = "secret", _("secret ballot")

    RECORDED_METHODS = (Method.ROLL_CALL, Method.RECORDED)
    # Methods whose totals are entered by the tellers rather than counted from vote rows.
    TELLER_METHODS = (Method.SECRET, Method.SHOW_OF_HANDS)

    class Status(models.TextChoices):
        PREPARED = "prepared", pgettext_lazy("ballot status", "prepared")
        OPEN = "open", pgettext_lazy("ballot status", "open")
        SUSPENDED = "suspended", pgettext_lazy("ballot status", "suspended")
        CLOSED = "closed", pgettext_lazy("ballot status", "closed")
        VOID = "void", pgettext_lazy("ballot status", "void (run again)")

    # A suspended ballot takes no vote until the chair resumes it; "run again" voids an open or
    # suspended ballot (its votes are kept for the record, never counted) and prepares a copy.
    MOVES = Moves(
        "status",
        {
            Status.PREPARED: (Status.OPEN,),
            Status.OPEN: (Status.SUSPENDED, Status.CLOSED, Status.VOID),
            Status.SUSPENDED: (Status.OPEN, Status.VOID),
        },
        refused=_("The ballot is %(state)s: it cannot be %(to)s."),
        verbs={
            Status.OPEN: pgettext_lazy("ballot", "opened"),
            Status.SUSPENDED: pgettext_lazy("ballot", "suspended"),
            Status.CLOSED: pgettext_lazy("ballot", "closed"),
            Status.VOID: pgettext_lazy("ballot", "run again"),
        },
    )
    # Ballots under way: the vote page, the hall screen and the chair's console follow them.
    LIVE_STATUSES = (Status.OPEN, Status.SUSPENDED)

    class Outcome(models.TextChoices):
        ADOPTED = "adopted", pgettext_lazy("ballot outcome", "adopted")
        REJECTED = "rejected", pgettext_lazy("ballot outcome", "rejected")
        # An election's round: every seat filled, or a further ballot needed.
        ELECTED = "elected", pgettext_lazy("ballot outcome", "seats filled")
        FURTHER_BALLOT = "further_ballot", pgettext_lazy("ballot outcome", "further ballot")

    session = models.ForeignKey(
        AssemblySession, on_delete=models.PROTECT, related_name="ballots", verbose_name=_("session")
    )
    question = models.CharField(_("question"), max_length=16, choices=Question.choices)
    draft = models.ForeignKey(
        DraftResolution,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ballots",
        verbose_name=_("draft resolution"),
    )
    amendment = models.ForeignKey(
        Amendment,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ballots",
        verbose_name=_("amendment"),
    )
    subject = models.CharField(
        _("subject"),
        max_length=300,
        blank=True,
        help_text=_("What is put to the vote, for questions other than a draft or an amendment."),
    )
    # An election's ballot: the election and the round (1, 2…); its candidates and their votes
    # are its ``candidate_results`` (resolutions.election_models).
    election = models.ForeignKey(
        "resolutions.Election",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="ballots",
        verbose_name=_("election"),
    )
    round = models.PositiveSmallIntegerField(_("round"), null=True, blank=True)
    method = models.CharField(_("method"), max_length=16, choices=Method.choices)
    majority_rule = models.CharField(
        _("majority required"),
        max_length=32,
        choices=MajorityRule.choices,
        default=MajorityRule.SIMPLE,
    )
    amends_constitution = models.BooleanField(_("amends the Constitution"), default=False)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.PREPARED
    )
    roll_call_letter = models.CharField(
        _("letter drawn by lot"),
        max_length=1,
        blank=True,
        help_text=_("After the host country, the roll call starts from this letter."),
    )
    electronic = models.BooleanField(
        _("cast from the delegates' devices"),
        default=False,
        help_text=_(
            "The voting delegates vote on the vote page; a secret ballot is then counted from "
            "its anonymous ballot papers instead of the tellers' totals."
        ),
    )
    rerun_of = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="rerun",
        verbose_name=_("run again from"),
    )
    # Bumped on every change the screens show (a move, a vote): they poll it.
    version = models.PositiveIntegerField(_("version"), default=0, editable=False)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    # The result sheet, computed once when the ballot closes.
    members_of_organisation = models.PositiveSmallIntegerField(
        _("members of the Organisation"), null=True, blank=True
    )
    members_entitled = models.PositiveSmallIntegerField(
        _("members entitled to vote"), null=True, blank=True
    )
    participants = models.PositiveSmallIntegerField(_("members taking part"), null=True, blank=True)
    yes = models.PositiveSmallIntegerField(pgettext_lazy("vote", "yes"), null=True, blank=True)
    no = models.PositiveSmallIntegerField(pgettext_lazy("vote", "no"), null=True, blank=True)
    abstentions = models.PositiveSmallIntegerField(
        pgettext_lazy("votes", "abstentions"), null=True, blank=True
    )
    invalid = models.PositiveSmallIntegerField(_("invalid"), null=True, blank=True)
    votes_cast = models.PositiveSmallIntegerField(_("votes cast"), null=True, blank=True)
    majority_required = models.PositiveSmallIntegerField(
        _("majority required"), null=True, blank=True
    )
    outcome = models.CharField(_("outcome"), max_length=16, choices=Outcome.choices, blank=True)

    class Meta:
        ordering = ["session", "opened_at", "id"]
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    question__in=[
                        "draft",
                        "amendment",
                        "agenda",
                        "admission",
                        "procedural",
                        "election",
                    ]
                ),
                name="ballot_question_valid",
            ),
            models.CheckConstraint(
                condition=Q(
                    method__in=["consensus", "show_of_hands", "roll_call", "recorded", "secret"]
                ),
                name="ballot_method_valid",
            ),
            models.CheckConstraint(
                condition=Q(status__in=["prepared", "open", "suspended", "closed", "void"]),
                name="ballot_status_valid",
            ),
            models.CheckConstraint(
                condition=Q(outcome__in=["", "adopted", "rejected", "elected", "further_ballot"]),
                name="ballot_outcome_valid",
            ),
            models.CheckConstraint(
                condition=(
                    Q(question="election")
                    & Q(election__isnull=False)
                    & Q(round__gte=1)
                    & Q(method="secret")
                )
                | (~Q(question="election") & Q(election__isnull=True) & Q(round__isnull=True)),
                name="ballot_election_matches_its_question",
                violation_error_message=_(
                    "A ballot of an election names the election and its round and is secret; "
                    "other ballots name no election."
                ),
            ),
            models.UniqueConstraint(
                fields=["election", "round"],
                condition=Q(election__isnull=False) & ~Q(status="void"),
                name="one_ballot_per_election_round",
                violation_error_message=_("This round of the election already has its ballot."),
            ),
            models.CheckConstraint(
                condition=Q(majority_rule__in=[rule.value for rule in MajorityRule]),
                name="ballot_majority_rule_valid",
            ),
            models.CheckConstraint(
                condition=(Q(question="draft") & Q(draft__isnull=False) & Q(amendment__isnull=True))
                | (Q(question="amendment") & Q(amendment__isnull=False) & Q(draft__isnull=True))
                | (
                    ~Q(question__in=["draft", "amendment"])
                    & Q(draft__isnull=True)
                    & Q(amendment__isnull=True)
                ),
                name="ballot_question_matches_its_object",
                violation_error_message=_(
                    "A ballot on a draft names the draft; on an amendment, the amendment."
                ),
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | ~Q(outcome=""),
                name="closed_ballot_has_an_outcome",
            ),
            models.CheckConstraint(
                # Typed, so that Django's own check of an election's sheet (no yes, no no) is
                # ``NULL::smallint + NULL::smallint`` that PostgreSQL evaluates.
                condition=Q(votes_cast__isnull=True)
                | Q(
                    votes_cast=Cast("yes", models.PositiveSmallIntegerField())
                    + Cast("no", models.PositiveSmallIntegerField())
                )
                | (Q(question="election") & Q(yes__isnull=True) & Q(no__isnull=True)),
                name="votes_cast_are_yes_plus_no",
                violation_error_message=_("Votes cast are the yes and no votes."),
            ),
            models.UniqueConstraint(
                fields=["session"],
                condition=Q(status__in=["open", "suspended"], electronic=True),
                name="one_live_ballot_per_session",
                violation_error_message=_(
                    "Another ballot of this session is under way: close it first."
                ),
            ),
            models.CheckConstraint(
                condition=Q(amends_constitution=False) | Q(majority_rule="two_thirds_members"),
                name="ballot_constitution_amendment_needs_two_thirds_of_members",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_question_display()}: {self.question_label}"

    @property
    def question_label(self) -> str:
        if self.election_id and not self.subject:
            return str(self.election)
        if self.draft_id:
            return str(self.draft)
        if self.amendment_id:
            return f"{self.amendment} — {self.amendment.draft}"
        return self.subject

    @property
    def is_recorded(self) -> bool:
        return self.method in self.RECORDED_METHODS

    @property
    def is_closed(self) -> bool:
        return self.status == self.Status.CLOSED

    @property
    def is_live(self) -> bool:
        return self.status in self.LIVE_STATUSES

    @property
    def counts_papers(self) -> bool:
        """A secret ballot cast from devices: counted from its anonymous papers."""
        return self.electronic and self.method == self.Method.SECRET

    @property
    def takes_device_votes(self) -> bool:
        return self.electronic and self.method in (self.Method.SECRET, self.Method.RECORDED)


class Vote(models.Model):
    """One member country's vote on one ballot.

    Recorded and roll-call votes store the choice; a secret ballot stores only that the country
    took part (``choice`` empty): its totals are the tellers'.
    """

    class Choice(models.TextChoices):
        YES = "yes", pgettext_lazy("vote", "yes")
        NO = "no", pgettext_lazy("vote", "no")
        ABSTAIN = "abstain", pgettext_lazy("vote", "abstain")

    ballot = models.ForeignKey(
        Ballot, on_delete=models.CASCADE, related_name="votes", verbose_name=_("ballot")
    )
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="votes", verbose_name=_("country")
    )
    choice = models.CharField(
        _("vote"), max_length=8, choices=Choice.choices, null=True, blank=True
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        ordering = ["ballot", "country__name"]
        verbose_name = _("vote")
        verbose_name_plural = _("votes")
        constraints = [
            models.UniqueConstraint(
                fields=["ballot", "country"],
                name="one_vote_per_ballot_country",
                violation_error_message=_("This country has already voted on this ballot."),
            ),
            models.CheckConstraint(
                condition=Q(choice__isnull=True) | Q(choice__in=["yes", "no", "abstain"]),
                name="vote_choice_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.country}: {self.get_choice_display() or '—'}"


class BallotPaper(models.Model):
    """One anonymous ballot paper of an electronic secret ballot.

    Secrecy by construction (DOMAIN.md, "Electronic voting in the hall"): a paper holds the
    choice and the hash of the voter's receipt code, and nothing else. No country, no user, no
    time; its key is random. A ballot's papers are all made blank when it opens, in random
    order, and a vote fills one blank paper drawn at random, so neither the order of the rows
    nor their keys follow the order of the votes. Participation (``Vote`` with an empty
    choice) is the only record of who took part.
    """

    class Choice(models.TextChoices):
        YES = "yes", pgettext_lazy("vote", "yes")
        NO = "no", pgettext_lazy("vote", "no")
        ABSTAIN = "abstain", pgettext_lazy("vote", "abstain")
        CANDIDATES = "candidates", _("for candidates")
        BLANK = "blank", _("blank")
        INVALID = "invalid", _("invalid")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(
        Ballot, on_delete=models.CASCADE, related_name="papers", verbose_name=_("ballot")
    )
    # Empty while the paper is blank (not yet used).
    choice = models.CharField(_("vote"), max_length=12, choices=Choice.choices, blank=True)
    # The candidatures marked, for an election (their ids).
    candidates = models.JSONField(_("candidates"), default=list, blank=True)
    receipt_hash = models.CharField(
        _("receipt hash"), max_length=64, null=True, blank=True, unique=True
    )

    class Meta:
        ordering = ["id"]
        verbose_name = _("ballot paper")
        verbose_name_plural = _("ballot papers")
        constraints = [
            models.CheckConstraint(
                condition=Q(
                    choice__in=["", "yes", "no", "abstain", "candidates", "blank", "invalid"]
                ),
                name="ballot_paper_choice_valid",
            ),
            models.CheckConstraint(
                condition=(Q(choice="") & Q(receipt_hash__isnull=True))
                | (~Q(choice="") & Q(receipt_hash__isnull=False)),
                name="ballot_paper_used_has_a_receipt",
            ),
        ]

    def __str__(self) -> str:
        return str(_("ballot paper"))

    @property
    def is_used(self) -> bool:
        return bool(self.choice)


# The Executive Committee's elections (DOMAIN.md): their models live apart, in the same app.
from .election_models import (  # noqa: E402, F401
    CandidateResult,
    Candidature,
    CommitteeMembership,
    Election,
)

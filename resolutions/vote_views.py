"""Electronic voting in the hall, for the delegates and the public (issue 15).

- ``/<lang>/vote/``: the voting delegate votes on the ballot under way; every other signed-in
  user reads why they cannot. A secret vote's receipt code is shown once, in the answer to the
  vote itself (never kept in the session, never shown again).
- ``/<lang>/vote/state.json`` and ``/<lang>/hall/state.json``: what the pages poll; an ETag on
  the ballot's version makes an unchanged answer a 304 of two queries at most.
- ``/<lang>/hall/``: the projector's screen (public): the question, the participation, the
  result sheet at close; nothing of a secret ballot beyond its totals.
- ``/<lang>/vote/receipt/``: anyone checks that their paper is in the count (rate-limited).

None of these is a public page of the page cache (``assembly.pages.public_page``): they change
with every vote, so they are never served from it, and the answers say ``no-cache``.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse, HttpResponseNotModified, JsonResponse
from django.shortcuts import render
from django.utils.cache import patch_cache_control
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from assembly.models import Country
from assembly.net import client_ip
from assembly.selectors import current_session
from delegates.security import count_failures, failures

from . import services
from .models import Ballot, BallotPaper, Vote
from .selectors import (
    ballot_eligible_countries,
    country_vote,
    current_screen_ballot,
    current_screen_state,
    participation,
    participation_counts,
    recorded_votes,
)
from .services.evoting import QUESTION_CHOICES

# Failed receipt look-ups per client address in a window (seconds): 80-bit codes are not
# guessed in ten tries, and a voter who mistypes theirs tries again a few minutes later.
RECEIPT_RATE_LIMIT = getattr(settings, "VOTE_RECEIPT_RATE_LIMIT", (10, 600))


# --- who is looking at the vote page ---------------------------------------------------------


@dataclass
class Standing:
    """What the signed-in user may do on the ballot, and why not."""

    country: Country | None = None  # the country they vote for, when they are its voter
    voter_name: str = ""  # who votes for their delegation, when it is someone else
    refusal: str = ""  # why they cannot vote (translated)
    vote: Vote | None = None  # their country's vote (participation on a secret ballot)

    @property
    def is_voter(self) -> bool:
        return self.country is not None


def standing(ballot: Ballot, user) -> Standing:
    """The user's standing on ``ballot``: a fixed number of queries."""
    from delegates.selectors import voting_seat

    seat = voting_seat(user, ballot.session_id)
    if seat.own is None:
        return Standing(
            refusal=_("Only the voting delegate of a delegation votes, from their own account.")
        )
    if seat.voter_id is None:
        return Standing(
            refusal=_(
                "Your delegation has no voting delegate at this session: its head of delegation "
                "designates one."
            )
        )
    if not seat.votes:
        name = seat.voter().person.local_name
        return Standing(
            voter_name=name,
            refusal=_("Your delegation's vote is cast by %(name)s.") % {"name": name},
        )
    country = seat.country
    result = Standing(country=country, vote=country_vote(ballot, country))
    if result.vote is None and not ballot_eligible_countries(ballot).filter(pk=country.pk).exists():
        result.refusal = _(
            "%(country)s may not vote on this ballot: only member countries whose "
            "credentials were accepted and whose voting rights are not suspended vote."
        ) % {"country": country}
    return result


# --- the vote page ---------------------------------------------------------------------------


class VoteForm(forms.Form):
    """The vote on a question, or an election's ballot paper (candidates marked, or blank)."""

    ballot = forms.IntegerField(widget=forms.HiddenInput)
    choice = forms.ChoiceField(
        label=gettext_lazy("Your vote"),
        choices=[(choice.value, choice.label) for choice in QUESTION_CHOICES],
        error_messages={"required": gettext_lazy("Choose yes, no or abstain.")},
    )

    def __init__(self, *args, ballot: Ballot, **kwargs):
        super().__init__(*args, **kwargs)
        self.ballot = ballot
        self.paper_candidates: list = []
        self.paper_seats = 0
        if ballot.question == "election":
            # Checked here for a translated answer, and again by the elections' hook of the
            # vote service under the ballot's lock.
            from .services.election_hooks import round_candidates, seats_to_fill

            self.paper_candidates = list(round_candidates(ballot))
            self.paper_seats = seats_to_fill(ballot)
            # The paper's blank option posts ``choice=blank``; candidates marked without a
            # choice are a vote for them.
            self.fields["choice"] = forms.ChoiceField(
                required=False,
                choices=[
                    (BallotPaper.Choice.CANDIDATES.value, BallotPaper.Choice.CANDIDATES.label),
                    (BallotPaper.Choice.BLANK.value, BallotPaper.Choice.BLANK.label),
                ],
                error_messages={
                    "required": gettext_lazy(
                        "Mark at least one candidate, or cast a blank ballot paper."
                    ),
                    "invalid_choice": gettext_lazy(
                        "In an election, a ballot paper marks candidates or is left blank."
                    ),
                },
            )
            self.fields["candidates"] = forms.TypedMultipleChoiceField(
                choices=[(result.candidature_id, "") for result in self.paper_candidates],
                coerce=int,
                required=False,
                error_messages={
                    "invalid_choice": gettext_lazy(
                        "Only the candidates of this ballot can be marked."
                    ),
                    "invalid_list": gettext_lazy("The ballot paper is not valid."),
                },
            )

    def clean_ballot(self):
        if self.cleaned_data["ballot"] != self.ballot.pk:
            raise forms.ValidationError(
                _(
                    "The ballot under way has changed since the page was loaded: read the "
                    "question again and vote."
                )
            )
        return self.ballot

    def clean(self):
        data = super().clean()
        if self.ballot.question != "election" or self.errors:
            return data
        from .services.election_hooks import check_paper_marks

        marked = data.get("candidates") or []
        data["choice"] = data.get("choice") or BallotPaper.Choice.CANDIDATES.value
        check_paper_marks(data["choice"], marked, self.paper_seats)
        data["candidates"] = sorted(set(marked))
        return data

    @property
    def paper_marked(self) -> set[int]:
        """The candidates marked on the paper sent back (to keep them on a refused paper)."""
        if self.ballot.question != "election" or not self.is_bound:
            return set()
        marked = set()
        for value in self.data.getlist("candidates") if hasattr(self.data, "getlist") else ():
            if str(value).isdigit():
                marked.add(int(value))
        return marked


def _choices_template(ballot: Ballot | None) -> str:
    """The ballot paper's choices: yes/no/abstain, or an election's candidates."""
    if ballot is not None and ballot.question == "election":
        return "resolutions/vote/_choices_election.html"
    return "resolutions/vote/_choices.html"


def _draft_documents(ballot: Ballot | None) -> list:
    if ballot is None:
        return []
    draft = ballot.draft or (ballot.amendment.draft if ballot.amendment_id else None)
    if draft is None:
        return []
    return [document for document in draft.documents.all() if document.is_public]


def _vote_context(request, ballot: Ballot | None, **extra) -> dict:
    standing_ = standing(ballot, request.user) if ballot is not None else None
    context = {
        "ballot": ballot,
        "standing": standing_,
        "choices_template": _choices_template(ballot),
        "documents": _draft_documents(ballot),
        "state_etag": _vote_etag(_state_of(ballot)),
        "poll": True,
    }
    context["poll_key"] = _poll_key(ballot, standing_)
    context.update(extra)
    if "form" not in context and ballot is not None:
        context["form"] = VoteForm(ballot=ballot, initial={"ballot": ballot.pk})
    return context


def _poll_key(ballot: Ballot | None, standing_: Standing | None) -> str:
    """What the vote page shows, as vote.js rebuilds it from the state: the page reloads its
    region when this changes (not on every vote of another country, which would clear a choice
    being made)."""
    if ballot is None:
        return "none::0"
    voted = standing_ is not None and standing_.vote is not None
    return f"{ballot.pk}:{ballot.status}:{int(voted)}"


def _can_vote(ballot: Ballot | None, standing_: Standing | None) -> bool:
    return bool(
        ballot is not None
        and ballot.status == Ballot.Status.OPEN
        and ballot.takes_device_votes
        and standing_ is not None
        and standing_.is_voter
        and standing_.vote is None
        and not standing_.refusal
    )


@never_cache
@login_required
@require_http_methods(["GET", "POST"])
def vote_page(request):
    ballot = _with_results(current_screen_ballot())
    if request.method == "GET":
        context = _vote_context(request, ballot)
        context["can_vote"] = _can_vote(ballot, context["standing"])
        return render(request, "resolutions/vote/vote.html", context)
    return _vote_post(request, ballot)


def _vote_post(request, ballot: Ballot | None):
    if ballot is None:
        context = _vote_context(request, None, error=_("No ballot is under way."))
        return render(request, "resolutions/vote/vote.html", context, status=400)
    form = VoteForm(request.POST, ballot=ballot)
    error, status = "", 400
    if form.is_valid():
        try:
            cast = services.vote_cast(
                ballot=ballot,
                user=request.user,
                choice=form.cleaned_data["choice"],
                candidates=form.cleaned_data.get("candidates", ()),
            )
        except PermissionDenied:
            return _refused(request, ballot)
        except ValidationError as invalid:
            error = " ".join(invalid.messages)
        else:
            return _vote_recorded(request, cast)
    else:
        # Whoever is not the voting delegate is told so, whatever their form says.
        try:
            services.voter_country(ballot, request.user)
        except PermissionDenied:
            return _refused(request, ballot)
        error = " ".join(message for messages in form.errors.values() for message in messages)
    ballot.refresh_from_db()
    context = _vote_context(request, ballot, form=form, error=error)
    context["can_vote"] = _can_vote(ballot, context["standing"])
    if context["can_vote"]:
        form.initial = {"ballot": ballot.pk}
    return render(request, "resolutions/vote/vote.html", context, status=status)


def _refused(request, ballot: Ballot):
    """Not the voting delegate (403): the page says why, from the user's standing."""
    context = _vote_context(request, ballot, error=standing(ballot, request.user).refusal)
    return render(request, "resolutions/vote/vote.html", context, status=403)


def _vote_recorded(request, cast):
    """The answer to a vote: the receipt code of a secret vote, shown this once."""
    ballot = cast.ballot
    context = {
        "ballot": ballot,
        "country": cast.country,
        "receipt": cast.receipt,
        "choice": None if cast.receipt else country_vote(ballot, cast.country),
        "poll": False,
    }
    return render(request, "resolutions/vote/recorded.html", context)


# --- state endpoints -------------------------------------------------------------------------


def _state_of(ballot: Ballot | None) -> tuple[int, str, int] | None:
    """The ``(id, status, version)`` that ``current_screen_state`` reads, of a ballot at hand."""
    return None if ballot is None else (ballot.pk, ballot.status, ballot.version)


def _vote_etag(state: tuple[int, str, int] | None) -> str:
    """What the vote page shows changes with the ballot and its status, not with each vote of
    another country: 190 delegates polling during a vote get 304s, not a page each. (The
    voter's own vote answers with the recorded page.)"""
    return '"none"' if state is None else f'"{state[0]}-{state[1]}"'


def _not_modified(request, etag: str) -> bool:
    sent = request.headers.get("If-None-Match", "")
    return any(tag.strip().removeprefix("W/") == etag for tag in sent.split(","))


def _state_response(request, etag: str, data, *, private: bool = False) -> HttpResponse:
    if _not_modified(request, etag):
        response = HttpResponseNotModified()
    else:
        response = JsonResponse(data() if callable(data) else data)
    response["ETag"] = etag
    if private:
        patch_cache_control(response, private=True, no_cache=True, no_store=True)
    else:
        patch_cache_control(response, no_cache=True)
    return response


@require_GET
def vote_state(request):
    """The vote page's poll: the ballot, its status and version, and whether the voter's country
    voted. Unchanged since the ETag sent: 304, answered from the ballot's (id, status) alone,
    before the session and the user are read (the tag is the hall's public state, and 190
    delegates poll it during a vote). Anything more needs the delegate signed in."""
    state = current_screen_state()
    etag = _vote_etag(state)
    if _not_modified(request, etag):
        return _state_response(request, etag, None, private=True)
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    ballot = current_screen_ballot()
    etag = _vote_etag(_state_of(ballot))

    def data():
        if ballot is None:
            return {"ballot": None, "status": "", "version": 0, "voted": False}
        standing_ = standing(ballot, request.user)
        return {
            "ballot": ballot.pk,
            "status": ballot.status,
            "version": ballot.version,
            "voted": standing_.vote is not None,
        }

    return _state_response(request, etag, data, private=True)


def _hall_etag(state: tuple[int, str, int] | None) -> str:
    """The hall shows every vote's effect: its version (bumped by each vote and each move)."""
    if state is None:
        return '"none"'
    return '"' + "-".join(map(str, (*state, get_language()))) + '"'


@require_GET
def hall_state(request):
    etag = _hall_etag(current_screen_state())
    if _not_modified(request, etag):
        return _state_response(request, etag, None)
    ballot = current_screen_ballot()
    etag = _hall_etag(_state_of(ballot))

    def data():
        if ballot is None:
            return {"ballot": None, "status": "", "version": 0}
        return {
            "ballot": ballot.pk,
            "status": ballot.status,
            "version": ballot.version,
            **participation_counts(ballot),
        }

    return _state_response(request, etag, data)


# --- the hall screen -------------------------------------------------------------------------


def _with_results(ballot: Ballot | None) -> Ballot | None:
    """A closed election's ballot with its candidates' results, their candidatures and
    countries, in one query (the result table reads them)."""
    if ballot is not None and ballot.question == "election" and ballot.is_closed:
        from django.db.models import Prefetch, prefetch_related_objects

        from .models import CandidateResult

        prefetch_related_objects(
            [ballot],
            Prefetch(
                "candidate_results",
                queryset=CandidateResult.objects.select_related("candidature__country"),
            ),
        )
    return ballot


@never_cache
@require_GET
def hall_page(request):
    ballot = _with_results(current_screen_ballot())
    context = {"ballot": ballot, "state_etag": _hall_etag(_state_of(ballot)), "poll": True}
    if ballot is not None:
        context["session"] = ballot.session
        if ballot.is_live and ballot.is_recorded:
            # A recorded ballot names, in the roll-call order, the countries yet to vote.
            counts = participation(ballot)
            context["missing"] = counts["missing"]
        else:
            counts = participation_counts(ballot)
        context["counts"] = counts
        if ballot.is_closed and ballot.is_recorded:
            context["votes"] = recorded_votes(ballot)
    else:
        context["session"] = current_session()
    return render(request, "resolutions/vote/hall.html", context)


# --- the receipt check -----------------------------------------------------------------------


class ReceiptForm(forms.Form):
    code = forms.CharField(
        label=gettext_lazy("Receipt code"),
        max_length=40,
        help_text=gettext_lazy("The 16 letters and digits shown when you voted, for example:"),
        error_messages={"required": gettext_lazy("Type the receipt code you were given.")},
    )

    def clean_code(self):
        from .services.evoting import RECEIPT_LENGTH, normalise_receipt

        code = self.cleaned_data["code"]
        if "\x00" in code or len(normalise_receipt(code)) != RECEIPT_LENGTH:
            raise forms.ValidationError(
                _("A receipt code has 16 letters and digits, in four groups of four.")
            )
        return code


def _receipt_keys(request) -> list[str]:
    import hashlib

    digest = hashlib.sha256(client_ip(request).encode()).hexdigest()[:32]
    return [f"vote-receipt-failures:ip:{digest}"]


@never_cache
@require_http_methods(["GET", "POST"])
def receipt_page(request):
    """A voter checks that their paper is in the count. Failed look-ups are counted per client
    address; past the limit the form answers 429 until the window ends."""
    limit, window = RECEIPT_RATE_LIMIT
    keys = _receipt_keys(request)
    if request.method == "GET":
        return render(request, "resolutions/vote/receipt.html", {"form": ReceiptForm()})
    if any(failures(key) >= limit for key in keys):
        context = {"form": ReceiptForm(), "limited": True}
        return render(request, "resolutions/vote/receipt.html", context, status=429)
    form = ReceiptForm(request.POST)
    if not form.is_valid():
        count_failures(keys, window=window)
        return render(request, "resolutions/vote/receipt.html", {"form": form}, status=400)
    paper = services.receipt_lookup(form.cleaned_data["code"])
    if paper is None:
        count_failures(keys, window=window)
    context = {"form": ReceiptForm(), "checked": True, "paper": paper}
    if paper is not None:
        context["ballot"] = paper.ballot
        context["choice"] = BallotPaper.Choice(paper.choice).label
        if paper.choice == BallotPaper.Choice.CANDIDATES:
            from .models import Candidature

            context["marked"] = list(
                Candidature.objects.select_related("country")
                .filter(pk__in=paper.candidates or [])
                .order_by("candidate_name")
            )
        if paper.ballot.is_closed:
            _with_results(paper.ballot)
    return render(request, "resolutions/vote/receipt.html", context)

"""The chair's console: one ballot run from the back office (open, suspend, resume, close, run
again), its participation followed live, and votes recorded by hand for a delegation without a
device. Mixed into ``BallotAdmin``; every write goes through ``resolutions.services``."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponseNotAllowed, HttpResponseRedirect, JsonResponse
from django.http.response import HttpResponseNotModified
from django.template.loader import render_to_string, select_template
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.cache import add_never_cache_headers
from django.utils.translation import get_language, gettext_lazy, ngettext
from django.utils.translation import gettext as _

from assembly.models import Country

from . import services
from .models import Ballot, Vote
from .selectors import ballot_eligible_countries, roll_call_order

# The moves of the console: the ballot's status they start from, and whether the chair
# confirms them on a page of their own first (closing and running again cannot be undone).
MOVES = {
    "open": {"from": (Ballot.Status.PREPARED,), "confirm": False},
    "suspend": {"from": (Ballot.Status.OPEN,), "confirm": False},
    "resume": {"from": (Ballot.Status.SUSPENDED,), "confirm": False},
    "close": {"from": (Ballot.Status.OPEN,), "confirm": True},
    "run-again": {"from": Ballot.LIVE_STATUSES, "confirm": True},
}


def console_state(ballot: Ballot) -> dict:
    """What the console shows of a ballot's participation, in a fixed number of queries.

    The countries entitled (``ballot_eligible_countries``) in the roll-call order, those that
    have voted and, for a recorded ballot, each country's vote so far; a secret ballot shows
    participation only (DOMAIN.md: who voted, never how)."""
    entitled = roll_call_order(
        countries=ballot_eligible_countries(ballot),
        host_country_id=ballot.session.host_country_id,
        letter=ballot.roll_call_letter or "A",
    )
    choices = dict(Vote.objects.filter(ballot=ballot).values_list("country_id", "choice"))
    missing = [country for country in entitled if country.pk not in choices]
    voted = len(entitled) - len(missing)
    votes = []
    if ballot.is_recorded:
        labels = dict(Vote.Choice.choices)
        votes = [
            {
                "country": country,
                "choice": choices[country.pk] or "",
                "label": labels.get(choices[country.pk], ""),
            }
            for country in entitled
            if country.pk in choices
        ]
    return {
        "entitled": len(entitled),
        "voted": voted,
        "percent": round(100 * voted / len(entitled)) if entitled else 0,
        "missing": missing,
        "votes": votes,
    }


def console_etag(ballot: Ballot) -> str:
    """The state's entity tag: the ballot's version, in the page's language."""
    return f'"ballot-{ballot.pk}-{ballot.version}-{get_language()}"'


def participation_sentence(state: dict) -> str:
    return ngettext(
        "%(voted)d of %(entitled)d entitled delegation has voted.",
        "%(voted)d of %(entitled)d entitled delegations have voted.",
        state["entitled"],
    ) % {"voted": state["voted"], "entitled": state["entitled"]}


class HandVoteForm(forms.Form):
    """A vote recorded by an officer for a delegation without a device. The choices (yes, no,
    abstain; candidates for an election) are checked by ``vote_by_hand`` against the ballot's
    question; the form's partial template is chosen by the question too."""

    country = forms.ModelChoiceField(
        label=gettext_lazy("Delegation"), queryset=Country.objects.none(), empty_label="—"
    )
    choice = forms.CharField(label=gettext_lazy("Vote"), max_length=12)

    def __init__(self, *args, countries=(), election=False, **kwargs):
        super().__init__(*args, **kwargs)
        if election:
            # An election's paper posts the candidates marked, or ``choice=blank``.
            self.fields["choice"].required = False
        self.fields["country"].queryset = Country.objects.filter(
            pk__in=[country.pk for country in countries]
        )
        # Listed in the roll-call order, without another query.
        self.fields["country"].choices = [("", "—")] + [
            (country.pk, country.name) for country in countries
        ]

    def clean_country(self):
        # Checked again by the service, under the ballot's lock.
        return self.cleaned_data["country"]


def _paper_context(ballot: Ballot, form) -> dict:
    """An election's paper for the vote by hand: the round's candidates, the seats to fill and
    the marks of a refused paper; the result per candidate of a closed election's ballot."""
    if ballot.question != Ballot.Question.ELECTION:
        return {}
    from .services.election_hooks import round_candidates, seats_to_fill

    context = {}
    if form is not None:
        marked = set()
        if form.is_bound:
            marked = {int(v) for v in form.data.getlist("candidates") if str(v).isdigit()}
        context.update(
            paper_candidates=list(round_candidates(ballot)),
            paper_seats=seats_to_fill(ballot),
            paper_marked=marked,
        )
    return context


class ChairConsoleMixin:
    """The console's views, for ``BallotAdmin`` (which gives ``_ballot`` and the admin site)."""

    def console_urls(self) -> list:
        view = self.admin_site.admin_view
        return [
            path(
                "<int:pk>/console/",
                view(self.console_view),
                name="resolutions_ballot_console",
            ),
            path(
                "<int:pk>/console/state.json",
                view(self.console_state_view),
                name="resolutions_ballot_console_state",
            ),
            path(
                "<int:pk>/console/vote-by-hand/",
                view(self.console_hand_vote_view),
                name="resolutions_ballot_console_hand_vote",
            ),
            path(
                "<int:pk>/console/<slug:move>/",
                view(self.console_move_view),
                name="resolutions_ballot_console_move",
            ),
        ]

    def _console_url(self, ballot: Ballot) -> str:
        return reverse("admin:resolutions_ballot_console", args=[ballot.pk])

    def _console_context(self, request, ballot: Ballot, **extra) -> dict:
        state = console_state(ballot)
        form = extra.pop("hand_form", None)
        if form is None and ballot.takes_device_votes and ballot.status == Ballot.Status.OPEN:
            form = HandVoteForm(
                countries=state["missing"], election=ballot.question == Ballot.Question.ELECTION
            )
        return {
            **_paper_context(ballot, form),
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "ballot": ballot,
            "state": state,
            "sentence": participation_sentence(state),
            "hand_form": form,
            "hand_choices_template": select_template(
                [
                    f"resolutions/admin/console/choices_{ballot.question}.html",
                    "resolutions/admin/console/choices.html",
                ]
            ).template.name,
            "title": _("Chair's console"),
            "etag": console_etag(ballot),
            **extra,
        }

    def console_view(self, request, pk):
        ballot = self._ballot(request, pk, change=True)
        response = TemplateResponse(
            request,
            "resolutions/admin/console.html",
            self._console_context(request, ballot),
        )
        add_never_cache_headers(response)
        return response

    def console_state_view(self, request, pk):
        """The console's participation panel, polled every two seconds: 304 while the ballot's
        version (bumped by every move and every vote) is the one the page holds."""
        ballot = self._ballot(request, pk, change=True)
        etag = console_etag(ballot)
        if request.headers.get("If-None-Match") == etag:
            response = HttpResponseNotModified()
        else:
            state = console_state(ballot)
            sentence = participation_sentence(state)
            html = render_to_string(
                "resolutions/admin/console/participation.html",
                {"ballot": ballot, "state": state, "sentence": sentence},
                request=request,
            )
            response = JsonResponse(
                {
                    "version": ballot.version,
                    "status": ballot.status,
                    "voted": state["voted"],
                    "entitled": state["entitled"],
                    "announcement": sentence,
                    "html": html,
                }
            )
        response["ETag"] = etag
        add_never_cache_headers(response)
        return response

    def console_move_view(self, request, pk, move):
        ballot = self._ballot(request, pk, change=True)
        if move not in MOVES:
            raise PermissionDenied
        if request.method not in ("GET", "POST"):
            return HttpResponseNotAllowed(["GET", "POST"])
        if ballot.status not in MOVES[move]["from"]:
            self.message_user(
                request,
                _("The ballot is %(state)s: this cannot be done now.")
                % {"state": ballot.get_status_display()},
                messages.ERROR,
            )
            return HttpResponseRedirect(self._console_url(ballot))
        confirm = MOVES[move]["confirm"]
        tellers = None
        if move == "close" and ballot.method in Ballot.TELLER_METHODS and not ballot.counts_papers:
            from .admin import TellersForm

            tellers = TellersForm(request.POST if request.method == "POST" else None)
        reason = RunAgainForm(request.POST if request.method == "POST" else None)
        confirmed = request.method == "POST" and (not confirm or "confirm" in request.POST)
        if confirmed:
            if tellers is not None and not tellers.is_valid():
                confirmed = False
            if move == "run-again" and not reason.is_valid():
                confirmed = False
        if not confirmed:
            if not confirm:
                return HttpResponseNotAllowed(["POST"])
            return TemplateResponse(
                request,
                "resolutions/admin/console_confirm.html",
                {
                    **self.admin_site.each_context(request),
                    "opts": self.opts,
                    "ballot": ballot,
                    "move": move,
                    "tellers": tellers,
                    "reason": reason if move == "run-again" else None,
                    "title": _("Close the ballot")
                    if move == "close"
                    else _("Run the ballot again"),
                },
                status=400 if request.method == "POST" else 200,
            )
        try:
            result = self._console_move(request, ballot, move, tellers, reason)
        except ValidationError as error:
            self.message_user(request, " ".join(error.messages), messages.ERROR)
            return HttpResponseRedirect(self._console_url(ballot))
        self.message_user(request, result["message"], messages.SUCCESS)
        return HttpResponseRedirect(result["url"])

    def _console_move(self, request, ballot, move, tellers, reason) -> dict:
        user = request.user
        url = self._console_url(ballot)
        if move == "open":
            services.ballot_open(ballot=ballot, actor=user)
            return {"message": _("The ballot is open."), "url": url}
        if move == "suspend":
            services.ballot_suspend(ballot=ballot, actor=user)
            return {"message": _("The ballot is suspended."), "url": url}
        if move == "resume":
            services.ballot_resume(ballot=ballot, actor=user)
            return {"message": _("The ballot is open again."), "url": url}
        if move == "close":
            services.ballot_close(
                ballot=ballot,
                actor=user,
                tellers=tellers.cleaned_data if tellers is not None else None,
            )
            return {"message": _("The ballot is closed."), "url": url}
        copy = services.ballot_run_again(
            ballot=ballot, actor=user, reason=reason.cleaned_data["reason"]
        )
        return {
            "message": _(
                "The ballot is void; its copy is prepared: open it when the hall is ready."
            ),
            "url": self._console_url(copy),
        }

    def console_hand_vote_view(self, request, pk):
        ballot = self._ballot(request, pk, change=True)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        state = console_state(ballot)
        election = ballot.question == Ballot.Question.ELECTION
        form = HandVoteForm(request.POST, countries=state["missing"], election=election)
        if not form.is_valid():
            # An ineligible country, or one that has voted meanwhile, is not among the choices.
            return self._hand_vote_refused(request, ballot, form)
        try:
            cast = services.vote_by_hand(
                ballot=ballot,
                country=form.cleaned_data["country"],
                choice=form.cleaned_data["choice"] or (election and "candidates") or "",
                candidates=request.POST.getlist("candidates") if election else (),
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
            return self._hand_vote_refused(request, ballot, form)
        ballot.refresh_from_db()
        message = _("The vote of %(country)s is recorded.") % {"country": cast.country}
        if cast.receipt is None:
            self.message_user(request, message, messages.SUCCESS)
            return HttpResponseRedirect(self._console_url(ballot))
        # A secret ballot: the receipt code is shown here once, never stored nor put in a
        # message (messages may travel in a cookie).
        context = self._console_context(
            request, ballot, receipt=cast.receipt, receipt_country=cast.country, recorded=message
        )
        response = TemplateResponse(request, "resolutions/admin/console.html", context)
        add_never_cache_headers(response)
        return response

    def _hand_vote_refused(self, request, ballot, form):
        context = self._console_context(request, ballot, hand_form=form)
        response = TemplateResponse(request, "resolutions/admin/console.html", context, status=400)
        add_never_cache_headers(response)
        return response


class RunAgainForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Why the ballot is run again"),
        help_text=gettext_lazy("The reason goes on the record (the audit of the ballot)."),
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=500,
    )

    def clean_reason(self):
        reason = self.cleaned_data["reason"].strip()
        if not reason:
            raise ValidationError(
                _("Say why the ballot is run again: the reason goes on the record.")
            )
        return reason


def live_ballot_panel(request, session) -> list:
    """The back office's home page: each ballot under way at the current session, with the way
    to its console, for the staff who run ballots. One query (none for other staff)."""
    from django.contrib import admin

    from assembly.dashboard import Queue

    from .selectors import live_ballots

    if session is None or not admin.site.is_registered(Ballot):
        return []
    if not admin.site.get_model_admin(Ballot).has_change_permission(request):
        return []
    queues = []
    for ballot in live_ballots(session):
        label = _("Ballot under way (%(status)s): %(ballot)s — chair's console") % {
            "status": ballot.get_status_display(),
            "ballot": ballot,
        }
        url = reverse("admin:resolutions_ballot_console", args=[ballot.pk])
        queues.append(Queue(f"live-ballot-{ballot.pk}", label, 1, url))
    return queues

"""The transition kernel (``assembly.transitions``): every model with a life cycle declares its
moves, and every app's services answer the same way to a move that is not allowed, to one that
is, and to a move to the state the object is already in."""

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.core.exceptions import ValidationError
from django.utils import timezone, translation
from django.utils.functional import Promise

from agenda import services as agenda_services
from agenda.models import AgendaItem, FloorRequest, ProgrammeSlot
from assembly.models import AuditRecord, Country
from assembly.transitions import ALREADY, Moves, transition
from delegates import services as delegates_services
from delegates.models import Credentials, Delegation, Registration
from resolutions import services as resolutions_services
from resolutions.models import Amendment, Ballot, DraftResolution, Election
from tests.delegates.factories import register

FOUR = {"en": "Text (en)", "fr": "Texte (fr)", "es": "Texto (es)", "ar": "نص (ar)"}


def _set(obj, value):
    """Put ``obj`` in a state directly (test set-up), as an earlier decision would have."""
    field = type(obj).MOVES.field
    type(obj).objects.filter(pk=obj.pk).update(**{field: value})
    obj.refresh_from_db()
    return obj


def _registration(session, state):
    return _set(register(session=session, country=Country.objects.get(iso_code="AT")), state)


def _credentials(session, state):
    delegation = delegates_services.delegation_for(
        session=session, country=Country.objects.get(iso_code="AT")
    )
    return _set(delegation.credentials, state)


def _slot(session, state):
    start = timezone.make_aware(dt.datetime(2023, 11, 28, 9, 0))
    slot = agenda_services.slot_create(
        session=session,
        kind="panel",
        slug="kernel-slot",
        titles=FOUR,
        start=start,
        end=start + dt.timedelta(hours=1),
    )
    return _set(slot, state)


def _item(session, state):
    item = agenda_services.agenda_item_create(
        session=session, number="9.1", slug="kernel-item", titles=FOUR
    )
    return _set(item, state)


def _floor_request(session, state):
    item = _item(session, AgendaItem.State.FINAL)
    delegation = Delegation.objects.create(
        session=session, country=Country.objects.get(iso_code="BR")
    )
    request = agenda_services.floor_request_create(
        agenda_item=item, delegation=delegation, kind=FloorRequest.Kind.STATEMENT
    )
    return _set(request, state)


def _draft(session, state):
    draft = resolutions_services.draft_save(
        session=session,
        titles=FOUR,
        texts={code: f"<p>{text}</p>" for code, text in FOUR.items()},
        sponsors=[Country.objects.get(iso_code="FR")],
    )
    return _set(draft, state)


def _amendment(session, state):
    draft = _draft(session, DraftResolution.Status.CIRCULATED)
    amendment = resolutions_services.amendment_propose(
        draft=draft,
        sponsor=Country.objects.get(iso_code="DE"),
        texts=FOUR,
        replacements={code: f"<p>{text}</p>" for code, text in FOUR.items()},
        distance=1,
    )
    return _set(amendment, state)


def _ballot(session, state):
    ballot = resolutions_services.ballot_create(
        session=session, question="procedural", method="show_of_hands", subjects=FOUR
    )
    if state == Ballot.Status.CLOSED:
        Ballot.objects.filter(pk=ballot.pk).update(outcome=Ballot.Outcome.ADOPTED)
    return _set(ballot, state)


def _election(session, state):
    from resolutions.models import Election
    from tests.resolutions.test_elections import candidates, election

    made = election(session)
    candidates(made, FR="Claire Martin", BR="João Silva")
    return _set(Election.objects.get(pk=made.pk), state)


@dataclass(frozen=True)
class Case:
    """One status model: how to build it in a state, and the app's services for three moves
    (``service(obj)`` moves ``obj`` towards the state the case names)."""

    model: type
    make: Callable
    allowed: tuple[str, str, Callable]  # from, to, the service that makes the move
    refused: tuple[str, str, Callable]
    already: tuple[str, Callable]


D, R = delegates_services, resolutions_services
A = agenda_services
RS, CS = Registration.Status, Credentials.State
PS, IS, FS = ProgrammeSlot.Status, AgendaItem.State, FloorRequest.Status
DS, AS, BS = DraftResolution.Status, Amendment.Status, Ballot.Status
ES = Election.Status

CASES = [
    Case(
        Registration,
        _registration,
        (RS.SUBMITTED, RS.APPROVED, lambda r: D.registration_approve(registration=r, actor=None)),
        (RS.REJECTED, RS.APPROVED, lambda r: D.registration_approve(registration=r, actor=None)),
        (RS.APPROVED, lambda r: D.registration_approve(registration=r, actor=None)),
    ),
    Case(
        Credentials,
        _credentials,
        (CS.PENDING, CS.RECEIVED, lambda c: D.credentials_receive(credentials=c, actor=None)),
        (
            CS.PENDING,
            CS.ACCEPTED,
            lambda c: D.credentials_decide(credentials=c, state="accepted", actor=None, reason=""),
        ),
        (CS.RECEIVED, lambda c: D.credentials_receive(credentials=c, actor=None)),
    ),
    Case(
        ProgrammeSlot,
        _slot,
        (PS.DRAFT, PS.PUBLISHED, lambda s: A.slot_publish(slot=s)),
        # Every other state may be reached from any state: no move is refused.
        (PS.DRAFT, PS.DRAFT, None),
        (PS.PUBLISHED, lambda s: A.slot_publish(slot=s)),
    ),
    Case(
        AgendaItem,
        _item,
        (IS.REQUESTED, IS.PROVISIONAL, lambda i: A.agenda_item_make_provisional(item=i)),
        (IS.REQUESTED, IS.DEBATED, lambda i: A.agenda_item_open_debate(item=i)),
        (IS.PROVISIONAL, lambda i: A.agenda_item_make_provisional(item=i)),
    ),
    Case(
        FloorRequest,
        _floor_request,
        (FS.WAITING, FS.WITHDRAWN, lambda f: A.floor_request_withdraw(request=f)),
        (FS.SPOKEN, FS.SPEAKING, lambda f: A.floor_request_give_floor(request=f)),
        (FS.WITHDRAWN, lambda f: A.floor_request_withdraw(request=f)),
    ),
    Case(
        DraftResolution,
        _draft,
        (DS.DRAFT, DS.SUBMITTED, lambda d: R.draft_submit(draft=d)),
        (DS.ADOPTED, DS.WITHDRAWN, lambda d: R.draft_withdraw(draft=d)),
        (DS.SUBMITTED, lambda d: R.draft_submit(draft=d)),
    ),
    Case(
        Amendment,
        _amendment,
        (AS.PROPOSED, AS.WITHDRAWN, lambda a: R.amendment_withdraw(amendment=a)),
        (AS.ADOPTED, AS.WITHDRAWN, lambda a: R.amendment_withdraw(amendment=a)),
        (AS.WITHDRAWN, lambda a: R.amendment_withdraw(amendment=a)),
    ),
    Case(
        Ballot,
        _ballot,
        (BS.PREPARED, BS.OPEN, lambda b: R.ballot_open(ballot=b)),
        (BS.PREPARED, BS.CLOSED, lambda b: R.ballot_close(ballot=b, tellers={"yes": 1})),
        (BS.CLOSED, lambda b: R.ballot_close(ballot=b, tellers={"yes": 1})),
    ),
    Case(
        Election,
        _election,
        (ES.CANDIDATURES, ES.VOTING, lambda e: R.election_put_to_vote(election=e)),
        (ES.DECIDED, ES.VOTING, lambda e: R.election_put_to_vote(election=e)),
        (ES.VOTING, lambda e: R.election_put_to_vote(election=e)),
    ),
]
IDS = [case.model.__name__ for case in CASES]


def _row(obj):
    """What the database holds for the object (every column)."""
    return type(obj).objects.filter(pk=obj.pk).values().get()


def test_every_model_with_a_life_cycle_declares_its_moves_and_is_tested_here():
    declared = {
        model for model in apps.get_models() if isinstance(getattr(model, "MOVES", None), Moves)
    }
    assert declared == {case.model for case in CASES}
    for model in declared:
        moves = model.MOVES
        states = set(dict(model._meta.get_field(moves.field).flatchoices))
        for source, targets in moves.allowed.items():
            assert source in states and set(targets) <= states, model
            assert source not in targets, f"{model.__name__}: {source} → itself is not a move"
        assert isinstance(moves.refused, Promise), "the refusal is translated when it is said"


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_an_allowed_move_writes_the_state_and_one_audit_record(case, session91):
    source, target, service = case.allowed
    obj = case.make(session91, source)
    before = AuditRecord.objects.count()
    last = AuditRecord.objects.order_by("id").last()
    service(obj)
    assert getattr(type(obj).objects.get(pk=obj.pk), case.model.MOVES.field) == target
    records = AuditRecord.objects.filter(
        id__gt=last.id if last else 0, target_id=str(obj.pk), data__to=target
    )
    assert records.count() == 1
    assert records.get().data["from"] == source
    assert AuditRecord.objects.count() >= before + 1


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_a_move_not_allowed_is_refused_in_the_readers_language_and_writes_nothing(case, session91):
    source, target, service = case.refused
    if service is None:
        moves = case.model.MOVES
        states = dict(case.model._meta.get_field(moves.field).flatchoices)
        assert all(moves.allows(a, b) for a in states for b in states if a != b)
        pytest.skip(f"{case.model.__name__}: every state may be reached from every other")
    obj = case.make(session91, source)
    assert not case.model.MOVES.allows(source, target)
    row, audit = _row(obj), AuditRecord.objects.count()
    with translation.override("fr"), pytest.raises(ValidationError) as refused:
        service(obj)
    assert refused.value.code == "invalid_transition"
    with translation.override("fr"):
        state_fr = str(dict(obj._meta.get_field(case.model.MOVES.field).flatchoices)[source])
    # The message names the current state, in the language of the reader.
    assert state_fr in refused.value.messages[0], (state_fr, refused.value.messages)
    assert _row(obj) == row
    assert AuditRecord.objects.count() == audit


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_a_move_to_the_state_it_is_already_in_gets_the_same_answer_in_every_app(case, session91):
    state, service = case.already
    obj = case.make(session91, state)
    row, audit = _row(obj), AuditRecord.objects.count()
    with pytest.raises(ValidationError) as unchanged:
        service(obj)
    label = dict(obj._meta.get_field(case.model.MOVES.field).flatchoices)[state]
    assert unchanged.value.code == "unchanged"
    assert unchanged.value.messages == [str(ALREADY % {"state": label})]
    assert _row(obj) == row
    assert AuditRecord.objects.count() == audit
    # The kernel itself answers the same to a caller that skips the app's service.
    with pytest.raises(ValidationError) as direct:
        transition(obj, state, actor=None, action="test.move")
    assert direct.value.messages == unchanged.value.messages
    assert AuditRecord.objects.count() == audit


def test_the_already_answer_is_said_in_the_readers_language(session91):
    item = _item(session91, IS.FINAL)
    with translation.override("fr"), pytest.raises(ValidationError) as unchanged:
        A.agenda_item_make_final(item=item)
    with translation.override("fr"):
        expected = str(ALREADY % {"state": IS.FINAL.label})
    assert unchanged.value.messages == [expected]
    assert "final" in expected or "définitif" in expected

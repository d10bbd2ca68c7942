"""The one way a status moves (DESIGN.md, "One write path, one small kernel").

Each model with a life cycle declares its allowed moves next to its ``TextChoices``::

    class Registration(models.Model):
        class Status(models.TextChoices): ...

        MOVES = Moves("status", {Status.SUBMITTED: (Status.APPROVED, ...), ...})

and every service that moves it calls ``transition()``: the row is locked, the move checked,
saved and audited in one transaction. The answers are the same for every model:

- a move the declaration does not allow raises a translated ``ValidationError`` (code
  ``"invalid_transition"``) naming the current state, and writes nothing;
- a move to the state the object is already in raises a translated ``ValidationError`` (code
  ``"unchanged"``) naming that state, and writes nothing, no audit record either. It is refused
  rather than ignored so that two officers deciding the same row at once both learn what
  happened (the second one reads that it is already decided), and a bulk action does not count
  a row it did not change.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext_lazy as _

ALREADY = _("Nothing was changed: the state is already “%(state)s”.")
REFUSED = _("%(object)s is %(state)s: it cannot become %(to)s.")


@dataclass(frozen=True)
class Moves:
    """The allowed moves of one status field: ``allowed`` maps a state to the states it may
    move to. ``refused`` is the message of a move not allowed; it may use ``%(state)s`` (the
    current state), ``%(to)s`` (the target, worded by ``verbs`` when given, else its label),
    ``%(object)s`` and ``%(number)s``; ``%(status)s`` and ``%(action)s`` are the same two."""

    field: str
    allowed: Mapping[str, Iterable[str]]
    refused: Any = REFUSED
    verbs: Mapping[str, Any] = field(default_factory=dict)

    def allows(self, current: str, to: str) -> bool:
        return to in tuple(self.allowed.get(current, ()))

    def sources(self, to: str) -> tuple[str, ...]:
        """The states from which ``to`` may be reached."""
        return tuple(state for state, targets in self.allowed.items() if to in tuple(targets))


def moves_of(model: type[models.Model] | models.Model) -> Moves:
    return model.MOVES


def _label(obj: models.Model, name: str, value: str) -> str:
    return str(dict(obj._meta.get_field(name).flatchoices).get(value, value))


def _lock(obj: models.Model) -> models.Model:
    return type(obj)._default_manager.select_for_update(of=("self",)).order_by().get(pk=obj.pk)


def check_move(obj: models.Model, to: str) -> None:
    """Raise the one answer to a move of ``obj`` (as read now) to ``to`` that cannot be made."""
    moves = moves_of(obj)
    current = getattr(obj, moves.field)
    if current == to:
        raise ValidationError(
            ALREADY % {"state": _label(obj, moves.field, current)}, code="unchanged"
        )
    if not moves.allows(current, to):
        state = _label(obj, moves.field, current)
        target = str(moves.verbs.get(to) or _label(obj, moves.field, to))
        raise ValidationError(
            moves.refused
            % {
                "object": str(obj),
                "number": getattr(obj, "number", ""),
                "state": state,
                "status": state,
                "to": target,
                "action": target,
            },
            code="invalid_transition",
        )


def transition(
    obj: models.Model,
    to: str,
    *,
    actor: Any,
    action: str,
    reason: str = "",
    check: Callable[[models.Model], None] | None = None,
    update: Callable[[models.Model], Iterable[str] | None] | None = None,
    data: Mapping[str, Any] | None = None,
) -> models.Model:
    """Move ``obj`` to the state ``to``: lock, check, save, audit, in one transaction.

    1. The row is re-read under a row lock (``select_for_update``): the decision is taken on
       the current row, never on the caller's copy.
    2. Already in ``to``: ``ValidationError`` code ``"unchanged"``, nothing written (see the
       module's docstring: the same answer for every model).
    3. ``check(locked)``, if given, raises for the service's own conditions (a stale version,
       a text missing a language...).
    4. A move the model's ``MOVES`` does not allow: ``ValidationError`` code
       ``"invalid_transition"`` with the model's message, nothing written.
    5. ``update(locked)``, if given, sets the other fields of the move (it still sees the old
       state) and returns their names; the state is set, the fields saved.
    6. One audit record ``action`` with ``reason`` and data ``{"from", "to", **data}``.

    The caller's ``obj`` gets the saved values; the locked row is returned. Side effects of
    the service (mail, cache) stay in the service, inside its own transaction.
    """
    from .services import audit_record

    moves = moves_of(obj)
    with transaction.atomic():
        locked = _lock(obj)
        current = getattr(locked, moves.field)
        if current == to:
            check_move(locked, to)  # "unchanged", before the service's own conditions
        if check is not None:
            check(locked)
        check_move(locked, to)
        fields = [moves.field, *(update(locked) or ())] if update else [moves.field]
        setattr(locked, moves.field, to)
        # A field stamped on every save (``auto_now``) is written with the move.
        fields += [f.name for f in locked._meta.concrete_fields if getattr(f, "auto_now", False)]
        fields = list(dict.fromkeys(fields))
        locked.save(update_fields=fields)
        audit_record(
            actor=actor,
            action=action,
            target=locked,
            reason=reason,
            data={"from": current, "to": to, **(data or {})},
        )
    for name in fields:
        setattr(obj, name, getattr(locked, name))
    return locked

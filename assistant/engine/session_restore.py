"""A session rebuilt from its stored turns (after a restart, or in another process)."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from assistant.engine.state import MAX_HISTORY, Constraints, SessionState
from assistant.store import TurnRecord
from assistant.support.case import CaseFacts
from assistant.support.types import PastTurn

ANONYMOUS = "anonymous"  # the stored user of a turn nobody signed in for


def restore_session(
    session_id: str,
    turns: Sequence[TurnRecord],
    product_by_id: Callable[[str], dict[str, Any] | None],
) -> SessionState:
    """The state the stored ``turns`` (oldest first) leave: the last reply's constraints,
    shown products (those still in the catalog) and focus, and the history with each
    support turn's recorded case facts (turns stored before those were recorded come back
    without them). Owned by the first named user who spoke, else by nobody yet."""
    state = SessionState(session_id, None)
    owners = [t.user_id for t in turns if t.user_id != ANONYMOUS]
    state.user_id = owners[0] if owners else None
    asked: TurnRecord | None = None  # the user message the next reply answers
    for record in turns:
        if record.role == "user":
            asked = record
            continue
        if record.data:
            state.constraints = Constraints.from_dict(record.data.get("constraints") or {})
            shown = [product_by_id(p) for p in record.data.get("shown") or []]
            state.shown = [p for p in shown if p is not None]
            state.focus = list(record.data.get("focus") or [])
            state.turns += 1
        if asked is not None:
            case = CaseFacts.from_dict((record.data or {}).get("case"))
            intent, sentiment = asked.intent or "other", asked.sentiment or "neutral"
            state.history.append(PastTurn(asked.text, intent, sentiment, record.text, case))
            asked = None
    del state.history[:-MAX_HISTORY]
    return state

"""What a turn decided (its Turn, the reply plan, the state it leaves), and small helpers the
routes share to fill it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.engine.cards import record_card
from assistant.engine.replies import OFF_TOPIC, chat_plan
from assistant.engine.state import Constraints, SessionState
from assistant.engine.turn import Turn
from assistant.generation.types import ReplyPlan
from assistant.profile.scoring import ProfileContext
from assistant.support.case import CaseFacts


@dataclass
class Decision:
    turn: Turn
    plan: ReplyPlan
    constraints: Constraints
    shown: list[dict[str, Any]]
    focus: list[str]
    timings: dict[str, float] = field(default_factory=dict)
    case: CaseFacts | None = None  # a support turn: what the desk did (kept in the history)
    back: bool = False  # "go back": the constraints are the previous search's


def start(
    state: SessionState, intent: str, confidence: float, sentiment: str, entities: dict[str, Any]
) -> Decision:
    """A turn's decision before any route: what was read of the message, the session's state
    kept, an off-topic reply."""
    turn = Turn(
        intent=intent,
        intent_confidence=round(confidence, 4),
        sentiment=sentiment,
        entities=entities,
        constraints=state.constraints.to_dict(),
        products=[],
        reply="",
        session_id=state.session_id,
    )
    return Decision(turn, chat_plan("chat", OFF_TOPIC), state.constraints, state.shown, state.focus)


def clarify(d: Decision, state: SessionState, text: str) -> None:
    """A question back to the shopper, with the products it refers to as the turn's cards."""
    d.plan = chat_plan("clarify", text)
    d.turn.products = [record_card(p) for p in state.shown]


def report_constraints(d: Decision, profile: ProfileContext | None) -> None:
    """The turn's constraints as decided, with the profile's soft filters beside them."""
    d.turn.constraints = d.constraints.to_dict()
    if profile is not None and profile.soft_filters():
        d.turn.constraints["profile_filters"] = [f.to_dict() for f in profile.soft_filters()]

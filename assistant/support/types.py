"""What the conversation engine hands to the support desk and gets back."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.engine.turn import SupportInfo
from assistant.nlu.pipeline import NLUResult

# the intents the support desk answers (in the order reports list them)
SUPPORT_INTENTS = ("order_status", "return_refund", "policy_question", "complaint", "human_agent")


@dataclass
class PastTurn:
    """One earlier message of the same session, as the support desk sees it."""

    message: str
    intent: str
    sentiment: str
    reply: str = ""


@dataclass
class SupportRequest:
    message: str
    nlu: NLUResult
    session_id: str
    user_id: str | None
    history: list[PastTurn] = field(default_factory=list)  # oldest first, this message excluded
    agent_view: bool = False  # True for `converse --support` and the agent console


@dataclass
class SupportOutcome:
    info: SupportInfo  # orders, passages, draft for the agent, escalation, summary
    reply: str  # what the customer-facing chat says
    escalate: bool = False
    # added by the support desk (all optional for the engine):
    timings_ms: dict[str, float] = field(default_factory=dict)  # orders, passages, ..., total
    grounding: dict[str, Any] = field(default_factory=dict)  # ok, unsupported, fallback
    lookup: Any = None  # assistant.support.orders.OrderLookupResult
    decision: Any = None  # assistant.support.escalation.EscalationDecision

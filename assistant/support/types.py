"""What the conversation engine hands to the support desk and gets back."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from assistant.engine.turn import SupportInfo
from assistant.nlu.pipeline import NLUResult
from assistant.support.case import CaseFacts
from assistant.support.policies import Pin

# the intents the support desk answers (in the order reports list them)
SUPPORT_INTENTS = ("order_status", "return_refund", "policy_question", "complaint", "human_agent")


@dataclass
class PastTurn:
    """One earlier message of the same session, as the support desk sees it."""

    message: str
    intent: str
    sentiment: str
    reply: str = ""  # what the customer was shown (wording only: never read for facts)
    case: CaseFacts | None = None  # what the support desk did that turn (None: not the desk)

    def to_dict(self) -> dict[str, Any]:
        return {
            "message": self.message,
            "intent": self.intent,
            "sentiment": self.sentiment,
            "reply": self.reply,
            "case": self.case.to_dict() if self.case is not None else None,
        }


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
    # what this turn did to the case (order in question, actions taken), for the next turns
    case: CaseFacts | None = None


@dataclass(frozen=True)
class Ruling:
    """What a help-centre rule means for the order in question (``support.rulings``)."""

    topic: str  # cancel | damage | fault | refund | return | delivery
    pin: Pin | None = None  # the passage that applies and the sentences to quote
    statement: str | None = None  # the rule applied to this order, for the customer
    action: str | None = None  # the agent's next step
    wants: str | None = None  # what the customer wants, for the hand-over

"""The escalation rule: when a support conversation goes to a person.

Escalate (first matching reason wins, checked in this order):

1. ``human_agent``: the customer asks for a person.
2. ``complaint_negative``: a ``complaint`` whose sentiment is negative.
3. ``negative_streak``: negative sentiment on this message and on the customer's previous one.
4. ``late_parcel``: an order in view is shipped and more than ``late_escalation_days`` business
   days past its estimated delivery date (the shipping policy opens a carrier trace after 3).

Otherwise no escalation. A neutral complaint, one negative message, or a parcel exactly at the
threshold do not escalate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assistant.support.orders import OrderFacts

REASONS = {
    "human_agent": "the customer asked for a person",
    "complaint_negative": "complaint with negative sentiment",
    "negative_streak": "negative sentiment on two messages in a row",
    "late_parcel": "parcel late by more than {days} business days",
}


@dataclass(frozen=True)
class EscalationInput:
    intent: str
    sentiment: str
    previous_sentiment: str | None  # the customer's previous message in this session
    orders: Sequence[OrderFacts] = ()


@dataclass(frozen=True)
class EscalationDecision:
    escalate: bool
    code: str | None = None  # one of REASONS
    reason: str | None = None  # human-readable, shown to the agent


class EscalationRule:
    """Component: ``run(EscalationInput) -> EscalationDecision``."""

    def __init__(self, late_escalation_days: int = 3) -> None:
        if late_escalation_days < 0:
            raise ValueError("late_escalation_days must be >= 0")
        self.late_days = late_escalation_days

    def run(self, case: EscalationInput) -> EscalationDecision:
        if case.intent == "human_agent":
            return self._decide("human_agent")
        if case.intent == "complaint" and case.sentiment == "negative":
            return self._decide("complaint_negative")
        if case.sentiment == "negative" and case.previous_sentiment == "negative":
            return self._decide("negative_streak")
        late = [o for o in case.orders if o.business_days_late > self.late_days]
        if late:
            worst = max(late, key=lambda o: o.business_days_late)
            base = REASONS["late_parcel"].format(days=self.late_days)
            detail = f"{base} (order {worst.order_id}: {worst.business_days_late} business days)"
            return EscalationDecision(True, "late_parcel", detail)
        return EscalationDecision(False)

    @staticmethod
    def _decide(code: str) -> EscalationDecision:
        return EscalationDecision(True, code, REASONS[code])

"""The escalation rule: when a support conversation goes to a person.

Escalate (first matching reason wins, checked in this order):

1. ``human_agent``: the customer asks for a person.
2. ``complaint_negative``: a ``complaint`` whose sentiment is negative.
3. ``negative_streak``: negative sentiment on this message and on the customer's previous one.
4. ``lost_parcel``: an order in view is shipped and at least ``lost_after_days`` business days
   past its estimated delivery date (the shipping policy treats it as lost after 10: a free
   express replacement or a full refund).
5. ``late_parcel``: an order in view is shipped and at least ``late_escalation_days`` business
   days past its estimated delivery date (the shipping policy opens a carrier trace when a
   parcel "has not arrived 3 business days after that date").
6. ``refund_overdue``: a returned order in view is not refunded and its refund is past due (the
   refunds page: "within 2-3 business days" of the return arriving).

Otherwise no escalation. A neutral complaint, one negative message, or a parcel 2 business
days late do not escalate.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from assistant.support.orders import OrderFacts

REASONS = {
    "human_agent": "the customer asked for a person",
    "complaint_negative": "complaint with negative sentiment",
    "negative_streak": "negative sentiment on two messages in a row",
    "late_parcel": "order {order} is {late} business days late (a carrier trace opens at {days})",
    "lost_parcel": "order {order} is {late} business days late (a parcel is lost at {days})",
    "refund_overdue": "the refund for order {order} is {late} business days overdue",
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
    order_id: str | None = None  # the late or lost parcel's order


class EscalationRule:
    """Component: ``run(EscalationInput) -> EscalationDecision``."""

    def __init__(self, late_escalation_days: int = 3, lost_after_days: int = 10) -> None:
        if not 0 <= late_escalation_days <= lost_after_days:
            raise ValueError("need 0 <= late_escalation_days <= lost_after_days")
        self.late_days = late_escalation_days
        self.lost_days = lost_after_days

    def run(self, case: EscalationInput) -> EscalationDecision:
        if case.intent == "human_agent":
            return self._decide("human_agent")
        if case.intent == "complaint" and case.sentiment == "negative":
            return self._decide("complaint_negative")
        if case.sentiment == "negative" and case.previous_sentiment == "negative":
            return self._decide("negative_streak")
        late = [o for o in case.orders if o.business_days_late >= max(self.late_days, 1)]
        if late:
            worst = max(late, key=lambda o: o.business_days_late)
            days = worst.business_days_late
            code, limit = (
                ("lost_parcel", self.lost_days)
                if days >= self.lost_days
                else ("late_parcel", self.late_days)
            )
            reason = REASONS[code].format(order=worst.order_id, late=days, days=limit)
            return EscalationDecision(True, code, reason, worst.order_id)
        overdue = [o for o in case.orders if o.refund_days_overdue > 0]
        if overdue:
            worst = max(overdue, key=lambda o: o.refund_days_overdue)
            reason = REASONS["refund_overdue"].format(
                order=worst.order_id, late=worst.refund_days_overdue
            )
            return EscalationDecision(True, "refund_overdue", reason, worst.order_id)
        return EscalationDecision(False)

    @staticmethod
    def _decide(code: str) -> EscalationDecision:
        return EscalationDecision(True, code, REASONS[code])

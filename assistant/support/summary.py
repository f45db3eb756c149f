"""The hand-over summary: who, what they want, what was tried, sentiment trend, open actions."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from assistant.engine.turn import ProductCard
from assistant.support.escalation import EscalationDecision
from assistant.support.orders import OrderLookupResult, order_in_question
from assistant.support.policies import PassageHit
from assistant.support.types import PastTurn

WANTS = {
    "order_status": "to know where order {order} is",
    "return_refund": "to return an item or get a refund{for_order}",
    "policy_question": "an answer about our policies ({topic})",
    "complaint": "to complain about a problem{for_order}",
    "human_agent": "to talk to a person",
}
SUPPORT_INTENTS = tuple(WANTS)
SENTIMENT_VALUE = {"negative": -1, "neutral": 0, "positive": 1}


@dataclass
class SummaryInput:
    user_id: str | None
    display_name: str | None
    message: str
    intent: str
    sentiment: str
    history: Sequence[PastTurn]
    lookup: OrderLookupResult
    passages: Sequence[PassageHit]
    decision: EscalationDecision
    alternatives: Sequence[ProductCard] = ()


def sentiment_trend(sentiments: Sequence[str]) -> str:
    """``improving`` / ``worsening`` / ``steady``: this message against the earlier average."""
    values = [SENTIMENT_VALUE.get(s, 0) for s in sentiments]
    if len(values) < 2:
        return "single message"
    before = sum(values[:-1]) / (len(values) - 1)
    if values[-1] > before:
        return "improving"
    if values[-1] < before:
        return "worsening"
    return "steady"


class HandoverSummary:
    """Component: ``run(SummaryInput) -> dict`` (JSON-ready)."""

    def run(self, case: SummaryInput) -> dict[str, Any]:
        focus = case.lookup.focus
        if case.intent in ("return_refund", "complaint"):
            known = order_in_question(case.intent, case.lookup, case.message)
        else:
            known = case.intent == "order_status" or case.lookup.focus_reason in (
                "requested",
                "named_item",
                "late",
            )
        order = focus.order_id if focus and known else (case.lookup.requested_id or "")
        topic = case.passages[0].passage.title.lower() if case.passages else "general"
        want = WANTS.get(case.intent, "help with: {message}").format(
            order=order or "their latest order",
            for_order=f" for order {order}" if order else "",
            topic=topic,
            message=case.message[:120],
        )
        earlier = [t for t in case.history if t.intent in SUPPORT_INTENTS]
        tried = [
            f"earlier ({t.intent}): {t.reply[:100]}" if t.reply else f"earlier ({t.intent})"
            for t in earlier[-3:]
        ]
        if case.lookup.orders:
            ids = ", ".join(o.order_id for o in case.lookup.orders)
            tried.append(f"looked up orders {ids}")
        if case.lookup.other_owner:
            tried.append(
                f"order {case.lookup.requested_id} is on another customer's account "
                f"({case.lookup.other_owner}), not shown to this customer"
            )
        elif case.lookup.not_found:
            tried.append(f"order {case.lookup.requested_id} not found on the account")
        if case.passages:
            tried.append(f"cited policy: {case.passages[0].passage.source}")
        if case.alternatives:
            tried.append(f"offered {len(case.alternatives)} alternative products")
        sentiments = [t.sentiment for t in case.history] + [case.sentiment]
        return {
            "who": {
                "user_id": case.user_id,
                "name": case.display_name,
                "orders_in_view": [o.order_id for o in case.lookup.orders],
            },
            "wants": want,
            "tried": tried,
            "sentiment": {"trend": sentiment_trend(sentiments), "history": sentiments},
            "open_actions": self._open_actions(case),
            "escalated": case.decision.escalate,
            "escalation_reason": case.decision.reason,
        }

    @staticmethod
    def _open_actions(case: SummaryInput) -> list[str]:
        actions = []
        focus = case.lookup.focus
        if case.decision.code == "late_parcel" and focus is not None:
            actions.append(f"open a carrier trace for order {focus.order_id}")
        if case.decision.escalate:
            actions.append(f"hand over to a person ({case.decision.reason})")
        if case.lookup.not_found:
            actions.append("ask the customer for the correct order number")
        elif (
            case.intent in ("return_refund", "complaint")
            and focus is not None
            and case.lookup.focus_reason in ("in_transit", "newest")
            and len(case.lookup.orders) > 1
        ):
            actions.append("ask which order (and item) the customer means")
        known = case.lookup.focus_reason in ("requested", "named_item") or (
            len(case.lookup.orders) == 1
        )
        if case.intent == "return_refund" and focus is not None and known:
            if focus.order.status == "delivered" and focus.return_window_open:
                actions.append(f"send a return label for order {focus.order_id}")
            elif focus.order.status == "returned":
                actions.append(f"inspect the return and issue the refund for {focus.order_id}")
        if case.intent == "complaint" and not case.decision.escalate:
            actions.append("confirm the customer is satisfied with the answer")
        return actions

"""The escalation rule: each reason fires on its own, and the near misses do not."""

from __future__ import annotations

import pytest

from assistant.store import Order
from assistant.support.escalation import EscalationInput, EscalationRule
from assistant.support.orders import OrderFacts

RULE = EscalationRule(late_escalation_days=3)


def refund_late(days: int) -> OrderFacts:
    order = Order("A4227", "u1", "returned", "2026-06-30", returned_at="2026-07-14")
    return OrderFacts(order, refund_due="2026-07-17", refund_days_overdue=days)


def late(days: int) -> OrderFacts:
    order = Order("A1234", "u1", "shipped", "2026-10-01", estimated_delivery="2026-10-10")
    return OrderFacts(order, business_days_late=days)


@pytest.mark.parametrize(
    ("case", "code"),
    [
        (EscalationInput("human_agent", "neutral", None), "human_agent"),
        (EscalationInput("human_agent", "positive", "positive"), "human_agent"),
        (EscalationInput("complaint", "negative", None), "complaint_negative"),
        (EscalationInput("order_status", "negative", "negative"), "negative_streak"),
        (EscalationInput("policy_question", "negative", "negative"), "negative_streak"),
        (EscalationInput("order_status", "neutral", None, [late(4)]), "late_parcel"),
        (EscalationInput("order_status", "neutral", None, [late(0), late(9)]), "late_parcel"),
        # the shipping policy opens a trace when a parcel "has not arrived 3 business days
        # after that date": exactly 3 is a trace, not a near miss
        (EscalationInput("order_status", "neutral", None, [late(3)]), "late_parcel"),
        # ... and treats it as lost after 10: a replacement or a full refund, not a trace
        (EscalationInput("order_status", "neutral", None, [late(10)]), "lost_parcel"),
        (EscalationInput("return_refund", "neutral", None, [late(2), late(20)]), "lost_parcel"),
        # the refunds page: "within 2-3 business days" of the return arriving
        (EscalationInput("return_refund", "neutral", None, [refund_late(1)]), "refund_overdue"),
    ],
)
def test_escalates(case, code):
    decision = RULE.run(case)
    assert decision.escalate and decision.code == code and decision.reason


@pytest.mark.parametrize(
    "case",
    [
        EscalationInput("complaint", "neutral", None),  # a calm complaint
        EscalationInput("complaint", "neutral", "negative"),
        EscalationInput("order_status", "negative", None),  # one negative message
        EscalationInput("order_status", "negative", "neutral"),
        EscalationInput("order_status", "neutral", "negative"),  # the streak is over
        EscalationInput("order_status", "neutral", None, [late(2)]),  # one day short of a trace
        EscalationInput("policy_question", "positive", None),
        EscalationInput("return_refund", "neutral", None, [late(1)]),
        EscalationInput("return_refund", "neutral", None, [refund_late(0)]),  # due, not late
    ],
)
def test_does_not_escalate(case):
    decision = RULE.run(case)
    assert not decision.escalate and decision.code is None and decision.reason is None


def test_first_matching_reason_wins_and_late_reason_names_the_order():
    both = RULE.run(EscalationInput("complaint", "negative", "negative", [late(8)]))
    assert both.code == "complaint_negative"
    parcel = RULE.run(EscalationInput("order_status", "neutral", None, [late(2), late(6)]))
    assert (
        parcel.reason is not None
        and "A1234" in parcel.reason
        and "6 business days" in parcel.reason
    )


def test_threshold_comes_from_settings():
    assert (
        EscalationRule(5).run(EscalationInput("order_status", "neutral", None, [late(4)])).escalate
        is False
    )
    assert (
        EscalationRule(0).run(EscalationInput("order_status", "neutral", None, [late(1)])).escalate
    )
    assert (
        EscalationRule(3, 5).run(EscalationInput("order_status", "neutral", None, [late(5)])).code
        == "lost_parcel"
    )
    with pytest.raises(ValueError):
        EscalationRule(-1)
    with pytest.raises(ValueError):
        EscalationRule(5, 4)  # a parcel cannot be lost before it is late

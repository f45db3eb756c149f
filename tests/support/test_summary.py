"""Hand-over summary: who, wants, tried, sentiment trend, open actions."""

from __future__ import annotations

from assistant.store import Order
from assistant.support.escalation import EscalationDecision
from assistant.support.orders import OrderFacts, OrderLookupResult
from assistant.support.summary import HandoverSummary, SummaryInput, sentiment_trend
from assistant.support.types import PastTurn


def test_sentiment_trend():
    assert sentiment_trend(["neutral"]) == "single message"
    assert sentiment_trend(["negative", "neutral", "positive"]) == "improving"
    assert sentiment_trend(["neutral", "negative"]) == "worsening"
    assert sentiment_trend(["neutral", "neutral"]) == "steady"


def test_summary_for_a_late_parcel_hand_over(late_lamp_order: Order):
    order = late_lamp_order
    lookup = OrderLookupResult([OrderFacts(order, business_days_late=8)])
    history = [
        PastTurn("where is my lamp", "order_status", "neutral", "Your order A1234 has shipped"),
        PastTurn("nice lamps, show me more", "search", "positive"),
    ]
    summary = HandoverSummary().run(
        SummaryInput(
            "u9",
            "Ana K.",
            "still nothing!!",
            "order_status",
            "negative",
            history,
            lookup,
            [],
            EscalationDecision(True, "late_parcel", "parcel late by more than 3 business days"),
        )
    )
    assert summary["who"] == "Ana K. (account u9)"
    assert summary["customer"] == {"user_id": "u9", "name": "Ana K.", "identified": True}
    assert summary["wants"] == "to know where order A1234 is"
    # earlier messages are named by the customer's words and what the reply did, never a
    # cut-off copy of the reply
    assert summary["tried"][0] == 'earlier, "where is my lamp": answered'
    assert not any("Your order A1234 has shipped" in t for t in summary["tried"])
    assert summary["sentiment"] == {
        "trend": "worsening",
        "history": ["neutral", "positive", "negative"],
    }
    assert summary["open_actions"][0] == "open a carrier trace for order A1234"
    assert summary["escalated"] is True
    note = summary["note"]
    assert list(note) == ["Customer", "Wants", "Order", "So far", "Mood", "Next", "Escalated"]
    assert note["Order"].startswith("A1234: shipped with UPS, due October 20, 2026, 8 business")
    assert note["Order"].endswith("Lamp; $40.00")
    assert note["Mood"] == "negative, worsening over 3 messages"


def test_summary_for_a_return_within_the_window():
    order = Order("58213", "u9", "delivered", "2026-10-01", delivered_at="2026-10-05T10:00:00Z")
    facts = OrderFacts(order, return_window_ends="2026-11-04", return_window_open=True)
    summary = HandoverSummary().run(
        SummaryInput(
            "u9",
            None,
            "I want to return this",
            "return_refund",
            "neutral",
            [],
            OrderLookupResult([facts], requested_id="58213"),
            [],
            EscalationDecision(False),
        )
    )
    assert summary["wants"] == "to return an item or get a refund for order 58213"
    assert summary["open_actions"] == ["send a return label for order 58213"]
    assert summary["escalated"] is False
    assert "Escalated" not in summary["note"]  # no "escalated False" row
    assert summary["note"]["Order"] == (
        "58213: delivered October 5, 2026, returnable until November 4, 2026; $0.00"
    )

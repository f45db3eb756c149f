"""What a support message is about, before any rule decides it."""

from __future__ import annotations

from assistant.support.topics import topic_of


def test_a_cancelled_order_is_cancel_unless_its_refund_is_asked_about() -> None:
    assert topic_of("I want order 96112 cancelled", "return_refund") == "cancel"
    assert topic_of("my order was cancelled, where is my refund", "return_refund") == "refund"
    assert topic_of("why did I only get 39 dollars back?", "return_refund") == "refund"
    assert topic_of("where is my parcel", "other") == "delivery"
    assert topic_of("the lamp arrived smashed", "complaint") == "damage"

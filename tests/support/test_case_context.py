"""The case's order carries over within a session (real engine: router, session history, desk)."""

from __future__ import annotations

import uuid

from assistant.support.case import CaseFacts
from assistant.support.desk import case_order
from assistant.support.types import PastTurn


def converse(bot, user: str, *messages: str):
    session = "case-" + uuid.uuid4().hex[:8]
    return [bot.respond(m, session, user, agent_view=True) for m in messages]


def test_cancel_my_order_after_naming_it(support_bot, pick):
    row = pick(status="processing", several=True)
    first, second = converse(
        support_bot, row["user_id"], f"please cancel order {row['order_id']}", "cancel my order"
    )
    assert first.support is not None and second.support is not None
    assert "which order" not in second.support.draft
    assert row["order_id"] in second.support.draft and "can still be cancelled" in second.reply
    assert second.support.summary["order"] == row["order_id"]


def test_how_much_was_refunded_after_naming_the_order(support_bot, pick):
    row = pick(status="refunded", several=True)
    _, turn = converse(
        support_bot, row["user_id"], f"{row['order_id']} was returned", "how much was refunded?"
    )
    assert turn.support is not None
    assert "which order" not in turn.support.draft
    assert f"${row['refund_amount']:,.2f}" in turn.support.draft


def test_a_second_angry_message_keeps_the_order(support_bot, pick):
    row = pick(status="shipped", several=True)
    angry = "Give me my money back NOW or I'll sue you!"
    turns = converse(
        support_bot, row["user_id"], f"refund for order {row['order_id']}", angry, angry
    )
    for turn in turns[1:]:
        assert turn.support is not None
        assert "which order" not in turn.support.draft
        assert row["order_id"] in turn.support.draft
    assert turns[-1].escalate  # two negative messages in a row


def test_naming_an_item_of_another_order_moves_the_case(support_bot, pick, demo_orders):
    row = pick(status="processing", several=True)
    other = next(
        r
        for r in sorted(demo_orders, key=lambda r: r["placed_at"], reverse=True)
        if r["user_id"] == row["user_id"] and r["order_id"] != row["order_id"]
    )
    item = other["items"][0]["title"].split(",")[0]
    _, turn = converse(
        support_bot,
        row["user_id"],
        f"please cancel order {row['order_id']}",
        f"and the {item} I got is broken",
    )
    assert turn.support is not None
    assert turn.support.orders[0]["order_id"] == other["order_id"]


def test_case_order_reads_the_customer_first_then_the_recorded_facts():
    assert case_order([PastTurn("where is order A1234?", "order_status", "neutral")]) == "A1234"
    shipped = CaseFacts("58213", True, ("policy_quoted",), "Shipping > Late or missing parcels")
    reply = "Hi Ana,\n\nYour order 58213 has shipped. Our Shipping policy (...) says: A1093."
    assert case_order(
        [PastTurn("where is my parcel", "order_status", "neutral", reply, shipped)]
    ) == ("58213")
    # an order asked for and not found settles nothing: the earlier order stays the case's
    lost = CaseFacts("99999", False, ("order_not_found",))
    history = [
        PastTurn("where is my parcel", "order_status", "neutral", reply, shipped),
        PastTurn("hello", "order_status", "neutral", "I could not find order 99999", lost),
    ]
    assert case_order(history) == "58213"
    assert case_order(history[1:]) is None
    # a turn the desk did not handle records nothing, whatever its reply says
    assert case_order([PastTurn("running shoes", "search", "neutral", "Your order 58213")]) is None


def test_case_order_ignores_the_wording_of_the_reply():
    """A reworded reply (an LLM backend, an agent's edit) names no order, or two: the recorded
    facts still say which order the turn was about."""
    facts = CaseFacts("58213", True)
    reworded = [
        "Good news, your parcel is on its way and should be with you soon!",
        "Your order 58213 has shipped; your earlier order 58111 was delivered last week.",
        "Order #58111 is fine. As for order 58213, it has shipped.",
    ]
    for reply in reworded:
        turn = PastTurn("where is my parcel", "order_status", "neutral", reply, facts)
        assert case_order([turn]) == "58213", reply
    # and a template-looking reply without recorded facts is not read
    plain = PastTurn(
        "where is my parcel", "order_status", "neutral", "Your order 58213 has shipped."
    )
    assert case_order([plain]) is None

"""A return request that names products is still a return (the router asks
``assistant.support.triage.support_intent`` before it searches)."""

from __future__ import annotations

import uuid

import pytest

from assistant.support.triage import support_intent


@pytest.mark.parametrize(
    ("message", "intent"),
    [
        ("The running shoes from order 51683 don't fit, how do I return them?", "return_refund"),
        ("running shoes under $100", None),
        ("do you have shoes with free returns?", None),
        ("waterproof boots like the ones in order 51683", None),
    ],
)
def test_support_intent(nlu, message, intent):
    result = nlu.run(message)
    expected = intent if result.intent not in ("return_refund", "policy_question") else None
    assert support_intent(message, result) == expected


def test_a_product_return_with_an_order_id_is_a_return_not_a_search(support_bot, pick):
    row = pick(
        status="delivered",
        where=lambda r: any("running shoe" in i["title"].lower() for i in r["items"]),
    )
    message = f"The running shoes from order {row['order_id']} don't fit, how do I return them?"
    for agent_view in (True, False):
        turn = support_bot.respond(message, uuid.uuid4().hex, row["user_id"], agent_view)
        assert turn.intent == "return_refund"
        assert turn.support is not None and row["order_id"] in turn.reply
        assert "I'd recommend" not in turn.reply
    # and a search after it is not narrowed by it
    session = uuid.uuid4().hex
    support_bot.respond(message, session, row["user_id"], agent_view=True)
    boots = support_bot.respond("do you have waterproof boots under $100?", session, row["user_id"])
    assert "running" not in str(boots.constraints.get("query", ""))
    assert boots.products and "boot" in boots.products[0].title.lower()

"""A return request that names products is still a return (the router asks
``assistant.support.triage.support_intent`` before it searches)."""

from __future__ import annotations

import uuid
from datetime import date

import pytest

from assistant.demo import REFERENCE_DATE
from assistant.support.orders import business_days_between
from assistant.support.triage import follow_up_intent, my_item_intent, support_intent


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


@pytest.mark.parametrize(
    ("message", "previous", "searching", "intent"),
    [
        ("show me noise cancelling headphones", "order_status", False, None),  # a product
        ("do you have the WH1000 headphones?", "order_status", False, None),  # a model code
        ("recommend me something", "order_status", False, None),
        ("tell me a joke", "order_status", False, None),
        ("cancel it", "order_status", False, "return_refund"),  # an action word
        ("what about 58784?", "return_refund", False, "return_refund"),  # an order id
        ("and the stove one too", "return_refund", False, "return_refund"),  # goes on
        ("size 10 please", "return_refund", False, "return_refund"),  # no search going on
        ("size 10 please", "return_refund", True, None),  # a refinement of the search
        ("now show me running shoes under $100", "order_status", False, None),  # a new request
        ("cancel it", "search", True, None),  # the last turn was no support turn
        ("ok", "order_status", False, None),  # taken in: the answer is not given again
    ],
)
def test_a_message_that_goes_on_from_a_support_turn_stays_support(
    nlu, message, previous, searching, intent
):
    result = nlu.run(message)
    if result.intent not in ("search", "refine", "product_question", "compare", "other"):
        pytest.skip(f"the intent model already reads it as {result.intent}")
    names = nlu.extractor.mentions_product(message, result.entities)
    assert follow_up_intent(message, result, previous, searching, names) == intent


def test_support_follow_ups_keep_the_case(support_bot, pick, demo_orders):
    row = pick(status="shipped", several=True, where=lambda r: r["order_id"].isdigit())
    other = next(r for r in demo_orders if r["user_id"] == row["user_id"] and r is not row)
    session = uuid.uuid4().hex
    first = support_bot.respond(f"where is order {other['order_id']}?", session, row["user_id"])
    assert first.intent == "order_status"
    status = support_bot.respond(f"what about {row['order_id']}?", session, row["user_id"])
    assert status.intent == "order_status" and row["order_id"] in status.reply
    assert "price_min" not in status.entities  # was "around $58,784"
    cancel = support_bot.respond("cancel it", session, row["user_id"])
    assert cancel.intent == "return_refund" and not cancel.products  # was a headphone search
    assert row["order_id"] in cancel.reply and "can no longer be cancelled" in cancel.reply
    ok = support_bot.respond("ok", session, row["user_id"])
    assert ok.reply == "Is there anything else I can help you with?"


@pytest.mark.parametrize(
    ("message", "intent"),
    [
        ("where is my watch??", "order_status"),
        ("where are my headphones", "order_status"),
        ("my headphones havent arrived yet", "order_status"),
        ("did my earbuds ship", "order_status"),
        ("my sleeping bag arrived ripped!!", "complaint"),
        ("where is my refund for the tent", "return_refund"),
        ("where can I find a watch", None),
        ("is my backpack waterproof", None),
        ("my dog needs a bed", None),
        ("where are the red ones", None),
        ("where are my results?", None),  # not purchases
        ("where is my cart?", None),
        ("where's my discount code?", None),
        ("did my wife like the candle?", None),
        ("has my son got one?", None),
        ("my daughter isn't here yet, I need a gift", None),
    ],
)
def test_an_item_of_mine_asked_after_is_support_whatever_product_it_names(message, intent):
    assert my_item_intent(message) == intent


def test_where_is_my_item_finds_its_order_and_the_other_order_is_another(support_bot, pick):
    row = pick(status="shipped", several=True)
    item = row["items"][0]["title"].split(",")[0].split()[-1].lower()  # "watch"
    session = uuid.uuid4().hex
    first = support_bot.respond(f"where is my {item}??", session, row["user_id"])
    assert first.intent == "order_status" and not first.products  # was a product search
    assert row["order_id"] in first.reply
    other = support_bot.respond("and the other order?", session, row["user_id"])
    assert other.intent == "order_status" and row["order_id"] not in other.reply
    again = support_bot.respond(f"the {item} one", session, row["user_id"])
    assert again.intent == "order_status" and row["order_id"] in again.reply


def test_an_order_number_not_on_the_account_acts_on_no_other_order(support_bot, pick, demo_orders):
    today = REFERENCE_DATE.date()
    mine = pick(  # a parcel late enough for a trace
        status="shipped",
        where=lambda r: (
            business_days_between(date.fromisoformat(r["estimated_delivery"]), today) >= 3
        ),
    )
    theirs = next(r for r in demo_orders if r["user_id"] != mine["user_id"])
    out = support_bot.respond(
        f"whats the status of order {theirs['order_id']}", uuid.uuid4().hex, mine["user_id"]
    )
    assert f"could not find order {theirs['order_id']}" in out.reply
    assert "trace" not in out.reply and not out.escalate  # was a trace on the late parcel

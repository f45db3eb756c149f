"""The hand-over note over a real multi-message case: readable, correct and grounded."""

from __future__ import annotations

import json
import re
import uuid

from assistant.support.grounding import human_date

INTERNAL = re.compile(
    r"user_id|orders_in_view|escalation_code|escalated (?:True|False)|complaint_negative|"
    r"negative_streak|late_parcel|None\b"
)
ISO_TIME = re.compile(r"\d{4}-\d{2}-\d{2}(?:T|\b)")


def converse(bot, user: str, *messages: str):
    session = "handover-" + uuid.uuid4().hex[:8]
    return [bot.respond(m, session, user, agent_view=True) for m in messages]


def note_text(turn) -> str:
    note = turn.support.summary["note"]
    return "\n".join(f"{label}: {text}" for label, text in note.items())


def test_the_note_reads_like_one_agent_to_another(support_bot, pick):
    row = pick(status="shipped", several=True)
    turns = converse(
        support_bot,
        row["user_id"],
        f"refund for order {row['order_id']}",
        "Give me my money back NOW or I'll sue you!",
        "Give me my money back NOW or I'll sue you!",
        "I want to talk to a person",
    )
    last = turns[-1]
    assert last.support is not None
    summary, text = last.support.summary, note_text(last)
    assert not INTERNAL.search(text), text
    assert not ISO_TIME.search(text), text
    assert all(value for value in summary["note"].values())  # no empty rows
    assert summary["wants"] == f"to talk to a person about a refund for order {row['order_id']}"
    assert f"due {human_date(row['estimated_delivery'])}" in summary["note"]["Order"]
    assert f"${row['total']:,.2f}" in summary["note"]["Order"]
    for line in summary["tried"]:  # what was done, never a cut-off copy of a reply
        assert "Hi " not in line and "Thank you for" not in line and "..." not in line
    assert summary["tried"][0].startswith(
        f'earlier, "refund for order {row["order_id"]}": quoted Refunds > When we issue a refund'
    )
    assert summary["tried"][2].endswith("handed over")  # the second angry message
    assert "Escalated" in summary["note"]


def test_where_is_my_order_names_the_order_it_is_about(support_bot, pick):
    row = pick(status="shipped", newest=True, several=True)
    (turn,) = converse(support_bot, row["user_id"], "where is my order?")
    assert turn.support is not None
    assert turn.support.summary["wants"] == f"to know where order {row['order_id']} is"
    assert "their latest order" not in json.dumps(turn.support.summary)


def test_the_case_moves_to_the_order_the_customer_names(support_bot, pick, demo_orders):
    def has_shoes(r) -> bool:
        return any("shoe" in i["title"].lower() for i in r["items"])

    row = pick(
        status="shipped",
        newest=True,
        where=lambda r: (
            any(
                o["user_id"] == r["user_id"] and o["status"] == "delivered" and has_shoes(o)
                for o in demo_orders
            )
            and not has_shoes(r)
        ),
    )
    shoes = max(
        (o for o in demo_orders if o["user_id"] == row["user_id"] and has_shoes(o)),
        key=lambda o: o["placed_at"],
    )
    _, turn = converse(
        support_bot, row["user_id"], "where is my order?", "How do I return the shoes I bought?"
    )
    assert turn.support is not None
    wants = turn.support.summary["wants"]
    assert shoes["order_id"] in wants and row["order_id"] not in wants


def test_order_totals_include_shipping(support_bot, pick):
    row = pick(where=lambda r: r["shipping_cost"] > 0 and r["status"] == "delivered")
    assert row["total"] != row["subtotal"]
    (turn,) = converse(support_bot, row["user_id"], f"what did I pay for order {row['order_id']}?")
    assert turn.support is not None
    shown = turn.support.orders[0]
    assert shown["order_id"] == row["order_id"]
    assert shown["total"] == row["total"] and shown["subtotal"] == row["subtotal"]
    assert shown["shipping_cost"] == row["shipping_cost"]


def test_an_order_id_on_another_account_is_not_swapped_for_their_own(support_bot, pick):
    mine = pick(status="shipped", newest=True, several=True)
    theirs = pick(status="shipped", where=lambda r: r["user_id"] != mine["user_id"])
    (turn,) = converse(support_bot, mine["user_id"], f"Where is order {theirs['order_id']}?")
    assert turn.support is not None
    summary = turn.support.summary
    assert summary["wants"] == f"to know where order {theirs['order_id']} is (not on their account)"
    assert summary["order"] is None and summary["note"]["Order"].startswith("not known yet")
    assert f"could not find order {theirs['order_id']}" in turn.reply
    assert mine["order_id"] not in turn.reply  # not answered about another order instead

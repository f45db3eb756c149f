"""Case facts: what a support turn did is recorded with it, never read back from its wording.

The desk records the order in question and the actions taken (``CaseFacts``); the session
history and the stored turn keep them; the next turn's case order and the hand-over note's
"So far" read them. Rewording a reply (an LLM backend, an agent's edit) changes nothing.
"""

from __future__ import annotations

import re
import uuid

import pytest

from assistant.store import Order
from assistant.support.case import CASE_ACTIONS, CaseFacts
from assistant.support.drafting import DraftInput, ReplyDrafter
from assistant.support.escalation import EscalationDecision
from assistant.support.grounding import order_ids_in
from assistant.support.orders import OrderFacts, OrderLookupResult, order_in_question
from assistant.support.summary import HandoverSummary, SummaryInput, case_gist
from assistant.support.types import PastTurn

REWORDED = "Thanks for your patience! I've looked into this for you (see orders 10001 and 10002)."


def template_gist(reply: str) -> str:
    """How the summary used to read a template reply (the oracle the recorded facts must
    match while the reply is the template)."""
    done = []
    if "confirm the email address" in reply:
        done.append("asked for the email on the order")
    if "once you are signed in" in reply:
        done.append("asked the customer to sign in")
    if "which order this is about" in reply or "share the order number" in reply:
        done.append("asked which order")
    if m := re.search(r"could not find order (\S+?) on", reply):
        done.append(f"order {m.group(1)} not found")
    if m := re.search(r'Our (.+?) policy \("(.+?)"\) says', reply):
        done.append(f"quoted {m.group(1)} > {m.group(2)}")
    if "asked our team to open a trace" in reply:
        done.append("carrier trace requested")
    if "handing this conversation" in reply or "passed your case" in reply:
        done.append("handed over")
    return ", ".join(done) or "answered"


def template_order(reply: str) -> str | None:
    """The one order a template reply was about, as the desk used to read it."""
    named = order_ids_in(reply.split("Our ", 1)[0])
    if len(named) == 1 and "could not find order" not in reply:
        return next(iter(named))
    return None


def absent_order_id(demo_orders) -> str:
    ids = {row["order_id"] for row in demo_orders}
    return next(str(n) for n in range(10000, 99999) if str(n) not in ids)


def converse(bot, user: str | None, *messages: str, session: str | None = None):
    session = session or "facts-" + uuid.uuid4().hex[:8]
    return session, [bot.respond(m, session, user, agent_view=True) for m in messages]


def reword_last_reply(bot, session: str, text: str = REWORDED) -> None:
    """What an LLM backend (or an agent editing the draft) would do to the shown reply."""
    bot._sessions.get(session).history[-1].reply = text


# -- the facts the desk records -----------------------------------------------------------


def test_case_facts_validate_and_round_trip():
    facts = CaseFacts("58213", True, ("handed_over", "policy_quoted"), "Returns > Time limits")
    assert facts.actions == ("policy_quoted", "handed_over")  # canonical order
    assert CaseFacts.from_dict(facts.to_dict()) == facts
    assert CaseFacts.from_dict(None) is None  # a turn stored before facts were recorded
    assert CaseFacts.from_dict({"actions": ["asked_order", "made_tea"]}) == CaseFacts(
        actions=("asked_order",)
    )
    with pytest.raises(ValueError, match="unknown case actions"):
        CaseFacts(actions=("made_tea",))  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="order_found needs an order_id"):
        CaseFacts(None, True)


def test_recorded_facts_match_what_the_template_reply_does(
    ask, scripted_messages, pick, demo_orders
):
    """Every recorded action and order is what the template reply says, over the scripted
    messages and the order cases (found, not found, identity check, hand-over, late)."""
    late = pick(status="shipped", several=True)
    delivered = pick(status="delivered", several=True)
    cases: list[tuple[str, str | None]] = [(c["message"], "u001") for c in scripted_messages]
    cases += [
        (f"where is order {late['order_id']}?", late["user_id"]),
        (f"where is order {late['order_id']}?", None),  # nobody identified: sign in first
        (f"where is order {absent_order_id(demo_orders)}?", late["user_id"]),
        ("where is my order? it is really late, I am fed up", late["user_id"]),
        ("I want to return something", delivered["user_id"]),
        (f"I want to return order {delivered['order_id']}", delivered["user_id"]),
        ("let me talk to a human", late["user_id"]),
    ]
    seen: set[str] = set()
    cases += [(f"where is order {late['order_id']}?", None, True)]  # an agent: the email first
    for message, user, *agent in cases:
        outcome = ask(message, user_id=user, agent_view=bool(agent))
        case = outcome.case
        assert case is not None, message
        assert case_gist(case) == template_gist(outcome.reply), message
        if not outcome.lookup.needs_identity and not outcome.grounding["fallback"]:
            assert case.case_order == template_order(outcome.reply), message
        seen.update(case.actions)
    # the cases exercise every action but the trace (a late parcel escalates at 3+ days)
    assert seen >= set(CASE_ACTIONS) - {"trace_requested"}


# -- the next turn reads the facts, whatever the reply said -----------------------------


def test_a_reworded_reply_keeps_the_case_order(support_bot, pick):
    row = pick(status="processing", several=True)
    session, (first,) = converse(support_bot, row["user_id"], "where is my order?")
    assert first.support is not None
    focus = first.support.orders[0]["order_id"]
    assert support_bot.session_state(session)["history"][-1]["case"]["order_id"] == focus
    reword_last_reply(support_bot, session)  # names no order of theirs, and two others
    _, (second,) = converse(support_bot, row["user_id"], "cancel my order", session=session)
    assert second.support is not None
    assert "which order" not in second.support.draft
    assert second.support.orders[0]["order_id"] == focus
    assert second.support.summary["order"] == focus


def test_a_reworded_reply_keeps_the_hand_over_history(support_bot, pick, demo_orders):
    row = pick(status="delivered", several=True)
    missing = absent_order_id(demo_orders)
    session, _ = converse(support_bot, row["user_id"], f"where is order {missing}?")
    reword_last_reply(support_bot, session, "Hmm, I can't see that one. Could you check it?")
    _, (turn,) = converse(support_bot, row["user_id"], "let me talk to a human", session=session)
    assert turn.support is not None
    earlier = turn.support.summary["tried"][0]
    assert earlier.startswith(f'earlier, "where is order {missing}?": order {missing} not found')
    assert "quoted " in earlier


def test_the_facts_survive_a_restart(support_bot, pick, encoder):
    from assistant.engine.assistant import Assistant

    row = pick(status="processing", several=True)
    session, (first,) = converse(support_bot, row["user_id"], "where is my order?")
    focus = first.support.orders[0]["order_id"] if first.support else None
    stored = support_bot.store.session_turns(session)[-1].data["case"]
    assert stored["order_id"] == focus and stored["order_found"] is True
    fresh = Assistant(support_bot._runtime, support_bot.settings, encoder, support_bot.store)
    history = fresh.session_state(session)["history"]
    assert [h["case"]["order_id"] for h in history] == [focus]
    _, (second,) = converse(fresh, row["user_id"], "cancel my order", session=session)
    assert second.support is not None
    assert "which order" not in second.support.draft
    assert second.support.summary["order"] == focus


def test_turns_stored_without_facts_still_load(support_bot, pick, encoder):
    from assistant.engine.assistant import Assistant

    row = pick(status="processing", several=True)
    session = "old-" + uuid.uuid4().hex[:8]
    store = support_bot.store
    store.add_turn(session, row["user_id"], "user", "where is my order?", "order_status", "neutral")
    old_reply = f"Hello,\n\nYour order {row['order_id']} is being prepared."
    support = {"orders": [], "draft": old_reply, "summary": {}}  # as stored before the facts
    store.add_turn(
        session,
        row["user_id"],
        "assistant",
        old_reply,
        "order_status",
        None,
        {
            "constraints": {},
            "support": support,
        },
    )
    fresh = Assistant(support_bot._runtime, support_bot.settings, encoder, store)
    history = fresh.session_state(session)["history"]
    assert history == [
        {
            "message": "where is my order?",
            "intent": "order_status",
            "sentiment": "neutral",
            "reply": old_reply,
            "case": None,
        }
    ]
    _, (turn,) = converse(fresh, row["user_id"], "let me talk to a human", session=session)
    assert turn.support is not None
    assert turn.support.summary["tried"][0] == 'earlier, "where is my order?": answered'


# -- one decision on the order in question ------------------------------------------------


def test_one_decision_on_the_order_in_question_for_reply_summary_and_case(
    late_lamp_order: Order,
):
    """A request for a person with a late parcel on the account: the parcel ranks first, but
    nobody said it is the one. The reply does not state it, the note does not claim it, and
    the case records no order."""
    order = late_lamp_order
    other = Order("58213", "u9", "delivered", "2026-09-01", delivered_at="2026-09-05")
    lookup = OrderLookupResult(
        [OrderFacts(order, business_days_late=8), OrderFacts(other)], focus_reason="late"
    )
    message = "I want to talk to a person"
    decision = EscalationDecision(True, "human_agent", "the customer asked for a person")
    assert not order_in_question("human_agent", lookup, message)
    draft = ReplyDrafter().run(
        DraftInput("human_agent", "neutral", "Ana", lookup, [], decision, message=message)
    )
    assert "A1234" not in draft.text and draft.actions == ("handed_over",)
    summary = HandoverSummary().run(
        SummaryInput("u9", "Ana K.", message, "human_agent", "neutral", [], lookup, [], decision)
    )
    assert summary["order"] is None
    assert summary["wants"] == "to talk to a person"
    assert summary["note"]["Order"] == "not known yet; recent orders A1234, 58213"
    # the same lookup once the customer named the order earlier in the case
    carried = OrderLookupResult(lookup.orders, focus_reason="carried")
    assert order_in_question("human_agent", carried, message)
    summary = HandoverSummary().run(
        SummaryInput("u9", "Ana K.", message, "human_agent", "neutral", [], carried, [], decision)
    )
    assert summary["order"] == "A1234"


def test_the_summary_reads_the_facts_not_the_reply():
    history = [
        PastTurn(
            "is my return ok?",
            "return_refund",
            "neutral",
            "All sorted, nothing more to do!",  # reworded: no template sentence left
            CaseFacts(
                "58213", False, ("order_not_found", "policy_quoted"), "Returns > Time limits"
            ),
        ),
        PastTurn(
            "where is it",
            "order_status",
            "neutral",
            "I have asked our team to open a trace and I am handing this conversation over.",
        ),  # template-like wording, no recorded facts: nothing is read from it
    ]
    order = Order("A1234", "u9", "processing", "2026-10-01T09:00:00Z")
    summary = HandoverSummary().run(
        SummaryInput(
            "u9",
            None,
            "where is my order",
            "order_status",
            "neutral",
            history,
            OrderLookupResult([OrderFacts(order)], focus_reason="in_transit"),
            [],
            EscalationDecision(False),
        )
    )
    assert summary["tried"][:2] == [
        'earlier, "is my return ok?": order 58213 not found, quoted Returns > Time limits',
        'earlier, "where is it": answered',
    ]

"""The hand-over summary: a note from one agent to the next, plus the same facts as fields.

``note`` is what a person reads (labelled lines, empty ones left out): who the customer is,
what they want, the order in question with its real total and dates in words, what was done
so far in the case (earlier messages named by the customer's own words, never cut-off copies
of replies), the mood, the next steps and why the case was escalated. The other keys carry
the same facts for programs (``escalation_code`` and ``citation`` are added by the desk).
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from assistant.engine.turn import ProductCard
from assistant.support.case import CaseAction, CaseFacts
from assistant.support.escalation import EscalationDecision
from assistant.support.grounding import human_date, money
from assistant.support.orders import (
    OrderFacts,
    OrderLookupResult,
    message_words,
    order_in_question,
)
from assistant.support.policies import PassageHit
from assistant.support.return_rulings import PAYMENT_NAMES
from assistant.support.topics import topic_of
from assistant.support.types import SUPPORT_INTENTS, PastTurn, Ruling
from assistant.text_cut import shorten

SENTIMENT_VALUE = {"negative": -1, "neutral": 0, "positive": 1}
TOPIC_PHRASES = {
    "cancel": "cancelling order {order}",
    "damage": "damage to order {order}",
    "refund": "a refund for order {order}",
    "delivery": "where order {order} is",
}
# what an earlier turn did, in the note's words (CaseFacts.actions, in CASE_ACTIONS order)
ACTION_PHRASES: dict[CaseAction, str] = {
    "asked_email": "asked for the email on the order",
    "asked_sign_in": "asked the customer to sign in",
    "asked_order": "asked which order",
    "order_not_found": "order {order} not found",
    "policy_quoted": "quoted {policy}",
    "trace_requested": "carrier trace requested",
    "handed_over": "handed over",
}


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
    ruling: Ruling | None = None
    owner_name: str | None = None  # no customer identified: whose account holds the order


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


def case_gist(case: CaseFacts | None) -> str:
    """What an earlier support turn did, from the facts recorded with it (never its wording);
    ``answered`` when it took none of the recorded actions or recorded nothing."""
    if case is None:
        return "answered"
    done = [
        ACTION_PHRASES[action].format(
            order=case.order_id or "(no number)", policy=case.policy or "a policy"
        )
        for action in case.actions
    ]
    return ", ".join(done) or "answered"


def order_line(facts: OrderFacts) -> str:
    """``58784: shipped with FedEx (0773...), due October 28, 2026, 2 business days late;
    Studio 700 Over-Ear Headphones, White; $299.99 by card``."""
    o = facts.order
    if o.status == "processing":
        state = f"processing, placed {human_date(o.placed_at)}"
    elif o.status == "shipped":
        carrier = " ".join(x for x in (o.carrier and f"with {o.carrier}", o.tracking) if x)
        state = f"shipped {carrier}".rstrip()
        if o.estimated_delivery:
            state += f", due {human_date(o.estimated_delivery)}"
        if facts.business_days_late:
            state += f", {facts.business_days_late} business days late"
    elif o.status == "delivered":
        state = f"delivered {human_date(o.delivered_at)}"
        if facts.return_window_ends:
            ends = human_date(facts.return_window_ends)
            state += (
                f", returnable until {ends}"
                if facts.return_window_open
                else f", return window closed {ends}"
            )
    elif o.status == "refunded":
        amount = f" {money(o.refund_amount)}" if o.refund_amount is not None else ""
        when = f" on {human_date(o.refunded_at)}" if o.refunded_at else ""
        state = f"refunded{amount}{when}"
    else:
        state = o.status
    items = " + ".join(
        f"{i.title}" + (f" x{i.qty}" if i.qty > 1 else "") for i in o.items if i.title
    )
    paid = money(o.total)
    method = PAYMENT_NAMES.get(o.payment_method or "")
    if method:
        paid += f" by {method}"
    return "; ".join(x for x in (f"{o.order_id}: {state}", items, paid) if x)


class HandoverSummary:
    """Component: ``run(SummaryInput) -> dict`` (JSON-ready)."""

    def run(self, case: SummaryInput) -> dict[str, Any]:
        lookup = case.lookup
        focus = lookup.focus
        known = order_in_question(case.intent, lookup, case.message)
        order = focus.order_id if focus is not None and known else None
        asked = lookup.requested_id if lookup.needs_identity or lookup.not_found else None
        wants = self._wants(case, order or asked)
        if lookup.not_found and asked and not lookup.needs_identity:
            wants += " (not on their account)"
        tried = self._tried(case, known)
        sentiments = [t.sentiment for t in case.history] + [case.sentiment]
        trend = sentiment_trend(sentiments)
        actions = self._open_actions(case, known)
        identified = case.user_id is not None
        if identified:
            who = (
                f"{case.display_name} (account {case.user_id})"
                if case.display_name
                else (f"account {case.user_id}")
            )
        else:
            who = "not identified (no account given)"
        mood = (
            case.sentiment
            if len(sentiments) < 2
            else (f"{case.sentiment}, {trend} over {len(sentiments)} messages")
        )
        note = {
            "Customer": who,
            "Wants": wants,
            "Order": self._order_note(case, focus, known),
            "So far": "; ".join(tried),
            "Mood": mood,
            "Next": "; ".join(actions),
            "Escalated": case.decision.reason if case.decision.escalate else "",
        }
        return {
            "who": who,
            "customer": {
                "user_id": case.user_id,
                "name": case.display_name,
                "identified": identified,
            },
            "order": order,
            "wants": wants,
            "tried": tried,
            "sentiment": {"trend": trend, "history": sentiments},
            "open_actions": actions,
            "escalated": case.decision.escalate,
            "escalation_reason": case.decision.reason,
            "note": {k: v for k, v in note.items() if v},
        }

    @staticmethod
    def _wants(case: SummaryInput, order: str | None) -> str:
        if case.ruling is not None and case.ruling.wants and order:
            return case.ruling.wants
        said = f'"{shorten(case.message, 80)}"'
        of = f" order {order}" if order else ""
        if case.intent == "order_status":
            return f"to know where order {order} is" if order else "to know where their order is"
        if case.intent == "return_refund":
            item = _named_item(case) if order else None
            if item:
                return f"to return the {item} from order {order}"
            return (
                f"to return an item or get a refund for{of}"
                if order
                else (f"to return an item or get a refund (which order is not known yet): {said}")
            )
        if case.intent == "complaint":
            return f"to complain about{of}: {said}" if order else f"to complain: {said}"
        if case.intent == "policy_question":
            page = case.passages[0].passage.title.lower() if case.passages else "our"
            return f"an answer about our {page} policy: {said}"
        if case.intent == "human_agent":
            earlier = [
                t for t in case.history if t.intent in SUPPORT_INTENTS and t.intent != "human_agent"
            ]
            if not earlier:
                return (
                    f"to talk to a person about order {order}" if order else "to talk to a person"
                )
            subject = topic_of(earlier[-1].message, earlier[-1].intent)
            if order and subject in TOPIC_PHRASES:
                return f"to talk to a person about {TOPIC_PHRASES[subject].format(order=order)}"
            about = f" about order {order}" if order else ""
            return f'to talk to a person{about} (earlier: "{shorten(earlier[-1].message, 80)}")'
        return f"help with: {said}"

    @staticmethod
    def _tried(case: SummaryInput, known: bool) -> list[str]:
        earlier = [
            f'earlier, "{shorten(turn.message, 70)}": {case_gist(turn.case)}'
            for turn in case.history
            if turn.intent in SUPPORT_INTENTS
        ]
        lines = []
        for line, group in itertools.groupby(earlier):
            times = len(list(group))
            lines.append(line if times == 1 else f"{line} ({times} times)")
        now: list[str] = []
        lookup = case.lookup
        if lookup.needs_identity and lookup.requested_id:
            now.append(f"asked for the email on order {lookup.requested_id}")
        elif lookup.other_owner:
            now.append(
                f"order {lookup.requested_id} is on another customer's account "
                f"({lookup.other_owner}), not shown to this customer"
            )
        elif lookup.not_found:
            now.append(f"order {lookup.requested_id} not found on the account")
        elif (
            lookup.focus is not None
            and not known
            and case.intent
            in (
                "return_refund",
                "complaint",
            )
        ):
            now.append("asked which order")
        if case.passages:
            now.append(f"quoted {case.passages[0].passage.source}")
        if case.alternatives:
            titles = ", ".join(p.title for p in case.alternatives)
            now.append(f"offered {len(case.alternatives)} alternatives ({titles})")
        if now:
            lines.append("this message: " + ", ".join(now))
        return lines

    @staticmethod
    def _order_note(case: SummaryInput, focus: OrderFacts | None, known: bool) -> str:
        lookup = case.lookup
        if focus is not None and lookup.needs_identity:
            owner = lookup.focus.order.user_id if lookup.focus else ""
            whose = f"{case.owner_name} ({owner})" if case.owner_name else owner
            return (
                f"{order_line(focus)}. On the account of {whose}: confirm the customer's "
                "email before sharing any of it"
            )
        if focus is not None and known:
            return order_line(focus)
        if lookup.orders:
            return "not known yet; recent orders " + ", ".join(o.order_id for o in lookup.orders)
        return ""

    @staticmethod
    def _open_actions(case: SummaryInput, known: bool) -> list[str]:
        actions: list[str] = []
        lookup = case.lookup
        focus = lookup.focus
        decision = case.decision
        if lookup.needs_identity and lookup.requested_id:
            actions.append(
                f"confirm the customer's email matches order {lookup.requested_id} "
                "before sharing its details"
            )
        elif known and case.ruling is not None and case.ruling.action:
            actions.append(case.ruling.action)
        parcel = decision.order_id or (focus.order_id if focus is not None else None)
        if decision.code == "late_parcel" and parcel:
            actions.append(f"open a carrier trace for order {parcel}")
        lost_handled = case.ruling is not None and bool(case.ruling.action) and known
        if decision.code == "lost_parcel" and parcel and not lost_handled:
            actions.append(
                f"order {parcel} is lost: offer a free express replacement or a full refund"
            )
        if decision.escalate and decision.code not in ("late_parcel", "lost_parcel"):
            actions.append(f"take over from the assistant: {decision.reason}")
        if lookup.not_found and not lookup.needs_identity:
            actions.append("ask the customer for the correct order number")
        elif focus is not None and not known and case.intent in ("return_refund", "complaint"):
            actions.append("ask which order (and item) the customer means")
        if case.intent == "return_refund" and focus is not None and known and not actions:
            if focus.order.status == "delivered" and focus.return_window_open:
                actions.append(f"send a return label for order {focus.order_id}")
            elif focus.order.status == "returned":
                actions.append(f"inspect the return and issue the refund for {focus.order_id}")
        if case.intent == "complaint" and not decision.escalate:
            actions.append("confirm the customer is satisfied with the answer")
        return list(dict.fromkeys(actions))


def _named_item(case: SummaryInput) -> str | None:
    """The title of the focus order's item the message names, if it names one."""
    focus = case.lookup.focus
    if focus is None:
        return None
    words = message_words(case.message)
    scored = [(len(message_words(i.title) & words), i.title) for i in focus.order.items]
    best = max(scored, default=(0, ""))
    return best[1] if best[0] > 0 else None

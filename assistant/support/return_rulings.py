"""Rulings after delivery: a delivered order the customer wants to send back or says is
faulty (a return while the window is open; after it, for a fault, the product's warranty), a
returned order's refund (due, or late) and a refunded order's refund (how much, when, where).
"""

from __future__ import annotations

from assistant.support.grounding import human_date, money
from assistant.support.orders import OrderFacts
from assistant.support.passages import MISSING_REFUND_WORDS
from assistant.support.policies import Pin
from assistant.support.types import Ruling

PAYMENT_ROWS = {  # payment method -> the row of the refund-timing table
    "card": r"^Credit or debit card:",
    "apple_pay": r"^Apple Pay:",
    "paypal": r"^PayPal:",
    "gift_card": r"^Cartwell gift card",
    "store_credit": r"^Cartwell gift card",
}
PAYMENT_NAMES = {
    "card": "card",
    "apple_pay": "Apple Pay",
    "paypal": "PayPal account",
    "gift_card": "gift card",
    "store_credit": "store credit",
}
RETURNS_OVERVIEW = Pin("returns", "Returns", (r"^You can return most items",))
FAULTY_RETURN = Pin("returns", "What can be returned", (r"^Faulty, damaged or wrong items",))
WARRANTY_CLAIM = Pin(
    "warranty", "How to make a claim", (r"^Contact us with the order number", r"^If the claim")
)


def return_ruling(focus: OrderFacts) -> Ruling | None:
    """ "I want to return my headphones" past the return window: a return is no longer
    possible, but a fault is still covered. Within the window the passage that reads most like
    the message says how (None: "how do I start a return?", the shoe rule, exchanges)."""
    o = focus.order
    if o.status != "delivered" or focus.return_window_open is not False:
        return None
    wants = f"to return order {o.order_id}"
    ended = human_date(focus.return_window_ends)
    return Ruling(
        "return",
        RETURNS_OVERVIEW,
        f"Its {focus.return_window_days}-day return window ended on {ended}, so it can no "
        "longer be returned for a refund, but if it is faulty its warranty still covers it.",
        f"order {o.order_id} is past its return window: only a warranty claim if it is faulty",
        wants,
    )


def fault_ruling(focus: OrderFacts) -> Ruling | None:
    """ "they are broken": a faulty item can be returned within the window, and after it is
    repaired or replaced under its warranty."""
    o = focus.order
    if o.status != "delivered" or focus.return_window_open is None:
        return None  # no delivery date: no window to speak of
    wants = f"a fix for a faulty item from order {o.order_id}"
    if focus.return_window_open and focus.return_window_ends:
        ends = human_date(focus.return_window_ends)
        return Ruling(
            "fault",
            FAULTY_RETURN,
            f"As it is faulty, you can return it until {ends}, or have it repaired or replaced "
            "under its warranty.",
            f"faulty item from order {o.order_id}: offer a return (until {ends}) or a "
            "warranty claim",
            wants,
        )
    ended = human_date(focus.return_window_ends)
    return Ruling(
        "fault",
        WARRANTY_CLAIM,
        f"Its return window ended on {ended}, but a fault is covered by the product's "
        "warranty: send us a photo or video of the fault and we repair or replace it.",
        f"warranty claim for order {o.order_id}: ask for a photo or video of the fault",
        wants,
    )


def refund_due_ruling(focus: OrderFacts, when: tuple[str, str], wants: str) -> Ruling:
    """A returned order not refunded yet: when its refund is due, and whether it is late
    (the return's arrival date known); the refunds rule alone when it is not."""
    rule = Pin(when[0], when[1], (r"^Refunds are issued",))
    o = focus.order
    if focus.refund_due is None:
        return Ruling("refund", rule, None, None, wants)
    arrived, due = human_date(o.returned_at), human_date(focus.refund_due)
    late = focus.refund_days_overdue
    if late <= 0:
        return Ruling(
            "refund", rule, f"Your return arrived on {arrived}, so the refund is due by {due}.",
            None, wants,
        )  # fmt: skip
    days = "1 business day" if late == 1 else f"{late} business days"
    return Ruling(
        "refund",
        rule,
        f"Your return arrived on {arrived}, so the refund was due by {due}: it is {days} "
        "late, and I am sorry for the wait.",
        f"issue the refund for order {focus.order_id}: the return arrived on {arrived} and "
        f"the refund is {days} overdue",
        wants,
    )


def refunded_ruling(focus: OrderFacts, message: str, wants: str) -> Ruling:
    """A refunded order: how much, when and to what, and how long the payment method takes
    (or, "it has not arrived", the missing-refunds rule)."""
    o = focus.order
    parts = ["We refunded"]
    if o.refund_amount is not None:
        parts.append(money(o.refund_amount))
    if o.refunded_at:
        parts.append(f"on {human_date(o.refunded_at)},")
    method = PAYMENT_NAMES.get(o.payment_method or "")
    parts.append(f"to your {method}" if method else "to the original payment method")
    statement = " ".join(parts) + "."
    if MISSING_REFUND_WORDS.search(message):
        return Ruling(
            "refund",
            Pin("refunds", "Missing refunds", (r".",)),
            statement,
            f"send the customer the refund reference for order {o.order_id}",
            wants,
        )
    row = PAYMENT_ROWS.get(o.payment_method or "")
    sentences = (r"^The refund always goes back", row) if row else (r"^The refund always",)
    return Ruling(
        "refund",
        Pin("refunds", "How long it takes to reach you", sentences),
        statement,
        None,
        wants,
    )

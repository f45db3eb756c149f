"""What the help-centre rules mean for the order in question.

Similarity finds passages that read like the message; it does not apply a rule. This module
does, for the cases where the order's facts decide the answer:

- **cancel** ("please cancel order 96112"): an order still processing can be cancelled and is
  refunded the same day, or some of its items ("only the speaker, keep the watch": their
  price); a shipped or delivered one cannot, a return is offered instead (Shipping >
  Cancelling an order).
- **damage** ("arrived damaged"): reported within ``damage_days`` of delivery, a
  replacement or a full refund; later, the draft says the 7-day window has passed and offers
  a free return of the damaged item while the 30-day return window is open
  (Returns > Items that arrive damaged).
- **refund**: by status: not shipped -> refunded when cancelled; in transit -> no refund before
  it arrives and is returned (lost parcels are refunded without a return); refunded -> the
  amount, date and how long the payment method takes; "not arrived yet" -> Missing refunds.
- **fault** ("they are broken") and **return** ("I want to return my headphones"), for a
  delivered order: a return while the window is open; after it, no return, but a fault is
  covered by the warranty (``support.return_rulings``).
- **delivery** ("where is my order?"): processing -> when it leaves the warehouse; shipped ->
  the estimate and when a trace opens (``trace_days``), the trace (at ``trace_days``), lost
  (at ``lost_days``: free express replacement or full refund); delivered -> the estimate and
  the trace sentence, never the lost-parcel text.

The rules apply to the order in question only: for a general policy question ("can I cancel
an order after it ships?") only when the customer named the order, now or earlier in the case.

A ``Ruling`` pins the passage and the sentences to quote (``Pin``), adds the sentence that
applies the rule to this order (``statement``), names what the customer wants and the
agent's next step. The numbers (3 and 10 business days, 7 and 30 days) are the policy
pages' own and come from ``SupportSettings`` (the return window via ``OrderFacts``), so each
sentence states the number its rule used; ``tests/support/test_rulings.py`` checks that the
pages still say the defaults.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass
from datetime import date

from assistant.settings import SupportSettings
from assistant.support.grounding import human_date, money
from assistant.support.order_items import item_names, items_total, split_items
from assistant.support.orders import (
    OrderFacts,
    OrderLookupResult,
    to_date,
)
from assistant.support.policies import Pin
from assistant.support.return_rulings import (
    fault_ruling,
    refund_due_ruling,
    refunded_ruling,
    return_ruling,
)
from assistant.support.topics import REFUND_AMOUNT, REFUND_SHORT, topic_of
from assistant.support.types import Ruling

# returns policy: report damage within 7 days (the default of ``support.damage_report_days``)
DAMAGE_REPORT_DAYS = SupportSettings.damage_report_days
# an order that cannot have "arrived damaged" yet (a shipped one can: the carrier's scan of
# the delivery may come after the customer opened the box)
NOT_ARRIVED = ("processing",)
HOW_MUCH = ("refunds", "How much is refunded")
LABEL_FEE = SupportSettings.return_label_fee
CANCEL_PASSAGE = ("shipping", "Cancelling an order")
REFUND_WHEN = ("refunds", "When we issue a refund")
LATE_PASSAGE = ("shipping", "Late or missing parcels")
TRACE = r"^If a parcel has not arrived"
LOST = r"^If the trace does not find it"


@dataclass(frozen=True)
class RulingInput:
    intent: str
    message: str
    lookup: OrderLookupResult
    known: bool  # the focus order is the one the customer means
    today: date


def pin(page_heading: tuple[str, str], *sentences: str) -> Pin:
    return Pin(page_heading[0], page_heading[1], tuple(sentences))


class PolicyRules:
    """Component: ``run(RulingInput) -> Ruling | None``."""

    def __init__(
        self,
        trace_days: int = 3,
        lost_days: int = 10,
        damage_days: int = DAMAGE_REPORT_DAYS,
        label_fee: float = LABEL_FEE,
    ) -> None:
        if not 0 <= trace_days <= lost_days:
            raise ValueError("need 0 <= trace_days <= lost_days")
        if damage_days < 0:
            raise ValueError("need damage_days >= 0")
        self.trace_days = trace_days
        self.lost_days = lost_days
        self.damage_days = damage_days
        self.label_fee = label_fee

    def run(self, case: RulingInput) -> Ruling | None:
        topic = topic_of(case.message, case.intent)
        if topic is None:
            return None
        focus = case.lookup.focus if case.known else None
        if focus is None:
            if topic == "cancel":  # which order is unknown: the rule itself
                return Ruling(topic, pin(CANCEL_PASSAGE, r"^You can cancel", r"^Once an order"))
            return None
        oid = focus.order_id
        if topic == "cancel":
            return self._cancel(focus, case.message)
        if topic == "damage":
            return self._damage(focus, case.today)
        if topic == "fault":
            return fault_ruling(focus)
        if topic == "refund":
            return self._refund(focus, case.message)
        if topic == "return":  # this order named (its id or an item), not returns in general
            named = case.lookup.focus_reason in ("requested", "carried", "named_item")
            return return_ruling(focus) if named else None
        if focus.order.status == "shipped":
            return self._late(focus, "delivery", LATE_PASSAGE)
        wants = f"to know where order {oid} is"
        if focus.order.status == "processing":
            return Ruling(
                topic,
                pin(("shipping", "Processing time"), r"^Orders leave", r"^You get an email"),
                wants=wants,
            )
        if focus.order.status == "returned":  # "status of A4227": its refund, due or late
            return refund_due_ruling(focus, REFUND_WHEN, wants)
        if focus.order.status == "delivered":  # the estimate and the trace, never "lost"
            return Ruling(topic, pin(LATE_PASSAGE, r"^Every shipped order", TRACE), wants=wants)
        return None

    # -- one topic each --------------------------------------------------------------------
    @staticmethod
    def _cancel(focus: OrderFacts, message: str) -> Ruling:
        o = focus.order
        wants = f"to cancel order {o.order_id}"
        cancel, keep = split_items(o.items, message)
        if o.status == "processing" and cancel:  # "cancel the speaker, keep the watch"
            named, refund = item_names(cancel), money(items_total(cancel))
            ships = "ships" if len(keep) == 1 else "ship"
            return Ruling(
                "cancel",
                pin(CANCEL_PASSAGE, r"^You can also cancel single items"),
                f"It has not left our warehouse yet, so {named} can still be cancelled on "
                f"its own: {refund} is refunded the same day, and {item_names(keep)} still "
                f"{ships} as planned.",
                f"cancel {named} from order {o.order_id} (not shipped yet) and refund {refund} "
                "today; the rest ships",
                f"to cancel {named} from order {o.order_id}",
            )
        if o.status == "processing":
            return Ruling(
                "cancel",
                pin(CANCEL_PASSAGE, r"^You can cancel", r"^A cancelled order"),
                "It has not left our warehouse yet, so it can still be cancelled, and the full "
                f"{money(o.total)} is refunded the same day.",
                f"cancel order {o.order_id} (not shipped yet) and refund {money(o.total)} today",
                wants,
            )
        cannot = pin(CANCEL_PASSAGE, r"^Once an order")
        if o.status == "shipped":
            return Ruling(
                "cancel",
                cannot,
                "It has already shipped, so it can no longer be cancelled; once it arrives you "
                f"can return it within {focus.return_window_days} days of delivery for a refund.",
                f"order {o.order_id} has shipped and cannot be cancelled: offer a return once "
                "it is delivered",
                wants,
            )
        if o.status == "delivered":
            if focus.return_window_open and focus.return_window_ends:
                instead = f", but you can return it until {human_date(focus.return_window_ends)}."
            else:
                instead = f", and its {focus.return_window_days}-day return window has ended."
            return Ruling(
                "cancel",
                cannot,
                "It has already been delivered, so it can no longer be cancelled" + instead,
                f"order {o.order_id} was delivered and cannot be cancelled"
                + (": offer a return" if focus.return_window_open else ""),
                wants,
            )
        return Ruling("cancel", cannot, None, None, wants)

    def _damage(self, focus: OrderFacts, today: date) -> Ruling | None:
        o = focus.order
        delivered = to_date(o.delivered_at)
        wants = f"to report damage to order {o.order_id}"
        passage = ("returns", "Items that arrive damaged")
        if o.status in NOT_ARRIVED:  # "it arrived damaged" about an order still on its way
            return Ruling(
                "damage",
                pin(passage, r"^Report damage"),
                "As it has not reached you yet: if an item from another order arrived "
                "damaged, please tell us that order's number.",
                f"order {o.order_id} is not delivered yet ({o.status}): ask which order "
                "arrived damaged",
                wants,
            )
        if o.status == "shipped":  # arrived before the carrier's delivery scan: just now
            delivered = today
        if o.status not in ("delivered", "shipped") or delivered is None:
            return None
        days = (today - delivered).days
        window = self.damage_days
        if days <= window:
            told = (  # the carrier's delivery scan has not come in: say so, do not contradict it
                "Our tracking does not show it as delivered yet, but as it has reached you, "
                "once we have"
                if o.status == "shipped"
                else f"You are telling us within {window} days of delivery, so once we have"
            )
            return Ruling(
                "damage",
                pin(passage, r"^Report damage", r"^We send a replacement"),
                f"{told} a photo of the item and the box we will send a replacement or a full "
                "refund including shipping.",
                "ask for photos of the item and the box, then send a replacement or refund "
                f"{money(o.total)} in full for order {o.order_id}",
                wants,
            )
        passed = (
            f"It was delivered {days} days ago, so the {window}-day window for "
            "reporting damage on arrival has passed"
        )
        if focus.return_window_open and focus.return_window_ends:
            ends = human_date(focus.return_window_ends)
            return Ruling(
                "damage",
                pin(passage, r"^Report damage"),
                f"{passed}; you can still return it as a damaged item, free of charge, "
                f"until {ends}.",
                f"damage reported {days} days after delivery (past the {window}-day "
                f"window): offer a free return of the damaged item by {ends}",
                wants,
            )
        return Ruling(
            "damage",
            pin(passage, r"^Report damage"),
            f"{passed}, and so has the {focus.return_window_days}-day return window; if the item is "
            "faulty, our warranty may still cover it.",
            f"damage reported {days} days after delivery, past the return window: check "
            "whether a warranty claim applies",
            wants,
        )

    def _refund(self, focus: OrderFacts, message: str) -> Ruling | None:
        o = focus.order
        oid = o.order_id
        when = REFUND_WHEN
        if REFUND_AMOUNT.search(message) or REFUND_SHORT.search(message):
            wants = f"to know how much was refunded for order {oid}"
        else:
            wants = f"a refund for order {oid}"
        if o.status == "processing":
            return Ruling(
                "refund",
                pin(when, r"^Cancelled orders"),
                "It has not shipped yet: if you would like to cancel it, the full "
                f"{money(o.total)} is refunded the same day.",
                f"if the customer confirms: cancel order {oid} and refund {money(o.total)}",
                wants,
            )
        if o.status == "shipped":
            if focus.business_days_late >= self.lost_days:
                return self._late(focus, "refund", when, r"^For lost parcels")
            return Ruling(
                "refund",
                pin(when, r"^Refunds are issued"),
                "It is still on its way, so it cannot be refunded yet: once it arrives you can "
                f"return it within {focus.return_window_days} days of delivery, and we refund it after "
                "the return reaches our warehouse.",
                f"order {oid} is in transit: explain that a refund follows a return once it "
                "is delivered",
                wants,
            )
        if o.status == "returned":
            return refund_due_ruling(focus, when, wants)
        if o.status == "refunded":
            ruling = refunded_ruling(focus, message, wants)
            asked = REFUND_AMOUNT.search(message) or REFUND_SHORT.search(message)
            why = self._why_amount(focus) if asked else None
            if why is None:
                return ruling
            statement = f"{ruling.statement} {why.statement}"
            if REFUND_SHORT.search(message):  # the reason is the question: its rules quoted
                return dataclasses.replace(why, statement=statement)
            return dataclasses.replace(ruling, statement=statement)
        return Ruling("refund", None, None, None, wants)

    def _why_amount(self, focus: OrderFacts) -> Ruling | None:
        """ "Why did I only get $39 back?": the refund set against the order's prices by the
        rules of "How much is refunded" (the label fee, shipping only when it was our fault,
        a partial refund for items returned used); None when the whole total came back."""
        o = focus.order
        paid, got = o.total, o.refund_amount
        if got is None or got >= paid - 0.005:
            return None
        items, shipping, fee = o.subtotal, o.shipping_cost or 0.0, self.label_fee
        kept = f" The {money(shipping)} shipping is not refunded" if shipping else ""
        kept += (
            " unless the return was our fault (faulty, damaged, wrong or lost items)."
            if kept
            else ""
        )
        if abs(got - (items - fee)) < 0.01:
            why = (
                f"The {money(got)} is the {money(items)} item price minus the {money(fee)} "
                f"return label fee deducted for change-of-mind returns.{kept}"
            )
            sentences: tuple[str, ...] = (r"^Original shipping", r"^For change-of-mind")
        elif got >= items - 0.005:
            why = f"The {money(got)} covers the {money(items)} item price.{kept}"
            sentences = (r"^Original shipping",)
        else:
            why = (
                f"The {money(got)} is less than the {money(items)} item price: items returned "
                "used, incomplete or without the original packaging may receive a partial refund, "
                "and we email photos and the reason first. I will ask the team to check it."
            )
            sentences = (r"^Items returned used",)
        return Ruling(
            "refund",
            pin(HOW_MUCH, *sentences),
            why,
            f"explain the {money(got)} refund of order {o.order_id} ({money(paid)} paid)",
            f"to know why order {o.order_id} was refunded {money(got)}",
        )

    def _late(
        self, focus: OrderFacts, topic: str, passage: tuple[str, str], lost_sentence: str = LOST
    ) -> Ruling:
        """A shipped parcel: on time, late (trace), or lost."""
        oid = focus.order_id
        late = focus.business_days_late
        wants = (
            f"a refund for order {oid}" if topic == "refund" else f"to know where order {oid} is"
        )
        if late >= self.lost_days:
            return Ruling(
                topic,
                pin(passage, lost_sentence),
                f"As it is now {late} business days past its estimated delivery date, we treat "
                "the parcel as lost: we can send a free replacement by express shipping or "
                "refund the order in full, including shipping, whichever you prefer.",
                f"parcel lost ({late} business days late): send a free express replacement or "
                f"refund {money(focus.order.total)} in full, as the customer prefers",
                wants,
            )
        if late >= self.trace_days:
            return Ruling(topic, pin(LATE_PASSAGE, TRACE), None, None, wants)
        return Ruling(topic, pin(LATE_PASSAGE, r"^Every shipped order", TRACE), None, None, wants)

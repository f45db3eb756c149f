"""Order lookup: one order by id, or the customer's latest orders, with derived facts.

Derived facts are computed here, once, so that the drafted reply, the escalation rule and the
grounding check all see the same numbers: ``business_days_late`` (a shipped parcel past its
estimated delivery date), ``return_window_ends`` (``support.return_window_days`` after
delivery, 30 by default) and ``total``.

Privacy rule: outside the agent view an order is shown only to the customer who placed it;
someone asking about another customer's order id gets "not found", never its contents. In
the agent view with a known customer, an id on another customer's account is not treated as
this customer's order either: the reply asks for the right number and the agent is told whose
order it is (``other_owner``).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np

from assistant.settings import SupportSettings
from assistant.store import Order, Store, normalize_order_id

# returns policy: 30 days of delivery (the default of ``support.return_window_days``)
RETURN_WINDOW_DAYS = SupportSettings.return_window_days
# refunds policy: issued within 2-3 business days of the return arriving (``support.refund_days``)
REFUND_DAYS = SupportSettings.refund_days
IN_TRANSIT = ("processing", "shipped")
STOP_WORDS = frozenset(
    [
        "the",
        "and",
        "for",
        "with",
        "you",
        "your",
        "this",
        "that",
        "was",
        "are",
        "from",
        "have",
        "has",
        "not",
        "but",
        "can",
        "want",
        "order",
        "item",
        "it",
        "its",
        "just",
        "very",
        "got",
        "bought",
    ]
)


@dataclass
class OrderFacts:
    """An order as the support desk talks about it (all values come from the store)."""

    order: Order
    business_days_late: int = 0  # shipped and past the estimated delivery date
    return_window_ends: str | None = None  # ISO date, delivered orders only
    return_window_open: bool | None = None
    return_window_days: int = RETURN_WINDOW_DAYS  # the window these facts were computed with
    refund_due: str | None = None  # ISO date, returned orders whose return date is known
    refund_days_overdue: int = 0  # business days past ``refund_due``, not yet refunded

    @property
    def order_id(self) -> str:
        return self.order.order_id

    def mentions(self, words: set[str]) -> int:
        """How many words of the customer's message name this order's items."""
        return max((len(message_words(i.title) & words) for i in self.order.items), default=0)

    @property
    def refund_pending(self) -> bool:
        """Returned and not refunded yet."""
        return self.order.status == "returned" and not self.order.refunded_at

    def to_dict(self) -> dict[str, Any]:
        out = self.order.to_dict()
        out["placed_on"] = self.order.placed_at[:10]
        out["delivered_on"] = (self.order.delivered_at or "")[:10] or None
        out["business_days_late"] = self.business_days_late
        out["return_window_ends"] = self.return_window_ends
        out["return_window_open"] = self.return_window_open
        out["returned_on"] = (self.order.returned_at or "")[:10] or None
        out["refund_due"] = self.refund_due
        out["refund_days_overdue"] = self.refund_days_overdue
        return out


@dataclass
class OrderLookupResult:
    orders: list[OrderFacts] = field(default_factory=list)  # focus order first
    requested_id: str | None = None
    not_found: bool = False  # an id was asked for and is not on this customer's account
    other_owner: str | None = None  # agent view: the customer whose account holds that id
    # why the first order is the focus:
    # requested | carried (named earlier in the case) | named_item | refund_pending (a
    # refund asked after, a returned order not refunded) | late | in_transit | newest
    focus_reason: str | None = None
    # nobody is identified (no customer account): the agent may see a requested order, the
    # customer-facing reply must not, until the customer confirms the email on the order
    needs_identity: bool = False

    @property
    def focus(self) -> OrderFacts | None:
        return self.orders[0] if self.orders else None


def message_words(text: str) -> set[str]:
    """Content words, lower-cased, a plural "s" dropped ("Shoes" ~ "shoe")."""
    words = re.findall(r"[a-z]{3,}", text.lower())
    return {w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words} - STOP_WORDS


def to_date(text: str | None) -> date | None:
    if not text:
        return None
    try:
        return date.fromisoformat(text[:10])
    except ValueError:
        return None


def business_days_between(start: date, end: date) -> int:
    """Business days after ``start`` up to and including ``end`` (0 when end <= start)."""
    if end <= start:
        return 0
    return int(np.busday_count(start + timedelta(days=1), end + timedelta(days=1)))


def add_business_days(start: date, days: int) -> date:
    """The business day ``days`` business days after ``start`` (Monday to Friday)."""
    return date.fromisoformat(str(np.busday_offset(start, days, roll="forward")))


def order_facts(
    order: Order,
    today: date,
    return_window_days: int = RETURN_WINDOW_DAYS,
    refund_days: int = REFUND_DAYS,
) -> OrderFacts:
    facts = OrderFacts(order, return_window_days=return_window_days)
    returned = to_date(order.returned_at)
    if order.status == "returned" and not order.refunded_at and returned is not None:
        due = add_business_days(returned, refund_days)
        facts.refund_due = due.isoformat()
        facts.refund_days_overdue = business_days_between(due, today)
    estimate = to_date(order.estimated_delivery)
    if order.status == "shipped" and estimate is not None:
        facts.business_days_late = business_days_between(estimate, today)
    delivered = to_date(order.delivered_at)
    if delivered is not None and order.status == "delivered":
        ends = delivered + timedelta(days=return_window_days)
        facts.return_window_ends = ends.isoformat()
        facts.return_window_open = today <= ends
    return facts


def resolve_today(setting: str) -> date:
    if not setting:
        return datetime.now(UTC).date()
    parsed = to_date(setting)
    if parsed is None:
        raise ValueError(f"support.today must be an ISO date (YYYY-MM-DD), got {setting!r}")
    return parsed


class OrderLookup:
    """Component: ``run(user_id, order_id, agent_view) -> OrderLookupResult``."""

    def __init__(
        self,
        store: Store,
        today: date,
        latest: int = 3,
        return_window_days: int = RETURN_WINDOW_DAYS,
        searched: int = 50,
        refund_days: int = REFUND_DAYS,
    ) -> None:
        if latest < 1:
            raise ValueError("latest must be >= 1")
        if searched < latest:
            raise ValueError("searched must be >= latest")
        if refund_days < 0:
            raise ValueError("refund_days must be >= 0")
        if return_window_days < 0:
            raise ValueError("return_window_days must be >= 0")
        self.store = store
        self.today = today
        self.latest = latest
        self.searched = searched
        self.refund_days = refund_days
        self.return_window_days = return_window_days

    def _facts(self, order: Order) -> OrderFacts:
        return order_facts(order, self.today, self.return_window_days, self.refund_days)

    def run(
        self,
        user_id: str | None,
        order_id: str | None = None,
        agent_view: bool = False,
        message: str = "",
        carried: str | None = None,
    ) -> OrderLookupResult:
        """``message`` picks the focus order when no id is given: the order whose items the
        customer names ("my headphones"), else ``carried`` (the case's order, named earlier
        in the conversation), else a late parcel, one in transit, the newest. "the other
        order" is one of the rest: never ``carried``.

        With nobody identified (``user_id`` None) a requested order is shown to the agent
        only (``agent_view``), never with the owner's other orders, and ``needs_identity``
        tells the reply to ask for the email on the order first."""
        requested = normalize_order_id(order_id) if order_id else None
        result = OrderLookupResult(requested_id=requested or None)
        if requested:
            result.needs_identity = user_id is None
            order = self.store.get_order(requested)
            if order is not None and (order.user_id == user_id or (agent_view and user_id is None)):
                result.orders.append(self._facts(order))
                result.focus_reason = "requested"
            else:
                result.not_found = True
                if order is not None and agent_view:
                    result.other_owner = order.user_id
            if user_id is None:
                return result  # the owner's other orders wait for the identity check
        owner = user_id
        if owner:
            shown = {f.order_id for f in result.orders}
            if carried and OTHER_ORDER.search(message):
                shown.add(normalize_order_id(carried))  # "and the other order?"
                carried = None
            recent = [
                self._facts(o)
                for o in self.store.user_orders(owner, limit=self.latest)
                if o.order_id not in shown
            ]
            kept = self._carried(owner, carried, shown) if not result.orders else None
            words = message_words(message)
            refund = _REFUND_ASKED.search(message) is not None  # a returned order's refund
            mentioned = any(f.mentions(words) for f in recent)
            due = any(f.refund_pending for f in recent if f.mentions(words) or not mentioned)
            if not result.orders and ((words and not mentioned) or (refund and not due)):
                seen = shown | {f.order_id for f in recent}
                older = self._named_older(owner, words, seen, refund)
                recent = [older, *recent] if older is not None else recent
            if not result.orders and (recent or kept):
                named = max(recent, key=lambda f: f.mentions(words), default=None)
                if kept is not None and not (
                    named is not None and named.mentions(words) > kept.mentions(words)
                ):
                    focus, result.focus_reason = kept, "carried"
                    recent = [f for f in recent if f.order_id != kept.order_id]
                else:
                    focus = min(
                        recent,
                        key=lambda f: (
                            -f.mentions(words),
                            not (refund and f.refund_pending),
                            *focus_rank(f),
                        ),
                    )
                    if focus.mentions(words):
                        result.focus_reason = "named_item"
                    elif refund and focus.refund_pending:
                        result.focus_reason = "refund_pending"
                    else:
                        result.focus_reason = ("late", "in_transit", "newest")[focus_rank(focus)[0]]
                recent = [focus, *(f for f in recent if f is not focus)]
            result.orders.extend(recent[: max(0, self.latest - len(result.orders))])
        return result

    def _named_older(
        self, owner: str, words: set[str], seen: set[str], refund: bool = False
    ) -> OrderFacts | None:
        """The newest of the customer's older orders (up to ``searched``) with the most of
        ``words`` in its items ("when did my standing desk arrive" about July's desk), a
        returned one still to be refunded first when ``refund`` is asked after."""
        older = [
            o for o in self.store.user_orders(owner, limit=self.searched) if o.order_id not in seen
        ]
        facts = [self._facts(o) for o in older]
        fits = [f for f in facts if f.mentions(words) or (refund and f.refund_pending)]
        best = max(
            fits, key=lambda f: (f.mentions(words), refund and f.refund_pending), default=None
        )
        if best is not None and not best.mentions(words) and any(f.mentions(words) for f in facts):
            return None  # an item was named: not an unrelated order's refund
        return best

    def _carried(self, owner: str, carried: str | None, shown: set[str]) -> OrderFacts | None:
        """The case's order from earlier in the conversation, if it is this customer's."""
        if not carried:
            return None
        order = self.store.get_order(normalize_order_id(carried))
        if order is None or order.user_id != owner or order.order_id in shown:
            return None
        return self._facts(order)


def focus_rank(facts: OrderFacts) -> tuple[int, int]:
    """Without an id, the order the customer most likely means comes first: a late parcel,
    then one still on its way, then the newest (the list is already newest first)."""
    if facts.business_days_late > 0:
        return (0, -facts.business_days_late)
    if facts.order.status in IN_TRANSIT:
        return (1, 0)
    return (2, 0)


# a refund asked after ("where is my refund", "money back"): a returned order's refund
_REFUND_ASKED = re.compile(r"\b(?:refund\w*|money back|reimburs\w*)\b", re.IGNORECASE)
# an order besides the one the case is about ("and the other order?", "my other parcel")
OTHER_ORDER = re.compile(
    r"\b(?:other|another|second|different)\s+(?:order|parcel|package|delivery|purchase)\b"
    r"|\b(?:the|my) other one\b",  # not "send me another one" (a replacement)
    re.IGNORECASE,
)

# the message is about getting a parcel ("where is it", "still not here"); an item that
# "arrived broken" is not
DELIVERY_WORDS = re.compile(
    r"\b(?:late|delay(?:ed)?|delivery|not delivered|undelivered|parcel|tracking|track it|"
    r"where(?:'s| is)|still (?:not|no|waiting)|never (?:came|got|arrived)|"
    r"(?:not|n't|never) (?:arrived|here|received|come)|lost|courier|carrier|when will)\b",
    re.IGNORECASE,
)


_ABOUT_POLICY = re.compile(r"\b(?:polic(?:y|ies)|rules?|terms|in general|usually)\b", re.I)


def order_in_question(intent: str, lookup: OrderLookupResult, message: str) -> bool:
    """Whether the focus order is the one the customer means: the one decision the desk (the
    policy ruling, the case's order), the drafted reply (state the order or ask which) and the
    hand-over summary share.

    Never when there is no focus order or the order asked for is not on the account. A policy
    question or a request for a person is about an order only when they gave its id (now or
    earlier in the case) or named one of its items ("can I still cancel the stove?", but not
    "what is your return policy for headphones?"). A return or complaint only when we know: they gave its id, named
    one of its items, it is their only order, or it is a late parcel and the message is about
    delivery ("a broken headlamp" is not). Any other support message: the focus order."""
    if lookup.focus is None or lookup.not_found:
        return False  # nothing to talk about, or they asked about another order: not this one
    reason = lookup.focus_reason
    if intent in ("policy_question", "human_agent"):
        named = reason == "named_item" and not _ABOUT_POLICY.search(message)
        return reason in ("requested", "carried") or named
    if intent not in ("return_refund", "complaint"):
        return True
    return (
        reason in ("requested", "carried", "named_item", "refund_pending")
        or len(lookup.orders) == 1
        or (reason == "late" and DELIVERY_WORDS.search(message) is not None)
    )

"""Orders for the demo shoppers: one per checkout of the interaction log.

Status follows the order's age at the reference date and the shop's published policies
(assistant/support/policies): standard shipping 3-5 business days after one handling day
(free from $50, else $5.99), express 1-2 business days ($14.99), returns within 30 days of
delivery, refunds 2-3 business days after the return arrives (shipping refunded when the shop
was at fault, otherwise the $5.99 label fee deducted). Some shipped orders are past their estimated delivery date.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import UTC, date, datetime, timedelta
from typing import Any

import numpy as np

from assistant.catalog.schema import Product
from assistant.demo.shoppers_generator import DAY, Checkout

FREE_SHIPPING_FROM = 50.0
STANDARD_SHIPPING = 5.99
EXPRESS_SHIPPING = 14.99
RETURN_WINDOW_DAYS = 30
CARRIERS = ("UPS", "USPS", "FedEx", "DHL")
RETURN_LABEL_FEE = 5.99
PAYMENT_METHODS = ("card", "card", "card", "paypal", "apple_pay", "gift_card")
# (reason, the shop's fault): faults refund shipping too, other reasons pay the label fee
RETURN_REASONS = (
    ("wrong size", False),
    ("changed my mind", False),
    ("not as described", False),
    ("faulty", True),
    ("arrived damaged", True),
    ("wrong item sent", True),
)


@dataclass(frozen=True)
class OrderLine:
    product_id: str
    title: str
    qty: int
    unit_price: float


@dataclass
class Order:
    order_id: str
    user_id: str
    placed_at: str  # ISO datetime, UTC
    status: str  # processing | shipped | delivered | returned | refunded
    items: list[OrderLine]
    currency: str
    subtotal: float
    shipping_method: str  # standard | express
    shipping_cost: float
    total: float
    payment_method: str
    carrier: str | None = None
    tracking_number: str | None = None
    estimated_delivery: str | None = None  # ISO date
    delivered_at: str | None = None
    returned_at: str | None = None
    return_reason: str | None = None
    refunded_at: str | None = None
    refund_amount: float | None = None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def iso(ts: int) -> str:
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def add_business_days(day: date, n: int) -> date:
    while n > 0:
        day += timedelta(days=1)
        if day.weekday() < 5:
            n -= 1
    return day


def tracking_number(carrier: str, rng: np.random.Generator) -> str:
    digits = "".join(str(d) for d in rng.integers(0, 10, size=22))
    if carrier == "UPS":
        letters = "".join(rng.choice(list("ABCDEFGHJKLMNPRSTVWXY0123456789"), size=6))
        return f"1Z{letters}{digits[:10]}"
    if carrier == "USPS":
        return "9400" + digits[:18]
    if carrier == "FedEx":
        return digits[:12]
    return digits[:10]


class OrderBook:
    """Turns checkouts into orders with statuses as of ``reference_ts``."""

    def __init__(self, reference_ts: int) -> None:
        if reference_ts <= 0:
            raise ValueError("reference_ts must be a positive unix time")
        self.reference_ts = reference_ts

    def run(
        self, checkouts: list[Checkout], products: list[Product], rng: np.random.Generator
    ) -> list[Order]:
        by_id = {p.product_id: p for p in products}
        ids = self._order_ids(len(checkouts), rng)
        orders = []
        for order_id, checkout in zip(ids, checkouts, strict=True):
            lines = [
                OrderLine(pid, by_id[pid].title, qty, float(by_id[pid].price or 0.0))
                for pid, qty in checkout.lines
            ]
            orders.append(self._order(order_id, checkout, lines, rng))
        return orders

    @staticmethod
    def _order_ids(n: int, rng: np.random.Generator) -> list[str]:
        """Two shapes, like a shop that migrated systems: "A1093" and "58213"."""
        lettered = [f"A{k}" for k in rng.permutation(np.arange(1000, 10000))[:n].tolist()]
        numeric = [str(k) for k in rng.permutation(np.arange(10000, 100000))[:n].tolist()]
        use_letter = rng.random(n) < 0.5
        return [lettered[i] if use_letter[i] else numeric[i] for i in range(n)]

    def _order(
        self, order_id: str, checkout: Checkout, lines: list[OrderLine], rng: np.random.Generator
    ) -> Order:
        subtotal = round(sum(line.qty * line.unit_price for line in lines), 2)
        express = rng.random() < 0.15
        if express:
            shipping = EXPRESS_SHIPPING
        else:
            shipping = 0.0 if subtotal >= FREE_SHIPPING_FROM else STANDARD_SHIPPING
        order = Order(
            order_id=order_id,
            user_id=checkout.user_id,
            placed_at=iso(checkout.timestamp),
            status="processing",
            items=lines,
            currency="USD",
            subtotal=subtotal,
            shipping_method="express" if express else "standard",
            shipping_cost=shipping,
            total=round(subtotal + shipping, 2),
            payment_method=str(rng.choice(PAYMENT_METHODS)),
        )
        placed = datetime.fromtimestamp(checkout.timestamp, UTC)
        ship_day = add_business_days(placed.date(), 1)
        ship_ts = int(
            datetime(ship_day.year, ship_day.month, ship_day.day, 17, tzinfo=UTC).timestamp()
        )
        if ship_ts > self.reference_ts:
            return order  # still being packed
        order.carrier = str(rng.choice(CARRIERS))
        order.tracking_number = tracking_number(order.carrier, rng)
        transit = 2 if express else 5
        estimate = add_business_days(ship_day, transit)
        order.estimated_delivery = estimate.isoformat()
        # most parcels arrive on time or early, some are late by 2-7 days
        delay = int(rng.integers(2, 8)) if rng.random() < 0.25 else -int(rng.integers(0, 2))
        arrival = datetime(estimate.year, estimate.month, estimate.day, 14, tzinfo=UTC)
        arrival_ts = int((arrival + timedelta(days=delay)).timestamp())
        arrival_ts = max(arrival_ts, ship_ts + DAY) + int(rng.integers(0, 4 * 3600))
        if arrival_ts > self.reference_ts:
            order.status = "shipped"
            return order
        order.status = "delivered"
        order.delivered_at = iso(arrival_ts)
        roll = rng.random()
        if roll < 0.12:
            returned_ts = arrival_ts + int(rng.integers(2, RETURN_WINDOW_DAYS)) * DAY
            if returned_ts < self.reference_ts:
                order.status = "returned"
                order.returned_at = iso(returned_ts)
                reason, shop_fault = RETURN_REASONS[int(rng.integers(len(RETURN_REASONS)))]
                order.return_reason = reason
                # inspection takes 2-3 business days after the parcel arrives
                refund_day = add_business_days(
                    datetime.fromtimestamp(returned_ts, UTC).date(), int(rng.integers(2, 4))
                )
                refund_ts = int(
                    datetime(
                        refund_day.year, refund_day.month, refund_day.day, 16, tzinfo=UTC
                    ).timestamp()
                )
                if refund_ts < self.reference_ts and roll < 0.1:
                    order.status = "refunded"
                    order.refunded_at = iso(refund_ts)
                    amount = subtotal + shipping if shop_fault else subtotal - RETURN_LABEL_FEE
                    order.refund_amount = round(max(0.0, amount), 2)
        return order

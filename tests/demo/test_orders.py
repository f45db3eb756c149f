"""Orders: one per checkout, consistent with purchases, the catalog and the shop's policies."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime, timedelta

from assistant.demo import REFERENCE_DATE
from assistant.demo.orders_generator import (
    EXPRESS_SHIPPING,
    FREE_SHIPPING_FROM,
    RETURN_LABEL_FEE,
    RETURN_WINDOW_DAYS,
    STANDARD_SHIPPING,
)

STATUSES = {"processing", "shipped", "delivered", "returned", "refunded"}


def parse(ts: str) -> datetime:
    return datetime.fromisoformat(ts.replace("Z", "+00:00"))


def test_every_purchase_is_an_order_line_and_back(default_shop):
    purchases = Counter(
        (r["user_id"], r["product_id"], int(float(r["value"])), int(r["timestamp"]))
        for r in default_shop.interactions
        if r["event"] == "purchase"
    )
    lines = Counter(
        (o["user_id"], item["product_id"], item["qty"], int(parse(o["placed_at"]).timestamp()))
        for o in default_shop.orders
        for item in o["items"]
    )
    assert purchases == lines
    assert len(default_shop.orders) > 300


def test_order_lines_match_the_catalog(default_shop):
    catalog = {p["product_id"]: p for p in default_shop.products}
    users = {s["user_id"] for s in default_shop.shoppers}
    for order in default_shop.orders:
        assert order["user_id"] in users
        assert order["items"]
        for item in order["items"]:
            product = catalog[item["product_id"]]
            assert item["title"] == product["title"]
            assert item["unit_price"] == product["price"]
            assert item["qty"] >= 1
        subtotal = sum(i["qty"] * i["unit_price"] for i in order["items"])
        assert abs(order["subtotal"] - subtotal) < 0.005
        assert abs(order["total"] - order["subtotal"] - order["shipping_cost"]) < 0.005


def test_order_ids_have_the_two_shapes_and_are_unique(default_shop):
    ids = [o["order_id"] for o in default_shop.orders]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"A\d{4}|\d{5}", i) for i in ids)
    assert any(i.startswith("A") for i in ids) and any(i.isdigit() for i in ids)


def test_shipping_costs_follow_the_policy(default_shop):
    for order in default_shop.orders:
        if order["shipping_method"] == "express":
            assert order["shipping_cost"] == EXPRESS_SHIPPING
        elif order["subtotal"] >= FREE_SHIPPING_FROM:
            assert order["shipping_cost"] == 0.0
        else:
            assert order["shipping_cost"] == STANDARD_SHIPPING


def test_statuses_carry_the_right_facts(default_shop):
    reference = REFERENCE_DATE
    statuses = Counter(o["status"] for o in default_shop.orders)
    assert set(statuses) == STATUSES
    late = 0
    for order in default_shop.orders:
        placed = parse(order["placed_at"])
        assert placed < reference
        if order["status"] == "processing":
            assert order["carrier"] is None and order["tracking_number"] is None
            continue
        assert order["carrier"] in {"UPS", "USPS", "FedEx", "DHL"}
        assert order["tracking_number"]
        estimate = datetime.fromisoformat(order["estimated_delivery"]).date()
        assert estimate > placed.date()
        if order["status"] == "shipped":
            assert order["delivered_at"] is None
            late += estimate < reference.date()
            continue
        delivered = parse(order["delivered_at"])
        assert placed < delivered < reference
        if order["status"] in {"returned", "refunded"}:
            returned = parse(order["returned_at"])
            assert delivered < returned <= delivered + timedelta(days=RETURN_WINDOW_DAYS)
            assert order["return_reason"]
        if order["status"] == "refunded":
            assert parse(order["refunded_at"]) > parse(order["returned_at"])
            fault = order["return_reason"] in {"faulty", "arrived damaged", "wrong item sent"}
            expected = (
                order["subtotal"] + order["shipping_cost"]
                if fault
                else max(0.0, order["subtotal"] - RETURN_LABEL_FEE)
            )
            assert abs(order["refund_amount"] - expected) < 0.005
        else:
            assert order["refund_amount"] is None
    assert late >= 3  # some shipped orders are past their estimated delivery
    assert statuses["delivered"] > statuses["shipped"] > statuses["processing"] > 0

"""Order lookup: by id (any spelling), latest orders, privacy, lateness, return window."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.store import Order, OrderItem, open_store
from assistant.support.orders import (
    OrderLookup,
    business_days_between,
    order_facts,
    order_in_question,
)

TODAY = date(2026, 11, 1)  # the demo's reference date (a Sunday)


def test_business_days_skip_weekends():
    friday, monday = date(2026, 10, 30), date(2026, 11, 2)
    assert business_days_between(friday, monday) == 1
    assert business_days_between(date(2026, 10, 26), date(2026, 10, 30)) == 4
    assert business_days_between(monday, friday) == 0
    assert business_days_between(friday, friday) == 0


def _order(status: str, **kw) -> Order:
    return Order(
        "A1000", "u1", status, "2026-10-01T10:00:00Z", (OrderItem("P1", "Mug", 2, 9.5),), **kw
    )


def test_lateness_counts_only_shipped_parcels_past_their_estimate():
    late = order_facts(_order("shipped", estimated_delivery="2026-10-26"), TODAY)
    assert late.business_days_late == 4  # estimate Mon 26 Oct: Tue-Fri passed by Sun 1 Nov
    on_time = order_facts(_order("shipped", estimated_delivery="2026-11-03"), TODAY)
    assert on_time.business_days_late == 0
    delivered = order_facts(
        _order("delivered", estimated_delivery="2026-10-20", delivered_at="2026-10-29T12:00:00Z"),
        TODAY,
    )
    assert delivered.business_days_late == 0


def test_return_window_is_30_days_after_delivery():
    recent = order_facts(_order("delivered", delivered_at="2026-10-10T12:00:00Z"), TODAY)
    assert recent.return_window_ends == "2026-11-09" and recent.return_window_open is True
    old = order_facts(_order("delivered", delivered_at="2026-09-01T12:00:00Z"), TODAY)
    assert old.return_window_ends == "2026-10-01" and old.return_window_open is False
    shipped = order_facts(_order("shipped"), TODAY)
    assert shipped.return_window_ends is None
    assert recent.to_dict()["total"] == 19.0


def test_lookup_by_id_in_any_spelling(support_store, demo_orders):
    row = demo_orders[0]
    lookup = OrderLookup(support_store, TODAY)
    for spelling in (row["order_id"], f"#{row['order_id'].lower()}", f" {row['order_id']} "):
        result = lookup.run(row["user_id"], spelling)
        assert result.focus is not None and result.focus.order_id == row["order_id"]
        assert result.focus.order.tracking == row["tracking_number"]
        assert not result.not_found


def test_latest_orders_newest_first_with_the_late_one_in_focus(support_store, demo_orders):
    lookup = OrderLookup(support_store, TODAY, latest=50)
    by_user: dict[str, list[dict]] = {}
    for row in demo_orders:
        by_user.setdefault(row["user_id"], []).append(row)
    user, rows = max(by_user.items(), key=lambda kv: len(kv[1]))
    result = lookup.run(user)
    assert len(rows) <= 50
    assert {f.order_id for f in result.orders} == {r["order_id"] for r in rows}
    rest = result.orders[1:]
    assert [f.order.placed_at for f in rest] == sorted(
        (f.order.placed_at for f in rest), reverse=True
    )
    late = [f for f in result.orders if f.business_days_late > 0]
    if late:
        assert result.focus is not None and result.focus.business_days_late > 0


def test_another_customers_order_is_not_shown(support_store, demo_orders):
    row = demo_orders[0]
    other = next(r["user_id"] for r in demo_orders if r["user_id"] != row["user_id"])
    lookup = OrderLookup(support_store, TODAY)
    result = lookup.run(other, row["order_id"])
    assert result.not_found
    assert row["order_id"] not in [f.order_id for f in result.orders]
    assert all(f.order.user_id == other for f in result.orders)
    # the agent console sees any order, and that customer's latest orders beside it
    agent = lookup.run(None, row["order_id"], agent_view=True)
    assert agent.focus is not None and agent.focus.order_id == row["order_id"]
    assert all(f.order.user_id == row["user_id"] for f in agent.orders)
    assert agent.other_owner is None and not agent.not_found
    # the agent console with the customer chosen: that id is someone else's order
    helping = lookup.run(other, row["order_id"], agent_view=True)
    assert helping.not_found and helping.other_owner == row["user_id"]
    assert all(f.order.user_id == other for f in helping.orders)
    assert lookup.run(row["user_id"], row["order_id"], agent_view=True).focus_reason == "requested"


def test_unknown_id_and_unknown_customer(tmp_path):
    with open_store(tmp_path / "s.sqlite3") as store:
        lookup = OrderLookup(store, TODAY)
        result = lookup.run("nobody", "Z9999")
        assert result.not_found and result.orders == [] and result.requested_id == "Z9999"
        assert lookup.run("nobody").orders == []
    with pytest.raises(ValueError):
        OrderLookup(store, TODAY, latest=0)


def test_the_order_whose_item_the_customer_names_is_the_focus(support_store, demo_orders):
    lookup = OrderLookup(support_store, TODAY, latest=3)
    for user in sorted({r["user_id"] for r in demo_orders}):
        latest = lookup.run(user).orders
        if len(latest) < 3:
            continue
        older = latest[-1]
        word = older.order.items[0].title.split(",")[0].split()[-1]  # e.g. "Headphones"
        if any(word.lower() in i.title.lower() for o in latest[:-1] for i in o.order.items):
            continue
        result = lookup.run(user, message=f"my {word.lower()} is not what I expected")
        assert result.focus is not None and result.focus.order_id == older.order_id
        assert result.focus_reason == "named_item"
        assert lookup.run(user, message="hello").focus_reason in ("late", "in_transit", "newest")
        return
    raise AssertionError("no demo customer with three distinct orders")


def test_a_returned_order_is_due_its_refund_three_business_days_after_it_arrived():
    due = order_facts(_order("returned", returned_at="2026-10-29T09:00:00Z"), TODAY)
    assert (due.refund_due, due.refund_days_overdue) == ("2026-11-03", 0)
    late = order_facts(_order("returned", returned_at="2026-10-20T09:00:00Z"), TODAY)
    assert (late.refund_due, late.refund_days_overdue) == ("2026-10-23", 5)
    assert late.to_dict()["returned_on"] == "2026-10-20"
    unknown = order_facts(_order("returned"), TODAY)  # no arrival date: nothing is claimed
    assert (unknown.refund_due, unknown.refund_days_overdue) == (None, 0)
    refunded = order_facts(_order("refunded", returned_at="2026-10-20T09:00:00Z"), TODAY)
    assert refunded.refund_days_overdue == 0


def test_an_item_named_is_found_in_older_orders_and_the_other_order_is_another(tmp_path):
    store = open_store(tmp_path / "s.sqlite3")
    items = ["Standing Desk", "Mug", "Lamp", "Socks", "Kettle"]
    store.add_orders(
        [
            Order(f"A{100 + n}", "u1", "delivered", f"2026-0{n + 1}-01T10:00:00Z",
                  (OrderItem(f"P{n}", title, 1, 10.0),), delivered_at=f"2026-0{n + 1}-05T10:00:00Z")
            for n, title in enumerate(items)
        ]
    )  # fmt: skip
    lookup = OrderLookup(store, TODAY, latest=3, searched=10)
    desk = lookup.run("u1", message="when did my standing desk arrive")
    assert desk.focus is not None and desk.focus.order_id == "A100"  # the oldest of five
    assert desk.focus_reason == "named_item"
    assert OrderLookup(store, TODAY, latest=3, searched=3).run("u1", message="my desk").focus
    other = lookup.run("u1", message="and the other order?", carried="A104")
    assert other.focus is not None and other.focus.order_id != "A104"
    again = lookup.run("u1", message="can you send me another one?", carried="A104")
    assert again.focus is not None and again.focus.order_id == "A104"  # a replacement asked for
    same = lookup.run("u1", message="is it delivered?", carried="A104")
    assert same.focus is not None and same.focus.order_id == "A104"
    with pytest.raises(ValueError):
        OrderLookup(store, TODAY, latest=3, searched=2)
    store.close()


def test_a_refund_question_finds_the_returned_order_still_to_be_refunded(tmp_path):
    store = open_store(tmp_path / "s.sqlite3")
    pillow = (OrderItem("P1", "Cloudrest Pillow", 1, 30.0),)
    store.add_orders(
        [
            Order("R1", "u1", "returned", "2026-08-01T10:00:00Z", pillow,
                  delivered_at="2026-08-05T10:00:00Z", returned_at="2026-08-21T10:00:00Z"),
            Order("D1", "u1", "delivered", "2026-09-01T10:00:00Z", pillow,
                  delivered_at="2026-09-13T10:00:00Z"),
        ]
        + [
            Order(f"N{n}", "u1", "delivered", f"2026-10-0{n}T10:00:00Z",
                  (OrderItem(f"Q{n}", "Mug", 1, 9.0),), delivered_at=f"2026-10-0{n + 2}T10:00:00Z")
            for n in range(1, 4)
        ]
    )  # fmt: skip
    lookup = OrderLookup(store, TODAY, latest=3)
    named = lookup.run("u1", message="where is my refund for the pillow")  # was D1
    assert named.focus is not None and named.focus.order_id == "R1"
    unnamed = lookup.run("u1", message="where is my refund?")  # R1 is past the latest three
    assert unnamed.focus is not None and unnamed.focus.order_id == "R1"
    assert unnamed.focus_reason == "refund_pending"
    assert order_in_question("return_refund", unnamed, "where is my refund?")
    status = lookup.run("u1", message="where is my pillow")  # no refund asked: the newest
    assert status.focus is not None and status.focus.order_id == "D1"
    store.close()

"""The support-agent console without a browser: which views the page has, the new-case reset,
the unknown-customer draft and the hand-over note as HTML (the real engine behind it)."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest

from assistant.errors import AssistantError
from assistant.settings import Settings
from assistant.web.app import build_app, parse_views
from assistant.web.support_tab import UNKNOWN, SupportTab


def tabs_and_endpoints(demo) -> tuple[set[str], set[str]]:
    import gradio as gr

    labels = {str(b.label) for b in demo.blocks.values() if isinstance(b, gr.Tab)}
    names = {str(fn.api_name) for fn in demo.fns.values() if fn.api_name}
    return labels, names


def test_the_staff_views_are_off_unless_asked_for(demo_app):
    assert Settings().web.views == "shop"
    services = replace(demo_app.services, settings=Settings())  # default settings
    labels, names = tabs_and_endpoints(build_app(services))
    assert labels == {"Shop"}
    assert "chat" in names and not {"support", "insights"} & names
    labels, names = tabs_and_endpoints(build_app(services, "shop,support,insights"))
    assert labels == {"Shop", "Support agent", "Insights"}
    assert {"support", "insights"} <= names
    assert parse_views(["support"]) == ("support",)
    with pytest.raises(AssistantError, match="unknown or no view"):
        parse_views("shop,admin")


def test_serve_refuses_an_unknown_view(tmp_path):
    import argparse

    from assistant.web.app import serve

    args = argparse.Namespace(index=str(tmp_path), port=None, host=None, demo=None, views="x")
    with pytest.raises(AssistantError, match="unknown or no view"):
        serve(args, Settings())


def _customer_with_a_processing_order(demo_app, demo_dir):
    rows = [json.loads(line) for line in (demo_dir / "orders.jsonl").read_text().splitlines()]
    offered = {s.user_id for s in demo_app.services.shoppers if s.has_orders}
    for row in rows:
        mine = [r for r in rows if r["user_id"] == row["user_id"]]
        if row["status"] == "processing" and row["user_id"] in offered and len(mine) >= 2:
            return row
    pytest.skip("no demo shopper in the dropdown has a processing order")


def test_new_case_starts_clean(demo_app, demo_dir):
    tab = SupportTab(demo_app.services)
    row = _customer_with_a_processing_order(demo_app, demo_dir)
    first = tab.analyse(f"please cancel order {row['order_id']}", row["user_id"], None)
    session = first[-1]
    carried = tab.analyse("cancel my order", row["user_id"], session)
    assert carried[-1] == session and row["order_id"] in carried[3]  # same case: carried over
    cleared = tab.new_case()
    assert cleared[0] == "" and cleared[-1] is None and not any(cleared[2:-1])
    fresh = tab.analyse("cancel my order", row["user_id"], cleared[-1])
    assert fresh[-1] != session
    assert "which order this is about" in fresh[3]  # nothing carried from the last case


def test_another_customer_on_the_same_case_starts_a_new_case(demo_app, demo_dir):
    tab = SupportTab(demo_app.services)
    row = _customer_with_a_processing_order(demo_app, demo_dir)
    other = next(
        s.user_id
        for s in demo_app.services.shoppers
        if s.has_orders and s.user_id != row["user_id"]
    )
    first = tab.analyse(f"please cancel order {row['order_id']}", row["user_id"], None)
    switched = tab.analyse("cancel my order", other, first[-1])
    assert switched[-1] != first[-1]  # the case belonged to the first customer
    assert switched[-1].startswith("agent-") and switched[3]  # a new case, answered
    assert row["order_id"] not in switched[1] + switched[3] + switched[5]


def test_unknown_customer_gets_no_personal_details(demo_app, demo_dir):
    rows = [json.loads(line) for line in (demo_dir / "orders.jsonl").read_text().splitlines()]
    row = next(r for r in rows if r["status"] == "shipped")
    _head, orders, _passages, draft, _alt, summary, _session = SupportTab(
        demo_app.services
    ).analyse(f"Where is order {row['order_id']}?", UNKNOWN, None)
    assert draft.startswith("Hello,") and row["tracking_number"] not in draft
    assert "confirm the email address" in draft
    assert row["order_id"] in orders and row["tracking_number"] in orders  # the agent sees it
    assert "confirm the customer" in summary


def test_the_hand_over_note_has_no_internal_names(demo_app, demo_dir):
    rows = [json.loads(line) for line in (demo_dir / "orders.jsonl").read_text().splitlines()]
    row = next(r for r in rows if r["status"] == "shipped" and r["shipping_cost"] > 0)
    tab = SupportTab(demo_app.services)
    out = tab.analyse(
        f"order {row['order_id']} is late and nobody answers, this is terrible!",
        row["user_id"],
        None,
    )
    orders, summary = out[1], out[5]
    for internal in ("user_id", "orders_in_view", "escalation_code", "escalated", "None"):
        assert internal not in summary
    assert not re.search(r"\d{4}-\d{2}-\d{2}T", orders + summary)  # dates in words
    assert "<th>Customer</th>" in summary and "<th>Wants</th>" in summary
    # the total with shipping, not the subtotal ("$" is escaped: template engines read it)
    assert f"&#36;{row['total']:,.2f}" in orders and row["total"] != row["subtotal"]
    assert "<td></td></tr>" not in summary  # no empty rows

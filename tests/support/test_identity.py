"""Nobody identified, an order id given: the agent sees the order, the customer-facing draft
shares nothing about it and asks for the email on the order (Contact us > What to have ready)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path


def _owner_name(demo_dir: Path, user_id: str) -> str:
    for line in (demo_dir / "shoppers.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["user_id"] == user_id:
            return str(row["display_name"])
    raise AssertionError(user_id)


def _private_bits(row, demo_orders, name: str) -> list[str]:
    others = [r["order_id"] for r in demo_orders if r["user_id"] == row["user_id"] and r is not row]
    return [row["tracking_number"], name.split()[0], row["carrier"], *others]


def test_agent_view_without_a_customer_asks_for_the_email(ask, pick, demo_orders, demo_dir):
    row = pick(status="shipped", several=True)
    name = _owner_name(demo_dir, row["user_id"])
    outcome = ask(f"Where is order {row['order_id']}?", user_id=None, agent_view=True)
    draft = outcome.info.draft
    assert draft.startswith("Hello,")
    assert f"confirm the email address used for order {row['order_id']}" in draft
    assert "The email address used for the order." in draft  # the contact page's own words
    for private in _private_bits(row, demo_orders, name):
        assert private not in draft, private
    # the agent still sees the order, and only that one
    assert [o["order_id"] for o in outcome.info.orders] == [row["order_id"]]
    summary = outcome.info.summary
    assert summary["customer"]["identified"] is False
    assert f"On the account of {name} ({row['user_id']})" in summary["note"]["Order"]
    assert summary["open_actions"][0].startswith("confirm the customer's email")
    assert outcome.info.alternatives == []


def test_shopper_view_without_a_customer_shows_nothing(ask, pick, demo_orders, demo_dir):
    row = pick(status="shipped", several=True)
    name = _owner_name(demo_dir, row["user_id"])
    outcome = ask(f"Where is order {row['order_id']}?", user_id=None, agent_view=False)
    assert outcome.info.orders == []
    # the shop's chat cannot check an email (it asked for one and then had nothing to do)
    assert "once you are signed in" in outcome.info.draft
    assert "confirm the email address" not in outcome.info.draft
    assert "support@cartwell.example" in outcome.info.draft  # the contact page's own words
    assert "could not find order" not in outcome.info.draft  # not even whether it exists
    for private in _private_bits(row, demo_orders, name):
        assert private not in outcome.info.draft
        assert private not in json.dumps(outcome.info.summary)


def test_converse_support_without_a_user(support_store, pick, demo_index_dir, tmp_path):
    """``assistant converse --support`` with no --user and only an order id: no "Hi <name>",
    no tracking number in the reply."""
    row = pick(status="shipped", several=True)
    env = {
        **os.environ,
        "HF_HUB_OFFLINE": "1",
        "ASSISTANT_STORE_URL": str(support_store.path),  # type: ignore[attr-defined]
        "ASSISTANT_SUPPORT__TODAY": "2026-11-01",
        "ASSISTANT_GENERATION__BACKEND": "template",
    }
    command = ["converse", "--support", "--json", "--index", str(demo_index_dir)]
    done = subprocess.run(
        [sys.executable, "-m", "assistant", *command],
        input=f"Where is order {row['order_id']}?\n",
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert done.returncode == 0, done.stderr[-2000:]
    turn = json.loads(done.stdout.splitlines()[0])
    assert turn["reply"].startswith("Hello,")
    assert row["tracking_number"] not in turn["reply"]
    assert turn["support"]["orders"][0]["order_id"] == row["order_id"]


def test_an_email_given_in_the_shop_chat_is_not_looked_up(support_bot, pick):
    row = pick(status="shipped", several=True)
    session = "identity-" + row["order_id"]
    first = support_bot.respond(f"where is order {row['order_id']}", session, None)
    assert "once you are signed in" in first.reply
    email = support_bot.respond("my email is someone@example.com", session, None)
    # was "I can only help with shopping here": the customer did what the old reply asked
    assert "can't look up orders by an email address" in email.reply
    assert row["order_id"] not in email.reply and row["tracking_number"] not in email.reply

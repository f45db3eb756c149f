"""The insight report over a generated conversation log in a real SQLite store."""

from __future__ import annotations

import json
import time as real_time
from datetime import UTC, datetime
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.store import open_store
from assistant.support.report import build_report, complaint_topic
from assistant.support.report_render import write_report

DAY1 = datetime(2026, 10, 20, 12, tzinfo=UTC).timestamp()
DAY = 86400.0

# (day, session, user, message, intent, sentiment, answer data)
LOG = [
    (0, "s1", "u1", "where is my order 58213?", "order_status", "neutral",
     {"support": {"orders": [{"order_id": "58213", "items": [{"product_id": "P1", "title": "Lamp"}]}],
                  "escalation_reason": None}}),
    (0, "s1", "u1", "it is three days late, this is awful", "complaint", "negative",
     {"escalate": True, "support": {"orders": [{"order_id": "58213", "items": [{"product_id": "P1", "title": "Lamp"}]}],
      "escalation_reason": "complaint with negative sentiment",
      "summary": {"escalation_code": "complaint_negative"}}}),
    (0, "s2", "u2", "red running shoes under $80", "search", "neutral", {"products": [{"product_id": "P2"}]}),
    (0, "s2", "u2", "is the second one waterproof?", "product_question", "neutral",
     {"products": [{"product_id": "P2", "title": "Trail Shoe"}]}),
    (1, "s3", "u3", "the mug arrived smashed <script>alert(1)</script>", "complaint", "negative",
     {"escalate": True, "support": {"orders": [], "escalation_reason": "complaint with negative sentiment",
      "summary": {"escalation_code": "complaint_negative"}}}),
    (1, "s4", "u4", "do you ship to Canada?", "policy_question", "neutral", {"support": {"orders": []}}),
    (1, "s4", "u4", "thanks, great!", "goodbye", "positive", {}),
    (2, "s5", "u5", "compare the two trail shoes", "compare", "neutral",
     {"products": [{"product_id": "P2", "title": "Trail Shoe"}, {"product_id": "P3", "title": "Road Shoe"}]}),
    (2, "s6", "u6", "my refund never came, I want my money back", "return_refund", "negative",
     {"support": {"orders": [{"order_id": "A1093", "items": [{"product_id": "P3", "title": "Road Shoe"}]}]}}),
    (2, "s6", "u6", "can I talk to a person", "human_agent", "neutral",
     {"escalate": True, "support": {"escalation_reason": "the customer asked for a person",
      "summary": {"escalation_code": "human_agent"}}}),
]  # fmt: skip


class Clock:
    """The store stamps turns with time.time(); the log needs days in the past."""

    def __init__(self) -> None:
        self.now = DAY1

    def time(self) -> float:
        return self.now

    def __getattr__(self, name: str):
        return getattr(real_time, name)


@pytest.fixture()
def logged_store(tmp_path, monkeypatch):
    clock = Clock()
    monkeypatch.setattr("assistant.store.sqlite_store.time", clock)
    path = tmp_path / "log.sqlite3"
    with open_store(path) as store:
        for day, session, user, message, intent, sentiment, data in LOG:
            clock.now = DAY1 + day * DAY
            store.add_turn(session, user, "user", message, intent, sentiment)
            answer = {"intent": intent, "sentiment": sentiment, **data}
            store.add_turn(session, user, "assistant", "(reply)", data=answer)
    monkeypatch.undo()
    return path


def test_report_numbers_on_the_generated_log(logged_store):
    with open_store(logged_store) as store:
        data = build_report(store.iter_turns())
    assert data.messages == 10 and data.sessions == 6
    assert data.days == ["2026-10-20", "2026-10-21", "2026-10-22"]
    assert data.intent_mix["complaint"] == 2 and data.intent_mix["order_status"] == 1
    assert sum(data.intent_mix.values()) == 10
    assert data.sentiment_by_day["2026-10-20"] == {"negative": 1, "neutral": 3, "positive": 0}
    assert data.sentiment_by_day["2026-10-21"] == {"negative": 1, "neutral": 1, "positive": 1}
    # complaints + the negative refund message, sorted into topics
    assert data.complaint_topics == {
        "late or missing delivery": 1,
        "damaged on arrival": 1,
        "refund or charge": 1,
    }
    # support sessions: s1, s3, s4, s6; escalated: s1, s3, s6
    assert (data.support_sessions, data.escalated_sessions) == (4, 3)
    assert data.escalation_rate == pytest.approx(0.75)
    assert data.escalation_reasons == {"complaint_negative": 2, "human_agent": 1}
    top = {p["product_id"]: p["mentions"] for p in data.top_products}
    # P2: product_question + compare; P1: s1's order (counted once per message); P3: compare + order
    assert top == {"P1": 2, "P2": 2, "P3": 2}


def test_report_files_charts_and_escaping(logged_store, tmp_path):
    with open_store(logged_store) as store:
        data = build_report(store.iter_turns())
    written = write_report(data, tmp_path / "out")
    for path in written.charts.values():
        assert path.is_file() and path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert set(written.charts) == {
        "intent_mix", "sentiment_over_time", "complaint_topics", "escalation", "top_products",
    }  # fmt: skip
    page = written.html.read_text()
    assert "<script>" not in page and "&lt;script&gt;" in page
    md = written.markdown.read_text()
    assert "<script>" not in md and "![Intent mix](intent_mix.png)" in md
    assert "3 of 4 support sessions escalated (75.0%)" in md
    assert json.loads(written.json.read_text())["escalation_rate"] == 0.75


def test_the_engines_log_shape_bare_ids_and_no_support(tmp_path):
    """The engine logs product ids (not cards) and ``escalate`` without a support block."""
    with open_store(tmp_path / "engine.sqlite3") as store:
        store.add_turn(
            "e1", "u1", "user", "is the first one waterproof?", "product_question", "neutral"
        )
        store.add_turn("e1", "u1", "assistant", "Yes.", "product_question", None,
                       {"products": ["P7", "P8"], "escalate": False})  # fmt: skip
        store.add_turn("e2", "u2", "user", "get me a human", "human_agent", "negative")
        store.add_turn("e2", "u2", "assistant", "Connecting you.", "human_agent", None,
                       {"products": [], "escalate": True})  # fmt: skip
        data = build_report(store.iter_turns(), titles={"P7": "Rain Jacket"})
    assert data.top_products[0] == {"product_id": "P7", "title": "Rain Jacket", "mentions": 1}
    assert {p["product_id"] for p in data.top_products} == {"P7", "P8"}
    assert (data.support_sessions, data.escalated_sessions) == (1, 1)
    assert data.escalation_reasons == {"unspecified": 1}


def test_complaint_topics_keyword_rules():
    assert complaint_topic("my parcel never arrived") == "late or missing delivery"
    assert complaint_topic("the zip is broken") == "faulty or poor quality"
    assert complaint_topic("you sent the wrong size") == "wrong item or size"
    assert complaint_topic("meh") == "other"
    assert complaint_topic("my refund never came, I want my money back") == "refund or charge"
    assert complaint_topic("my parcel never arrived, I want a refund") == "late or missing delivery"


def test_report_cli(logged_store, tmp_path, capsys):
    out = tmp_path / "cli-report"
    assert main(["report", "--store", str(logged_store), "--out", str(out)]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["messages"] == 10 and Path(result["charts"]["intent_mix"]).is_file()
    assert main(["report", "--store", str(tmp_path / "empty.sqlite3"), "--out", str(out)]) == 2
    assert "no logged conversations" in capsys.readouterr().err
    assert main(["report", "--store", str(logged_store), "--out", str(out), "--since", "x"]) == 2
    since = ["--since", "2026-10-22"]
    assert main(["report", "--store", str(logged_store), "--out", str(out), *since]) == 0
    assert json.loads(capsys.readouterr().out)["messages"] == 3


def test_demo_load_cli(demo_dir, tmp_path, capsys):
    store_path = tmp_path / "demo.sqlite3"
    assert main(["demo", "load", "--dir", str(demo_dir), "--store", str(store_path)]) == 0
    counts = json.loads(capsys.readouterr().out)
    assert counts["users"] == 200 and counts["orders"] > 500
    with open_store(store_path) as store:
        user = store.get_user("u001")
        assert user is not None and user.display_name
        assert store.user_orders("u001")
    assert main(["demo", "load", "--dir", str(tmp_path / "nope"), "--store", str(store_path)]) == 2

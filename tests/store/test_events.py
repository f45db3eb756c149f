from __future__ import annotations

import io
import json
import time
from pathlib import Path

import pytest

from assistant.errors import AssistantError
from assistant.events import Event
from assistant.store import SQLiteStore, Store, open_store


def test_open_store_accepts_path_and_url_and_satisfies_protocol(tmp_path: Path) -> None:
    path = tmp_path / "a" / "b.sqlite3"
    with open_store(f"sqlite:///{path}") as store:
        assert isinstance(store, Store)
        store.add_event(Event("u1", "p1", "view", 1.0, 10.0))
    assert path.is_file()
    with open_store(str(path)) as store:
        assert store.event_count() == 1


@pytest.mark.parametrize("bad", ["postgres://x/y", "", ":memory:"])
def test_open_store_rejects_unusable_locations(bad: str) -> None:
    with pytest.raises(AssistantError):
        open_store(bad)


def test_open_store_rejects_a_file_that_is_not_sqlite(tmp_path: Path) -> None:
    path = tmp_path / "junk.sqlite3"
    path.write_bytes(b"this is not a database at all" * 100)
    with pytest.raises(AssistantError, match=r"not a usable store|cannot open"):
        open_store(str(path))


def test_wal_mode_and_synchronous_setting(store: SQLiteStore) -> None:
    conn = store._db.get()
    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL


def test_add_and_read_events(store: SQLiteStore) -> None:
    store.add_event(Event("u1", "p1", "view", 1.0, 100.0))
    added = store.add_events(
        [Event("u1", "p2", "purchase", 2.0, 300.0), Event("u2", "p1", "rating", 4.0, 200.0)]
    )
    assert added == 2
    assert store.event_count() == 3
    assert [e.product_id for e in store.iter_events()] == ["p1", "p2", "p1"]
    assert [e.product_id for e in store.iter_events(user_id="u1")] == ["p1", "p2"]
    assert [e.user_id for e in store.iter_events(since=200.0)] == ["u1", "u2"]
    assert store.user_events("u1") == [
        Event("u1", "p1", "view", 1.0, 100.0),
        Event("u1", "p2", "purchase", 2.0, 300.0),
    ]
    assert store.user_events("u1", limit=1) == [Event("u1", "p2", "purchase", 2.0, 300.0)]
    assert store.user_events("nobody") == []


def test_event_without_timestamp_gets_the_current_time(store: SQLiteStore) -> None:
    before = time.time()
    store.add_event(Event("u1", "p1", "like"))
    (event,) = store.user_events("u1")
    assert before <= event.timestamp <= time.time()


def test_iter_events_pages_through_many_rows(store: SQLiteStore) -> None:
    events = [Event(f"u{i % 7}", f"p{i}", "click", 1.0, float(i + 1)) for i in range(2_345)]
    store.add_events(events)
    assert list(store.iter_events()) == events
    assert list(store.iter_events(user_id="u3")) == [e for e in events if e.user_id == "u3"]


def test_add_events_is_all_or_nothing(store: SQLiteStore) -> None:
    def events():
        yield Event("u1", "p1", "view", 1.0, 1.0)
        raise RuntimeError("source failed")

    with pytest.raises(RuntimeError):
        store.add_events(events())
    assert store.event_count() == 0


CSV_WITH_BAD_ROWS = """user_id,product_id,event,value,timestamp
u1,p1,view,1,1700000000
u1,p2,teleport,1,1700000001
,p3,view,1,1700000002
u2,p3,rating,7,1700000003
u2,p4,purchase,,2024-01-05T10:00:00Z
u3,p5,click,abc,1700000004
u3,p6,click,1,yesterday
u4,p7,like,1,1700000005,extra
"""


def test_import_csv_reports_bad_rows_with_line_numbers(store: SQLiteStore, tmp_path: Path) -> None:
    path = tmp_path / "events.csv"
    path.write_text(CSV_WITH_BAD_ROWS, encoding="utf-8")
    report = store.import_events(path)
    assert report.imported == 2
    assert report.rejected == 6
    assert {(r.line, r.reason.split(" ")[0]) for r in report.rejects} == {
        (3, "unknown"),
        (4, "missing"),
        (5, "rating"),
        (7, "bad"),
        (8, "bad"),
        (9, "more"),
    }
    assert store.user_events("u2") == [Event("u2", "p4", "purchase", 1.0, 1704448800.0)]


def test_import_jsonl_reports_bad_lines(store: SQLiteStore, tmp_path: Path) -> None:
    path = tmp_path / "events.jsonl"
    lines = [
        json.dumps({"user_id": "u1", "product_id": "p1", "event": "like", "timestamp": 5}),
        "{not json",
        "",
        json.dumps(["a", "list"]),
        json.dumps({"user_id": "u1", "product_id": "p2", "event": "like"}),
        json.dumps(
            {"user_id": "u1", "product_id": "p3", "event": "dislike", "value": 1, "timestamp": 6}
        ),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    report = store.import_events(path)
    assert report.imported == 2
    assert [(r.line, r.reason) for r in report.rejects] == [
        (2, report.rejects[0].reason),
        (4, "line is not a JSON object"),
        (5, "missing timestamp"),
    ]
    assert report.rejects[0].reason.startswith("invalid JSON")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("missing_col.csv", "user_id,product_id,value\nu1,p1,1\n", "lacks column"),
        ("all_bad.csv", "user_id,product_id,event,value,timestamp\nu1,p1,nope,1,1\n", "no valid"),
        ("empty.csv", "", "lacks column"),
        ("events.txt", "whatever", "cannot tell the format"),
    ],
)
def test_import_errors_are_clear(
    store: SQLiteStore, tmp_path: Path, name: str, content: str, message: str
) -> None:
    path = tmp_path / name
    path.write_text(content, encoding="utf-8")
    with pytest.raises(AssistantError, match=message):
        store.import_events(path)
    assert store.event_count() == 0


def test_import_of_a_missing_file_is_an_error(store: SQLiteStore, tmp_path: Path) -> None:
    with pytest.raises(AssistantError, match="cannot read"):
        store.import_events(tmp_path / "absent.csv")


def test_import_is_atomic_when_the_file_breaks_midway(store: SQLiteStore, tmp_path: Path) -> None:
    path = tmp_path / "broken.csv"
    good = "".join(f"u1,p{i},view,1,{i + 1}\n" for i in range(6_000))
    path.write_bytes(
        b"user_id,product_id,event,value,timestamp\n" + good.encode() + b"u1,\xff\xfe,view,1,1\n"
    )
    with pytest.raises(AssistantError, match="not UTF-8"):
        store.import_events(path)
    assert store.event_count() == 0


@pytest.mark.parametrize("fmt", ["csv", "jsonl"])
def test_export_then_import_round_trips(store: SQLiteStore, tmp_path: Path, fmt: str) -> None:
    events = [
        Event("u1", "p1", "rating", 4.5, 1700000000.25),
        Event("u,2", 'p"2', "add_to_cart", 3.0, 1700000001.0),
    ]
    store.add_events(events)
    out = tmp_path / f"out.{fmt}"
    assert store.export_events(out) == 2
    with open_store(str(tmp_path / "copy.sqlite3")) as copy:
        report = copy.import_events(out)
        assert report.rejected == 0
        assert list(copy.iter_events()) == events


def test_export_to_a_stream_for_one_user(store: SQLiteStore) -> None:
    store.add_events([Event("u1", "p1", "view", 1.0, 1.0), Event("u2", "p2", "view", 1.0, 2.0)])
    buffer = io.StringIO()
    assert store.export_events(buffer, "jsonl", user_id="u2") == 1
    assert json.loads(buffer.getvalue()) == Event("u2", "p2", "view", 1.0, 2.0).to_dict()

from __future__ import annotations

import sqlite3
import threading
from pathlib import Path

import pytest

from assistant.errors import AssistantError
from assistant.store import Order, open_store
from assistant.store.connections import switch_to_wal
from assistant.store.migrations import (
    LATEST_VERSION,
    available_migrations,
    current_version,
    migrate,
)


def _v1_database(path: Path) -> None:
    conn = sqlite3.connect(path, isolation_level=None)
    assert migrate(conn, target=1) == 1
    conn.execute(
        "INSERT INTO events (user_id, product_id, event, value, timestamp)"
        " VALUES ('u1', 'p1', 'purchase', 1.0, 100.0)"
    )
    conn.execute(
        "INSERT INTO users (user_id, display_name, personalization, created_at, updated_at)"
        " VALUES ('u1', 'Ada', 0, 1.0, 1.0)"
    )
    conn.close()


def test_migrations_are_numbered_and_split() -> None:
    migrations = available_migrations()
    assert [m.version for m in migrations] == list(range(1, LATEST_VERSION + 1))
    assert LATEST_VERSION >= 2
    assert all(m.statements() for m in migrations)


def test_opening_a_v1_database_upgrades_it_and_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    _v1_database(path)
    conn = sqlite3.connect(path)
    assert current_version(conn) == 1
    assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'orders'").fetchone() is None
    conn.close()
    with open_store(str(path)) as store:
        assert store.schema_version == LATEST_VERSION  # type: ignore[attr-defined]
        assert [e.product_id for e in store.user_events("u1")] == ["p1"]
        assert store.personalization_enabled("u1") is False
        store.add_orders([Order("A1", "u1", "processing", "2024-01-01")])
        assert store.get_order("a1") is not None
    with open_store(str(path)) as store:  # reopening applies nothing twice
        assert store.schema_version == LATEST_VERSION  # type: ignore[attr-defined]
    conn = sqlite3.connect(path)
    versions = [
        row[0] for row in conn.execute("SELECT version FROM schema_version ORDER BY version")
    ]
    conn.close()
    assert versions == list(range(1, LATEST_VERSION + 1))


def test_concurrent_openers_upgrade_once(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    _v1_database(path)
    errors: list[BaseException] = []

    def opener() -> None:
        try:
            open_store(str(path)).close()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=opener) for _ in range(6)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT COUNT(*) FROM schema_version").fetchone()[0] == LATEST_VERSION
    conn.close()


def test_a_newer_database_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "new.sqlite3"
    open_store(str(path)).close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("INSERT INTO schema_version VALUES (?, 'future', 0)", (LATEST_VERSION + 1,))
    conn.close()
    with pytest.raises(AssistantError, match="newer than this program"):
        open_store(str(path))


class _RacedConnection:
    """A real SQLite connection whose first WAL switches lose a race to another opener:
    SQLite reports "database is locked" at once there (no busy handler, it would deadlock),
    which cannot be staged on demand with real threads."""

    def __init__(self, path: Path, losses: int) -> None:
        self.conn = sqlite3.connect(path)
        self.losses = losses

    def execute(self, sql: str) -> sqlite3.Cursor:
        if "journal_mode" in sql and self.losses:
            self.losses -= 1
            raise sqlite3.OperationalError("database is locked")
        return self.conn.execute(sql)


def test_the_wal_switch_retries_a_lost_race_until_the_busy_timeout(tmp_path: Path) -> None:
    path = tmp_path / "old.sqlite3"
    _v1_database(path)
    raced = _RacedConnection(path, losses=3)
    assert switch_to_wal(raced, timeout_s=5.0) == "wal"  # type: ignore[arg-type]
    assert raced.losses == 0
    raced.conn.close()
    stuck = _RacedConnection(path, losses=10_000)
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        switch_to_wal(stuck, timeout_s=0.05)  # type: ignore[arg-type]
    stuck.conn.close()
    broken = _RacedConnection(path, losses=0)
    broken.conn.close()
    with pytest.raises(sqlite3.ProgrammingError):  # other errors are not retried
        switch_to_wal(broken, timeout_s=5.0)  # type: ignore[arg-type]

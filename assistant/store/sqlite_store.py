"""The SQLite store: one file, WAL mode, safe for many threads and several processes.

Writes go through ``SQLiteConnections.write()`` (``BEGIN IMMEDIATE`` ... ``COMMIT``); once a
method returns, its data is committed and survives the process being killed (see
``assistant.store.connections`` for the durability setting). Reads and iterators page through
rows by id, so no long read transaction blocks the WAL checkpoint.

Decisions worth knowing:
- an ``Event`` with ``timestamp == 0`` (the dataclass default, "not given") is stored with the
  current time;
- ``upsert_user(..., personalization=None)`` leaves an existing user's choice alone, so
  registering a user can never silently re-enable personalisation they turned off;
- ``set_profile_fact(..., source="inferred")`` does not overwrite a ``stated`` fact (stated
  preferences outrank inferred ones); it returns False then;
- ``forget_user`` deletes events, turns, sessions, profile facts and the user row, and keeps
  orders: they are business records the shop must retain (invoices, returns, warranty); they
  are counted as ``orders_kept`` in the report. Model vectors live with the CF model.
"""

from __future__ import annotations

import json
import sqlite3
import time
from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from types import TracebackType
from typing import Any, Self, TextIO

from assistant.errors import AssistantError
from assistant.events import Event
from assistant.privacy import redact, redact_data
from assistant.store import interchange
from assistant.store.connections import SQLiteConnections
from assistant.store.migrations import migrate
from assistant.store.records import (
    FACT_SOURCES,
    ROLES,
    FactSource,
    ForgetReport,
    ImportReport,
    Order,
    ProfileFact,
    Reject,
    Role,
    TurnRecord,
    User,
    normalize_order_id,
)
from assistant.store.rows import (
    EVENT_COLUMNS,
    INSERT_EVENT,
    ORDER_COLUMNS,
    ORDER_WIDTH,
    TURN_COLUMNS,
    event_params,
    order_params,
    require_text,
    to_event,
    to_order,
    to_turn,
)

PAGE = 1000


class SQLiteStore:
    """The ``Store`` interface on one SQLite file (created and migrated on open)."""

    def __init__(
        self, path: str | Path, busy_timeout_ms: int = 10_000, synchronous: str = "NORMAL"
    ) -> None:
        self.path = Path(path)
        if str(path) in ("", ":memory:"):
            raise AssistantError("the SQLite store needs a file path (threads share it)")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise AssistantError(
                f"cannot create the store folder {self.path.parent}: {exc}"
            ) from None
        self._db = SQLiteConnections(self.path, busy_timeout_ms, synchronous)
        try:
            self.schema_version = migrate(self._db.get())
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise AssistantError(f"{self.path} is not a usable store: {exc}") from None
        except BaseException:
            self._db.close()
            raise

    # ---------------------------------------------------------------- events
    def add_event(self, event: Event) -> None:
        with self._db.write() as conn:
            conn.execute(INSERT_EVENT, event_params(event, time.time()))

    def add_events(self, events: Iterable[Event]) -> int:
        """Insert all events in one transaction (all or nothing); returns how many."""
        now = time.time()
        rows = [event_params(event, now) for event in events]
        with self._db.write() as conn:
            conn.executemany(INSERT_EVENT, rows)
        return len(rows)

    def iter_events(
        self, user_id: str | None = None, since: float | None = None
    ) -> Iterator[Event]:
        """Events in insertion order, optionally of one user and/or at or after ``since``."""
        where: list[str] = ["id > ?"]
        params: list[Any] = []
        if user_id is not None:
            where.append("user_id = ?")
            params.append(user_id)
        if since is not None:
            where.append("timestamp >= ?")
            params.append(since)
        sql = f"SELECT {EVENT_COLUMNS} FROM events WHERE {' AND '.join(where)} ORDER BY id LIMIT ?"
        last = 0
        while True:
            rows = self._db.get().execute(sql, (last, *params, PAGE)).fetchall()
            for row in rows:
                yield to_event(row)
            if len(rows) < PAGE:
                return
            last = rows[-1][0]

    def user_events(self, user_id: str, limit: int | None = None) -> list[Event]:
        """The user's events oldest first; with ``limit``, only the most recent ``limit``."""
        sql = (
            f"SELECT {EVENT_COLUMNS} FROM events WHERE user_id = ? ORDER BY timestamp DESC, id DESC"
        )
        params: tuple[Any, ...] = (user_id,)
        if limit is not None:
            sql += " LIMIT ?"
            params = (user_id, max(0, int(limit)))
        rows = self._db.get().execute(sql, params).fetchall()
        return [to_event(row) for row in reversed(rows)]

    def event_count(self) -> int:
        return int(self._db.get().execute("SELECT COUNT(*) FROM events").fetchone()[0])

    # ----------------------------------------------------------------- users
    def upsert_user(
        self, user_id: str, display_name: str | None = None, personalization: bool | None = None
    ) -> None:
        """Create the user or update the given fields (``None`` leaves a field unchanged)."""
        require_text("user_id", user_id)
        now = time.time()
        with self._db.write() as conn:
            conn.execute(
                "INSERT INTO users (user_id, display_name, personalization, created_at, updated_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET"
                " display_name = COALESCE(excluded.display_name, users.display_name),"
                " personalization = CASE WHEN ? IS NULL THEN users.personalization"
                " ELSE excluded.personalization END,"
                " updated_at = excluded.updated_at",
                (
                    user_id,
                    display_name,
                    1 if personalization is None else int(personalization),
                    now,
                    now,
                    None if personalization is None else int(personalization),
                ),
            )

    def get_user(self, user_id: str) -> User | None:
        row = (
            self._db.get()
            .execute(
                "SELECT user_id, display_name, personalization, created_at, updated_at"
                " FROM users WHERE user_id = ?",
                (user_id,),
            )
            .fetchone()
        )
        return None if row is None else User(row[0], row[1], bool(row[2]), row[3], row[4])

    def set_personalization(self, user_id: str, enabled: bool) -> None:
        self.upsert_user(user_id, personalization=bool(enabled))

    def personalization_enabled(self, user_id: str) -> bool:
        user = self.get_user(user_id)
        return True if user is None else user.personalization

    def list_users(self) -> list[User]:
        rows = self._db.get().execute(
            "SELECT user_id, display_name, personalization, created_at, updated_at"
            " FROM users ORDER BY user_id"
        )
        return [User(r[0], r[1], bool(r[2]), r[3], r[4]) for r in rows]

    # ------------------------------------------------------ sessions and turns
    def ensure_session(self, session_id: str, user_id: str) -> None:
        """Create the session (owned by ``user_id``) or mark it active now."""
        require_text("session_id", session_id)
        require_text("user_id", user_id)
        now = time.time()
        with self._db.write() as conn:
            conn.execute(
                "INSERT INTO sessions (session_id, user_id, started_at, last_active)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (session_id) DO UPDATE SET"
                " last_active = excluded.last_active",
                (session_id, user_id, now, now),
            )

    def add_turn(
        self,
        session_id: str,
        user_id: str,
        role: Role,
        text: str,
        intent: str | None = None,
        sentiment: str | None = None,
        data: dict[str, Any] | None = None,
    ) -> None:
        """Store one message; ``text`` and the strings in ``data`` are redacted first."""
        if role not in ROLES:
            raise ValueError(f"role must be one of {ROLES}, got {role!r}")
        payload = json.dumps(redact_data(data or {}), ensure_ascii=False, default=str)
        with self._db.write() as conn:
            self.ensure_session(session_id, user_id)
            conn.execute(
                "INSERT INTO turns (session_id, user_id, role, text, intent, sentiment, data,"
                " created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                (session_id, user_id, role, redact(text), intent, sentiment, payload, time.time()),
            )

    def session_turns(self, session_id: str) -> list[TurnRecord]:
        rows = self._db.get().execute(
            f"SELECT {TURN_COLUMNS} FROM turns WHERE session_id = ? ORDER BY id", (session_id,)
        )
        return [to_turn(row) for row in rows]

    def iter_turns(self, since: float | None = None) -> Iterator[TurnRecord]:
        """Every stored turn in insertion order, optionally created at or after ``since``."""
        sql = (
            f"SELECT {TURN_COLUMNS} FROM turns WHERE id > ? AND created_at >= ? ORDER BY id LIMIT ?"
        )
        last = 0
        while True:
            rows = self._db.get().execute(sql, (last, since or 0.0, PAGE)).fetchall()
            for row in rows:
                yield to_turn(row)
            if len(rows) < PAGE:
                return
            last = rows[-1][0]

    # ---------------------------------------------------------------- orders
    def add_orders(self, orders: Iterable[Order]) -> int:
        """Insert or replace orders by id (one transaction); returns how many."""
        rows = [order_params(o) for o in orders]
        updates = ", ".join(f"{c} = excluded.{c}" for c in ORDER_COLUMNS.split(", ")[1:])
        with self._db.write() as conn:
            conn.executemany(
                f"INSERT INTO orders ({ORDER_COLUMNS}) VALUES ({', '.join('?' * ORDER_WIDTH)})"
                f" ON CONFLICT (order_id) DO UPDATE SET {updates}",
                rows,
            )
        return len(rows)

    def get_order(self, order_id: str) -> Order | None:
        """The order, whatever the spelling: ``#A1093``, ``a1093`` and ``A1093`` are one id."""
        row = (
            self._db.get()
            .execute(
                f"SELECT {ORDER_COLUMNS} FROM orders WHERE order_id = ?",
                (normalize_order_id(order_id),),
            )
            .fetchone()
        )
        return None if row is None else to_order(row)

    def user_orders(self, user_id: str, limit: int = 10) -> list[Order]:
        """The user's orders, newest first."""
        rows = self._db.get().execute(
            f"SELECT {ORDER_COLUMNS} FROM orders WHERE user_id = ?"
            " ORDER BY placed_at DESC, order_id DESC LIMIT ?",
            (user_id, max(0, int(limit))),
        )
        return [to_order(row) for row in rows]

    # --------------------------------------------------------- profile facts
    def set_profile_fact(
        self, user_id: str, key: str, value: Any, source: FactSource = "stated"
    ) -> bool:
        """Record a fact; an inferred one never replaces a stated one (returns False then)."""
        require_text("user_id", user_id)
        require_text("key", key)
        if source not in FACT_SOURCES:
            raise ValueError(f"source must be one of {FACT_SOURCES}, got {source!r}")
        encoded = json.dumps(value, ensure_ascii=False)
        with self._db.write() as conn:
            cursor = conn.execute(
                "INSERT INTO profile_facts (user_id, fact_key, fact_value, source, updated_at)"
                " VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id, fact_key) DO UPDATE SET"
                " fact_value = excluded.fact_value, source = excluded.source,"
                " updated_at = excluded.updated_at"
                " WHERE excluded.source = 'stated' OR profile_facts.source = 'inferred'",
                (user_id, key, encoded, source, time.time()),
            )
            return cursor.rowcount > 0

    def profile_facts(self, user_id: str) -> dict[str, ProfileFact]:
        rows = self._db.get().execute(
            "SELECT fact_key, fact_value, source, updated_at FROM profile_facts"
            " WHERE user_id = ? ORDER BY fact_key",
            (user_id,),
        )
        return {r[0]: ProfileFact(user_id, r[0], json.loads(r[1]), r[2], r[3]) for r in rows}

    def delete_profile_fact(self, user_id: str, key: str) -> bool:
        with self._db.write() as conn:
            cursor = conn.execute(
                "DELETE FROM profile_facts WHERE user_id = ? AND fact_key = ?", (user_id, key)
            )
            return cursor.rowcount > 0

    # ---------------------------------------------------------------- privacy
    def forget_user(self, user_id: str) -> ForgetReport:
        """Delete everything personal about the user in one transaction (orders are kept)."""
        require_text("user_id", user_id)
        counts: dict[str, int] = {}
        with self._db.write() as conn:
            for name, table in (
                ("events", "events"),
                ("turns", "turns"),
                ("sessions", "sessions"),
                ("profile_facts", "profile_facts"),
                ("user_row", "users"),
            ):
                counts[name] = conn.execute(
                    f"DELETE FROM {table} WHERE user_id = ?", (user_id,)
                ).rowcount
            kept = conn.execute("SELECT COUNT(*) FROM orders WHERE user_id = ?", (user_id,))
            counts["orders_kept"] = int(kept.fetchone()[0])
        return ForgetReport(user_id=user_id, **counts)

    # ------------------------------------------------------------------ files
    def import_events(self, path: str | Path) -> ImportReport:
        """Import a CSV/JSONL events file in one transaction; bad rows are reported."""
        rejects: list[Reject] = []
        imported = 0
        now = time.time()
        with self._db.write() as conn:
            records = iter(interchange.read_events(path))
            while batch := list(islice(records, 5000)):
                rows = []
                for record in batch:
                    if isinstance(record, Reject):
                        rejects.append(record)
                    else:
                        rows.append(event_params(record, now))
                conn.executemany(INSERT_EVENT, rows)
                imported += len(rows)
            if imported == 0:
                first = (
                    f"; first problem: line {rejects[0].line}: {rejects[0].reason}"
                    if rejects
                    else ""
                )
                raise AssistantError(f"no valid events in {path} ({len(rejects)} rejected){first}")
        return ImportReport(str(path), imported, len(rejects), tuple(rejects))

    def export_events(
        self,
        path_or_stream: str | Path | TextIO,
        fmt: str | None = None,
        user_id: str | None = None,
    ) -> int:
        """Write events (all, or one user's) as CSV or JSONL; returns how many."""
        if isinstance(path_or_stream, str | Path):
            fmt = fmt or interchange.file_format(path_or_stream)
            with interchange.open_output(path_or_stream) as out:
                return interchange.write_events(self.iter_events(user_id), out, fmt)
        return interchange.write_events(self.iter_events(user_id), path_or_stream, fmt or "csv")

    # -------------------------------------------------------------- lifecycle
    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.close()

    def __repr__(self) -> str:
        return f"SQLiteStore({str(self.path)!r})"

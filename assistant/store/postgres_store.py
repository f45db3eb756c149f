"""The PostgreSQL store: the ``Store`` interface for several app replicas sharing one server.

``open_store("postgresql://user:pass@host:5432/db")`` returns one. It needs the ``postgres``
extra (``pip install .[postgres]``: psycopg 3). Same behaviour as ``SQLiteStore`` (see its
docstring for the decisions: timestamps, personalisation, stated-vs-inferred facts, what
``forget_user`` keeps); the differences are the database's own:

- one connection per thread in autocommit mode; every write method runs in one transaction
  (``READ COMMITTED``): a method that returns has committed;
- the schema lives in ``POSTGRES_MIGRATIONS`` (same tables and columns as the SQLite files,
  PostgreSQL types); opening a database applies the missing ones under an advisory lock, so
  replicas starting together migrate it once;
- ids are ``BIGSERIAL``: insertion order across replicas is commit order of the sequence.
"""

from __future__ import annotations

import json
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
from assistant.store.postgres_connections import PostgresConnections, migrate
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
INSERT_EVENT = (
    "INSERT INTO events (user_id, product_id, event, value, timestamp) VALUES (%s, %s, %s, %s, %s)"
)


class PostgresStore:
    """The ``Store`` interface on a PostgreSQL database (created tables on first open)."""

    def __init__(self, url: str, connect_timeout_s: int = 10) -> None:
        self.url = url
        self._db = PostgresConnections(url, connect_timeout_s)
        try:
            self.schema_version = migrate(self._db)
        except BaseException:
            self._db.close()
            raise

    def _rows(self, sql: str, params: tuple[Any, ...] = ()) -> list[Any]:
        return list(self._db.get().execute(sql, params).fetchall())

    # ---------------------------------------------------------------- events
    def add_event(self, event: Event) -> None:
        with self._db.write() as conn:
            conn.execute(INSERT_EVENT, event_params(event, time.time()))

    def add_events(self, events: Iterable[Event]) -> int:
        now = time.time()
        rows = [event_params(event, now) for event in events]
        with self._db.write() as conn, conn.cursor() as cur:
            cur.executemany(INSERT_EVENT, rows)
        return len(rows)

    def iter_events(
        self, user_id: str | None = None, since: float | None = None
    ) -> Iterator[Event]:
        where: list[str] = ["id > %s"]
        params: list[Any] = []
        if user_id is not None:
            where.append("user_id = %s")
            params.append(user_id)
        if since is not None:
            where.append("timestamp >= %s")
            params.append(since)
        sql = f"SELECT {EVENT_COLUMNS} FROM events WHERE {' AND '.join(where)} ORDER BY id LIMIT %s"
        last = 0
        while True:
            rows = self._rows(sql, (last, *params, PAGE))
            for row in rows:
                yield to_event(row)
            if len(rows) < PAGE:
                return
            last = rows[-1][0]

    def user_events(self, user_id: str, limit: int | None = None) -> list[Event]:
        sql = f"SELECT {EVENT_COLUMNS} FROM events WHERE user_id = %s ORDER BY timestamp DESC, id DESC"
        params: tuple[Any, ...] = (user_id,)
        if limit is not None:
            sql += " LIMIT %s"
            params = (user_id, max(0, int(limit)))
        return [to_event(row) for row in reversed(self._rows(sql, params))]

    def event_count(self) -> int:
        return int(self._rows("SELECT COUNT(*) FROM events")[0][0])

    # ----------------------------------------------------------------- users
    def upsert_user(
        self, user_id: str, display_name: str | None = None, personalization: bool | None = None
    ) -> None:
        require_text("user_id", user_id)
        now = time.time()
        with self._db.write() as conn:
            conn.execute(
                "INSERT INTO users (user_id, display_name, personalization, created_at, updated_at)"
                " VALUES (%s, %s, %s, %s, %s) ON CONFLICT (user_id) DO UPDATE SET"
                " display_name = COALESCE(excluded.display_name, users.display_name),"
                " personalization = CASE WHEN %s::integer IS NULL THEN users.personalization"
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
        rows = self._rows(
            "SELECT user_id, display_name, personalization, created_at, updated_at"
            " FROM users WHERE user_id = %s",
            (user_id,),
        )
        return None if not rows else _user(rows[0])

    def set_personalization(self, user_id: str, enabled: bool) -> None:
        self.upsert_user(user_id, personalization=bool(enabled))

    def personalization_enabled(self, user_id: str) -> bool:
        user = self.get_user(user_id)
        return True if user is None else user.personalization

    def list_users(self) -> list[User]:
        rows = self._rows(
            "SELECT user_id, display_name, personalization, created_at, updated_at"
            " FROM users ORDER BY user_id"
        )
        return [_user(r) for r in rows]

    # ------------------------------------------------------ sessions and turns
    def ensure_session(self, session_id: str, user_id: str) -> None:
        require_text("session_id", session_id)
        require_text("user_id", user_id)
        now = time.time()
        with self._db.write() as conn:
            conn.execute(
                "INSERT INTO sessions (session_id, user_id, started_at, last_active)"
                " VALUES (%s, %s, %s, %s) ON CONFLICT (session_id) DO UPDATE SET"
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
        if role not in ROLES:
            raise ValueError(f"role must be one of {ROLES}, got {role!r}")
        payload = json.dumps(redact_data(data or {}), ensure_ascii=False, default=str)
        with self._db.write() as conn:
            self.ensure_session(session_id, user_id)
            conn.execute(
                "INSERT INTO turns (session_id, user_id, role, text, intent, sentiment, data,"
                " created_at) VALUES (%s, %s, %s, %s, %s, %s, %s, %s)",
                (session_id, user_id, role, redact(text), intent, sentiment, payload, time.time()),
            )

    def session_turns(self, session_id: str) -> list[TurnRecord]:
        rows = self._rows(
            f"SELECT {TURN_COLUMNS} FROM turns WHERE session_id = %s ORDER BY id", (session_id,)
        )
        return [to_turn(row) for row in rows]

    def iter_turns(self, since: float | None = None) -> Iterator[TurnRecord]:
        sql = (
            f"SELECT {TURN_COLUMNS} FROM turns WHERE id > %s AND created_at >= %s"
            " ORDER BY id LIMIT %s"
        )
        last = 0
        while True:
            rows = self._rows(sql, (last, since or 0.0, PAGE))
            for row in rows:
                yield to_turn(row)
            if len(rows) < PAGE:
                return
            last = rows[-1][0]

    # ---------------------------------------------------------------- orders
    def add_orders(self, orders: Iterable[Order]) -> int:
        rows = [order_params(o) for o in orders]
        updates = ", ".join(f"{c} = excluded.{c}" for c in ORDER_COLUMNS.split(", ")[1:])
        with self._db.write() as conn, conn.cursor() as cur:
            cur.executemany(
                f"INSERT INTO orders ({ORDER_COLUMNS}) VALUES"
                f" ({', '.join(['%s'] * ORDER_WIDTH)})"
                f" ON CONFLICT (order_id) DO UPDATE SET {updates}",
                rows,
            )
        return len(rows)

    def get_order(self, order_id: str) -> Order | None:
        rows = self._rows(
            f"SELECT {ORDER_COLUMNS} FROM orders WHERE order_id = %s",
            (normalize_order_id(order_id),),
        )
        return None if not rows else to_order(rows[0])

    def user_orders(self, user_id: str, limit: int = 10) -> list[Order]:
        rows = self._rows(
            f"SELECT {ORDER_COLUMNS} FROM orders WHERE user_id = %s"
            " ORDER BY placed_at DESC, order_id DESC LIMIT %s",
            (user_id, max(0, int(limit))),
        )
        return [to_order(row) for row in rows]

    # --------------------------------------------------------- profile facts
    def set_profile_fact(
        self, user_id: str, key: str, value: Any, source: FactSource = "stated"
    ) -> bool:
        require_text("user_id", user_id)
        require_text("key", key)
        if source not in FACT_SOURCES:
            raise ValueError(f"source must be one of {FACT_SOURCES}, got {source!r}")
        encoded = json.dumps(value, ensure_ascii=False)
        with self._db.write() as conn:
            cursor = conn.execute(
                "INSERT INTO profile_facts (user_id, fact_key, fact_value, source, updated_at)"
                " VALUES (%s, %s, %s, %s, %s) ON CONFLICT (user_id, fact_key) DO UPDATE SET"
                " fact_value = excluded.fact_value, source = excluded.source,"
                " updated_at = excluded.updated_at"
                " WHERE excluded.source = 'stated' OR profile_facts.source = 'inferred'",
                (user_id, key, encoded, source, time.time()),
            )
            return bool(cursor.rowcount > 0)

    def profile_facts(self, user_id: str) -> dict[str, ProfileFact]:
        rows = self._rows(
            "SELECT fact_key, fact_value, source, updated_at FROM profile_facts"
            " WHERE user_id = %s ORDER BY fact_key",
            (user_id,),
        )
        return {r[0]: ProfileFact(user_id, r[0], json.loads(r[1]), r[2], r[3]) for r in rows}

    def delete_profile_fact(self, user_id: str, key: str) -> bool:
        with self._db.write() as conn:
            cursor = conn.execute(
                "DELETE FROM profile_facts WHERE user_id = %s AND fact_key = %s", (user_id, key)
            )
            return bool(cursor.rowcount > 0)

    # ---------------------------------------------------------------- privacy
    def forget_user(self, user_id: str) -> ForgetReport:
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
                    f"DELETE FROM {table} WHERE user_id = %s", (user_id,)
                ).rowcount
            kept = conn.execute("SELECT COUNT(*) FROM orders WHERE user_id = %s", (user_id,))
            counts["orders_kept"] = int(kept.fetchone()[0])
        return ForgetReport(user_id=user_id, **counts)

    # ------------------------------------------------------------------ files
    def import_events(self, path: str | Path) -> ImportReport:
        rejects: list[Reject] = []
        imported = 0
        now = time.time()
        with self._db.write() as conn, conn.cursor() as cur:
            records = iter(interchange.read_events(path))
            while batch := list(islice(records, 5000)):
                rows = []
                for record in batch:
                    if isinstance(record, Reject):
                        rejects.append(record)
                    else:
                        rows.append(event_params(record, now))
                if rows:
                    cur.executemany(INSERT_EVENT, rows)
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
        return f"PostgresStore({_without_password(self.url)!r})"


def _user(row: Any) -> User:
    return User(row[0], row[1], bool(row[2]), row[3], row[4])


def _without_password(url: str) -> str:
    if "@" not in url or "://" not in url:
        return url
    scheme, rest = url.split("://", 1)
    credentials, host = rest.rsplit("@", 1)
    return f"{scheme}://{credentials.split(':', 1)[0]}:***@{host}"

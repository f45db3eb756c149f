"""PostgreSQL connections (one per thread, autocommit, ``write()`` transactions) and the
schema migrations of the PostgreSQL store (same tables and columns as the SQLite migration
files, PostgreSQL types)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from assistant.errors import AssistantError

_LOCK_KEY = 7_372_001  # advisory lock id for migrations

POSTGRES_MIGRATIONS: list[tuple[str, list[str]]] = [
    (
        "initial",
        [
            "CREATE TABLE events (id BIGSERIAL PRIMARY KEY, user_id TEXT NOT NULL,"
            " product_id TEXT NOT NULL, event TEXT NOT NULL,"
            " value DOUBLE PRECISION NOT NULL DEFAULT 1.0, timestamp DOUBLE PRECISION NOT NULL)",
            "CREATE INDEX events_user_time ON events (user_id, timestamp)",
            "CREATE INDEX events_time ON events (timestamp)",
            "CREATE TABLE users (user_id TEXT PRIMARY KEY, display_name TEXT,"
            " personalization INTEGER NOT NULL DEFAULT 1, created_at DOUBLE PRECISION NOT NULL,"
            " updated_at DOUBLE PRECISION NOT NULL)",
            "CREATE TABLE sessions (session_id TEXT PRIMARY KEY, user_id TEXT NOT NULL,"
            " started_at DOUBLE PRECISION NOT NULL, last_active DOUBLE PRECISION NOT NULL)",
            "CREATE INDEX sessions_user ON sessions (user_id)",
            "CREATE TABLE turns (id BIGSERIAL PRIMARY KEY, session_id TEXT NOT NULL,"
            " user_id TEXT NOT NULL, role TEXT NOT NULL CHECK (role IN ('user', 'assistant')),"
            " text TEXT NOT NULL, intent TEXT, sentiment TEXT, data TEXT NOT NULL DEFAULT '{}',"
            " created_at DOUBLE PRECISION NOT NULL)",
            "CREATE INDEX turns_session ON turns (session_id, id)",
            "CREATE INDEX turns_user ON turns (user_id)",
            "CREATE INDEX turns_time ON turns (created_at)",
        ],
    ),
    (
        "orders_profile",
        [
            "CREATE TABLE orders (order_id TEXT PRIMARY KEY, user_id TEXT NOT NULL,"
            " status TEXT NOT NULL, placed_at TEXT NOT NULL, items TEXT NOT NULL DEFAULT '[]',"
            " carrier TEXT, tracking TEXT, estimated_delivery TEXT, delivered_at TEXT)",
            "CREATE INDEX orders_user_placed ON orders (user_id, placed_at)",
            "CREATE TABLE profile_facts (user_id TEXT NOT NULL, fact_key TEXT NOT NULL,"
            " fact_value TEXT NOT NULL,"
            " source TEXT NOT NULL CHECK (source IN ('stated', 'inferred')),"
            " updated_at DOUBLE PRECISION NOT NULL, PRIMARY KEY (user_id, fact_key))",
        ],
    ),
    (
        "order_money",
        [
            "ALTER TABLE orders ADD COLUMN shipping_cost DOUBLE PRECISION NOT NULL DEFAULT 0",
            "ALTER TABLE orders ADD COLUMN payment_method TEXT",
            "ALTER TABLE orders ADD COLUMN refund_amount DOUBLE PRECISION",
            "ALTER TABLE orders ADD COLUMN refunded_at TEXT",
        ],
    ),
    ("order_returned", ["ALTER TABLE orders ADD COLUMN returned_at TEXT"]),
]


class PostgresConnections:
    """One autocommit connection per thread; ``write()`` wraps a transaction."""

    def __init__(self, url: str, connect_timeout_s: int = 10) -> None:
        try:
            import psycopg
        except ImportError:
            raise AssistantError(
                "a postgresql:// store needs psycopg: pip install 'shopping-assistant[postgres]'"
            ) from None
        self._psycopg = psycopg
        self.url = url
        self.connect_timeout_s = connect_timeout_s
        self._local = threading.local()
        self._all: list[Any] = []
        self._lock = threading.Lock()
        self._closed = False

    def get(self) -> Any:
        conn = getattr(self._local, "conn", None)
        if conn is not None and not conn.closed:
            return conn
        with self._lock:
            if self._closed:
                raise AssistantError("the PostgreSQL store is closed")
            try:
                conn = self._psycopg.connect(
                    self.url, autocommit=True, connect_timeout=self.connect_timeout_s
                )
            except self._psycopg.Error as exc:
                message = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
                raise AssistantError(f"cannot connect to the PostgreSQL store: {message}") from None
            self._all.append(conn)
        self._local.conn = conn
        return conn

    @contextmanager
    def write(self) -> Iterator[Any]:
        """A transaction; nested use on the same thread joins the outer one."""
        conn = self.get()
        if getattr(self._local, "depth", 0):
            yield conn
            return
        self._local.depth = 1
        try:
            with conn.transaction():
                yield conn
        finally:
            self._local.depth = 0

    def close(self) -> None:
        with self._lock:
            self._closed = True
            for conn in self._all:
                conn.close()
            self._all.clear()


def migrate(db: PostgresConnections) -> int:
    """Apply the missing migrations under an advisory lock (replicas starting together
    migrate once); refuse a database newer than this code."""
    with db.write() as conn:
        conn.execute("SELECT pg_advisory_xact_lock(%s)", (_LOCK_KEY,))
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY,"
            " name TEXT NOT NULL, applied_at DOUBLE PRECISION NOT NULL)"
        )
        row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
        version = int(row[0] or 0)
        if version > len(POSTGRES_MIGRATIONS):
            raise AssistantError(
                f"the store's schema version {version} is newer than this program supports "
                f"({len(POSTGRES_MIGRATIONS)}); upgrade the assistant"
            )
        for number, (name, statements) in enumerate(POSTGRES_MIGRATIONS, start=1):
            if number <= version:
                continue
            for statement in statements:
                conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_version (version, name, applied_at) VALUES (%s, %s, %s)",
                (number, name, time.time()),
            )
    return len(POSTGRES_MIGRATIONS)

"""SQLite connections: one per thread, WAL mode, busy timeout, explicit write transactions.

Every thread gets its own ``sqlite3.Connection`` (autocommit mode, so reads never hold a
snapshot open). Writes run inside ``BEGIN IMMEDIATE`` which takes the database's write lock up
front: concurrent writers (threads or processes) queue on the busy timeout instead of failing
half-way through a transaction with a lock-upgrade error.

Durability: in WAL mode a transaction is committed once its frames are appended to the WAL
file. With ``synchronous=NORMAL`` the WAL is not fsynced on every commit, which is still safe
when the process is killed (the OS keeps the written pages and the next opener replays the
WAL); only an OS crash or power loss can drop the last commits. ``synchronous=FULL`` fsyncs on
every commit and survives those too, at a cost in write throughput (see bench/bench_store.py).
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from assistant.errors import AssistantError

SYNCHRONOUS_MODES = ("NORMAL", "FULL", "EXTRA")


class SQLiteConnections:
    """Per-thread connections to one database file."""

    def __init__(self, path: Path, busy_timeout_ms: int = 10_000, synchronous: str = "NORMAL"):
        if busy_timeout_ms < 0:
            raise ValueError(f"busy_timeout_ms must be >= 0, got {busy_timeout_ms}")
        synchronous = synchronous.upper()
        if synchronous not in SYNCHRONOUS_MODES:
            raise AssistantError(
                f"store synchronous mode must be one of {SYNCHRONOUS_MODES}, got {synchronous!r}"
            )
        self.path = path
        self.busy_timeout_ms = busy_timeout_ms
        self.synchronous = synchronous
        self._lock = threading.Lock()
        # writers of this process queue here (fair, no sleeping busy handler); other
        # processes are serialised by SQLite's lock and the busy timeout
        self._write_lock = threading.Lock()
        self._by_thread: dict[threading.Thread, sqlite3.Connection] = {}
        self._closed = False

    def get(self) -> sqlite3.Connection:
        """This thread's connection (opened on first use)."""
        me = threading.current_thread()
        conn = self._by_thread.get(me)
        if conn is not None:
            return conn
        with self._lock:
            if self._closed:
                raise AssistantError(f"the store {self.path} is closed")
            self._close_dead_threads()
            conn = self._open()
            self._by_thread[me] = conn
            return conn

    def _open(self) -> sqlite3.Connection:
        try:
            conn = sqlite3.connect(
                self.path,
                timeout=self.busy_timeout_ms / 1000,
                isolation_level=None,
                check_same_thread=False,
            )
            conn.execute(f"PRAGMA busy_timeout = {int(self.busy_timeout_ms)}")
            mode = switch_to_wal(conn, self.busy_timeout_ms / 1000)
            conn.execute(f"PRAGMA synchronous = {self.synchronous}")
        except sqlite3.DatabaseError as exc:
            raise AssistantError(f"cannot open the store {self.path}: {exc}") from None
        if str(mode).lower() != "wal":
            conn.close()
            raise AssistantError(f"the store {self.path} cannot use WAL mode (got {mode})")
        return conn

    def _close_dead_threads(self) -> None:
        for thread in [t for t in self._by_thread if not t.is_alive()]:
            self._by_thread.pop(thread).close()

    @contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """A write transaction; nested use on the same thread joins the outer one."""
        conn = self.get()
        if conn.in_transaction:
            yield conn
            return
        with self._write_lock:
            try:
                conn.execute("BEGIN IMMEDIATE")
            except sqlite3.OperationalError as exc:
                raise AssistantError(
                    f"the store {self.path} is busy or unwritable: {exc}"
                ) from None
            try:
                yield conn
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")

    def close(self) -> None:
        with self._lock:
            self._closed = True
            for conn in self._by_thread.values():
                conn.close()
            self._by_thread.clear()


def switch_to_wal(conn: sqlite3.Connection, timeout_s: float) -> str:
    """Put the database in WAL mode and return the journal mode it is in.

    The switch needs the database to itself, and when two connections race for it SQLite
    answers one of them "database is locked" at once instead of calling the busy handler
    (it would deadlock): several processes or threads opening an old store together. Retried
    with a growing pause until ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    pause = 0.005
    while True:
        try:
            return str(conn.execute("PRAGMA journal_mode = WAL").fetchone()[0])
        except sqlite3.OperationalError as exc:
            busy = "locked" in str(exc) or "busy" in str(exc)
            if not busy or time.monotonic() + pause > deadline:
                raise
            time.sleep(pause)
            pause = min(pause * 2, 0.2)

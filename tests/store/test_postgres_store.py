"""The PostgreSQL store against a real server started on loopback for this module.

The store's own contract tests (events, records, threads) run here again on PostgreSQL:
they are imported from the SQLite test modules and get this module's ``store`` fixture.
Skips with a clear message only when psycopg or the PostgreSQL server binaries are missing
(``scripts/bootstrap.sh`` installs both).
"""

from __future__ import annotations

import itertools
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.errors import AssistantError
from assistant.events import Event
from assistant.store import Store, open_store
from assistant.store.migrations import LATEST_VERSION

from .test_concurrency import test_eight_threads_writing_lose_nothing  # noqa: F401
from .test_events import (  # noqa: F401
    test_add_and_read_events,
    test_add_events_is_all_or_nothing,
    test_event_without_timestamp_gets_the_current_time,
    test_export_then_import_round_trips,
    test_export_to_a_stream_for_one_user,
    test_import_csv_reports_bad_rows_with_line_numbers,
    test_import_errors_are_clear,
    test_import_is_atomic_when_the_file_breaks_midway,
    test_import_jsonl_reports_bad_lines,
    test_import_of_a_missing_file_is_an_error,
    test_iter_events_pages_through_many_rows,
)
from .test_records import (  # noqa: F401
    test_forget_removes_the_user_and_nothing_else,
    test_orders,
    test_profile_facts_stated_outrank_inferred,
    test_sessions_and_iter_turns,
    test_turn_rejects_unknown_role,
    test_turns_are_stored_redacted,
    test_users_and_personalization,
)

psycopg = pytest.importorskip(
    "psycopg", reason="psycopg is not installed: pip install '.[postgres]' (bootstrap.sh does)"
)


def _server_bin() -> Path | None:
    found = sorted(Path("/usr/lib/postgresql").glob("*/bin/initdb"))
    if found:
        return found[-1].parent
    initdb = shutil.which("initdb")
    return Path(initdb).resolve().parent if initdb else None


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    """A throwaway PostgreSQL server on 127.0.0.1 (trust auth, fsync off), stopped after."""
    bindir = _server_bin()
    if bindir is None:
        pytest.skip(
            "PostgreSQL server binaries not found (apt-get install postgresql; "
            "scripts/bootstrap.sh does): PostgreSQL store tests skipped"
        )
    root = Path(tempfile.mkdtemp(prefix="assistant-pg-"))
    run_as: list[str] = []
    if os.geteuid() == 0:  # the server refuses to run as root
        user = "postgres"
        try:
            pwd.getpwnam(user)
        except KeyError:
            user = "nobody"
        shutil.chown(root, user)
        run_as = ["runuser", "-u", user, "--"]
    port = _free_port()
    data = root / "data"
    initdb = [str(bindir / "initdb"), "-D", str(data), "-A", "trust", "-U", "assistant"]
    subprocess.run([*run_as, *initdb, "-E", "UTF8", "--no-sync"], check=True, capture_output=True)
    options = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
    pg_ctl = [str(bindir / "pg_ctl"), "-D", str(data), "-l", str(root / "server.log")]
    started = subprocess.run(
        [*run_as, *pg_ctl, "-w", "-t", "120", "-o", options, "start"],
        capture_output=True,
        text=True,
    )
    if started.returncode != 0:
        log = (root / "server.log").read_text() if (root / "server.log").exists() else ""
        shutil.rmtree(root, ignore_errors=True)
        raise RuntimeError(f"PostgreSQL did not start: {started.stderr}\n{log}")
    try:
        yield f"postgresql://assistant@127.0.0.1:{port}"
    finally:
        subprocess.run([*run_as, *pg_ctl, "-m", "immediate", "stop"], capture_output=True)
        shutil.rmtree(root, ignore_errors=True)


_names = itertools.count()


@pytest.fixture
def pg_database(pg_url: str) -> Iterator[str]:
    """A fresh, empty database for one test."""
    name = f"t{next(_names)}"
    with psycopg.connect(f"{pg_url}/postgres", autocommit=True) as admin:
        admin.execute(f"CREATE DATABASE {name}")
    yield f"{pg_url}/{name}"
    with psycopg.connect(f"{pg_url}/postgres", autocommit=True) as admin:
        admin.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


@pytest.fixture
def store(pg_database: str) -> Iterator[Store]:
    s = open_store(pg_database)
    yield s
    s.close()


def test_open_store_by_url_gives_the_postgres_store(pg_database: str) -> None:
    from assistant.store.postgres_store import PostgresStore

    with open_store(pg_database.replace("postgresql://", "postgres://")) as s:
        assert isinstance(s, PostgresStore) and isinstance(s, Store)
        assert s.schema_version == LATEST_VERSION  # the same schema steps as SQLite
    from assistant.store.postgres_store import _without_password

    assert _without_password("postgresql://app:s3cret@db:5432/shop") == (
        "postgresql://app:***@db:5432/shop"
    )


def test_replicas_share_one_database(pg_database: str) -> None:
    """Two store objects (two app replicas) see each other's writes; migrating is idempotent."""
    a, b = open_store(pg_database), open_store(pg_database)
    try:
        a.add_event(Event("u1", "p1", "like", 1.0, 10.0))
        b.add_event(Event("u1", "p2", "purchase", 1.0, 20.0))
        b.upsert_user("u1", "Ann", personalization=False)
        assert [e.product_id for e in a.user_events("u1")] == ["p1", "p2"]
        assert a.personalization_enabled("u1") is False
        assert a.get_user("u1").display_name == "Ann"  # type: ignore[union-attr]
    finally:
        a.close()
        b.close()


def test_concurrent_replicas_starting_together_migrate_once(pg_database: str) -> None:
    errors: list[BaseException] = []

    def start() -> None:
        try:
            open_store(pg_database).close()
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=start) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with psycopg.connect(pg_database) as conn:
        versions = [r[0] for r in conn.execute("SELECT version FROM schema_version ORDER BY 1")]
    assert versions == list(range(1, LATEST_VERSION + 1))


def test_unreachable_server_is_a_clear_error(pg_url: str) -> None:
    port = _free_port()
    with pytest.raises(AssistantError, match="cannot connect to the PostgreSQL store"):
        open_store(f"postgresql://assistant@127.0.0.1:{port}/nothing")
    with pytest.raises(AssistantError, match="cannot connect"):
        open_store(f"{pg_url}/database_that_does_not_exist")

"""Many threads, several processes, and a writer killed mid-way: nothing committed is lost."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from assistant.events import Event
from assistant.store import SQLiteStore, open_store

WRITER = Path(__file__).with_name("store_writer.py")


def _writer(db: Path, tag: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, str(WRITER), str(db), tag, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_eight_threads_writing_lose_nothing(store: SQLiteStore) -> None:
    threads_n, per_thread = 8, 200
    errors: list[BaseException] = []
    start = threading.Barrier(threads_n)

    def work(t: int) -> None:
        try:
            start.wait()
            for i in range(per_thread):
                store.add_event(Event(f"t{t}", f"p{t}-{i}", "click", 1.0, float(i + 1)))
                if i % 50 == 0:
                    store.add_turn(f"s{t}", f"t{t}", "user", f"turn {i}")
                    store.user_events(f"t{t}", limit=5)
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(t,)) for t in range(threads_n)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert store.event_count() == threads_n * per_thread
    for t in range(threads_n):
        assert {e.product_id for e in store.iter_events(user_id=f"t{t}")} == {
            f"p{t}-{i}" for i in range(per_thread)
        }
        assert len(store.session_turns(f"s{t}")) == 4


def test_several_processes_writing_lose_nothing(db_path: Path) -> None:
    open_store(str(db_path)).close()
    procs = {tag: _writer(db_path, tag, "--count", "150") for tag in ("a", "b", "c")}
    for tag, proc in procs.items():
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err
        assert out.split()[-1] == "150", tag
    with open_store(str(db_path)) as store:
        assert store.event_count() == 450
        for tag in procs:
            assert {e.product_id for e in store.iter_events(user_id=tag)} == {
                f"{tag}-{i}-0" for i in range(150)
            }


@pytest.mark.parametrize("synchronous", ["NORMAL", "FULL"])
def test_killed_writer_loses_no_committed_event(db_path: Path, synchronous: str) -> None:
    batch = 25
    open_store(str(db_path)).close()
    proc = _writer(db_path, "k", "--batch", str(batch), "--synchronous", synchronous)
    assert proc.stdout is not None
    committed = 0
    while committed < 40:
        line = proc.stdout.readline()
        assert line, proc.stderr.read() if proc.stderr else "writer died"
        committed = int(line)
    os.kill(proc.pid, signal.SIGKILL)
    rest, _ = proc.communicate(timeout=30)
    assert proc.returncode == -signal.SIGKILL
    committed = max([committed, *(int(x) for x in rest.split())])

    conn = sqlite3.connect(db_path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    with open_store(str(db_path)) as store:
        stored = {e.product_id for e in store.iter_events(user_id="k")}
        expected = {f"k-{i}-{j}" for i in range(committed) for j in range(batch)}
        assert expected <= stored
        # a transaction the kill interrupted is either fully there or not at all
        assert len(stored) % batch == 0
        assert len(stored) <= len(expected) + batch
        store.add_event(Event("k", "after-kill", "view", 1.0, 1.0))  # still writable
        assert store.event_count() == len(stored) + 1

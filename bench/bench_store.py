"""Store and redaction throughput on this machine.

    .venv/bin/python bench/bench_store.py [--events 2000]

Prints events/s for one-commit-per-event writes (single thread and 8 threads) under
synchronous=NORMAL and FULL, batched writes, a full read, and redactions/s.
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
from pathlib import Path

from assistant.events import Event
from assistant.privacy import redact
from assistant.settings import StoreSettings
from assistant.store import open_store

MESSAGES = [
    "waterproof trail shoes under $100 in blue, size 10.5",
    "where is my order #A1093? it was due on 2024-03-15",
    "my email is jane.doe@example.com and phone +44 7700 900123",
    "I paid with 4111 1111 1111 1111 and want a refund of $1,299.99",
    "the second one, is it machine washable?",
]


def _rate(n: int, seconds: float) -> str:
    return f"{n / seconds:>10,.0f}/s  ({n} in {seconds:.2f} s)"


def bench_writes(folder: Path, synchronous: str, n: int) -> None:
    settings = StoreSettings(synchronous=synchronous)
    with open_store(str(folder / f"single-{synchronous}.db"), settings) as store:
        start = time.perf_counter()
        for i in range(n):
            store.add_event(Event("u1", f"p{i}", "click", 1.0, float(i + 1)))
        print(f"[{synchronous:6}] add_event, 1 thread:   {_rate(n, time.perf_counter() - start)}")

    with open_store(str(folder / f"threads-{synchronous}.db"), settings) as store:
        per_thread = max(1, n // 8)

        def work(t: int) -> None:
            for i in range(per_thread):
                store.add_event(Event(f"u{t}", f"p{i}", "click", 1.0, float(i + 1)))

        threads = [threading.Thread(target=work, args=(t,)) for t in range(8)]
        start = time.perf_counter()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        elapsed = time.perf_counter() - start
        assert store.event_count() == 8 * per_thread
        print(f"[{synchronous:6}] add_event, 8 threads:  {_rate(8 * per_thread, elapsed)}")


def bench_batch_and_read(folder: Path) -> None:
    n = 100_000
    events = [Event(f"u{i % 1000}", f"p{i % 5000}", "view", 1.0, float(i + 1)) for i in range(n)]
    with open_store(str(folder / "batch.db")) as store:
        start = time.perf_counter()
        store.add_events(events)
        print(f"[NORMAL] add_events (1 txn):   {_rate(n, time.perf_counter() - start)}")
        start = time.perf_counter()
        count = sum(1 for _ in store.iter_events())
        print(f"[NORMAL] iter_events:          {_rate(count, time.perf_counter() - start)}")
        start = time.perf_counter()
        for u in range(1000):
            store.user_events(f"u{u}", limit=50)
        print(f"[NORMAL] user_events(limit=50): {_rate(1000, time.perf_counter() - start)}")


def bench_redact() -> None:
    texts = MESSAGES * 4000
    start = time.perf_counter()
    for text in texts:
        redact(text)
    print(f"redact (mixed chat messages):  {_rate(len(texts), time.perf_counter() - start)}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=2000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        for mode in ("NORMAL", "FULL"):
            bench_writes(Path(tmp), mode, args.events)
        bench_batch_and_read(Path(tmp))
    bench_redact()


if __name__ == "__main__":
    main()

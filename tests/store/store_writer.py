"""A writer process for the store's concurrency and kill-safety tests.

``python store_writer.py DB TAG [--count N] [--batch B] [--synchronous MODE]`` writes events
for user TAG with product ids ``TAG-<i>-<j>``; after each committed transaction it prints the
number of committed transactions and flushes, so the parent knows what must have survived.
Without ``--count`` it loops until killed.
"""

from __future__ import annotations

import argparse
import itertools

from assistant.events import Event
from assistant.settings import StoreSettings
from assistant.store import open_store


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("db")
    parser.add_argument("tag")
    parser.add_argument("--count", type=int, default=0)
    parser.add_argument("--batch", type=int, default=1)
    parser.add_argument("--synchronous", default="NORMAL")
    args = parser.parse_args()
    store = open_store(args.db, StoreSettings(synchronous=args.synchronous))
    rounds = range(args.count) if args.count else itertools.count()
    for i in rounds:
        events = [
            Event(args.tag, f"{args.tag}-{i}-{j}", "click", 1.0, 1_700_000_000.0 + i)
            for j in range(args.batch)
        ]
        if args.batch == 1:
            store.add_event(events[0])
        else:
            store.add_events(events)
        print(i + 1, flush=True)
    store.close()


if __name__ == "__main__":
    main()

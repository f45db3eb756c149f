"""Support desk: policy citation accuracy, desk.run latency, and a report over a logged demo.

    .venv/bin/python bench/bench_support.py --demo DIR --index DIR --out DIR

``--demo`` is a directory written by ``assistant demo generate`` and ``--index`` an index of
its catalog (with the CF model in ``<index>/cf``, as the test fixture builds it). Prints:

1. citation accuracy of the drafted reply (top passage = an expected page > heading) on the
   scripted set (``tests/support/data/scripted_messages.jsonl``, used to choose
   ``support.alpha``) and on a held-out set written before that choice
   (``heldout_messages.jsonl``), plus page-level accuracy and recall@3;
2. policy index load time, cold (encoding) and warm (cached vectors);
3. ``desk.run`` latency p50 / p95 (NLU excluded) over the messages, one at a time;
4. a conversation log written through the real NLU + desk for demo shoppers over 14 days,
   the insight report over it (``--out``), and two example SupportInfo JSONs.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
DATA = REPO / "tests" / "support" / "data"
FLOWS = [
    ["where is my order?", "it is really late, this is so frustrating"],
    ["I want to return the shoes I bought, they are too small"],
    ["my headphones stopped working after two weeks, this is unacceptable"],
    ["do you ship to Canada?", "thanks!"],
    ["how long does a refund to PayPal take?"],
    ["the lamp arrived damaged, I'm very disappointed", "I want to speak to a person"],
    ["can I pay with Apple Pay?"],
    ["I found it cheaper at another shop, do you price match?"],
    ["my refund still hasn't arrived, I'm annoyed", "this is ridiculous, nobody helps me"],
    ["is the first one waterproof?"],
    ["hi", "running shoes under $100"],
    ["the jacket I got is the wrong size", "can I swap it for a medium?"],
]


def read_cases(name: str) -> list[dict[str, Any]]:
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def citation_accuracy(desk: Any, nlu: Any, cases: list[dict[str, Any]]) -> dict[str, float]:
    top1 = page = recall3 = 0
    for case in cases:
        hits = desk.policies.run(case["message"], nlu.run(case["message"]).intent, 3)
        labels = [f"{h.passage.page} > {h.passage.heading}" for h in hits]
        top1 += labels[0] in case["cite"]
        page += hits[0].passage.page in {c.split(" > ")[0] for c in case["cite"]}
        recall3 += any(label in case["cite"] for label in labels)
    n = len(cases)
    return {"n": n, "top1": top1 / n, "page": page / n, "recall@3": recall3 / n}


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--demo", required=True)
    parser.add_argument("--index", required=True)
    parser.add_argument("--out", required=True, help="report output directory")
    parser.add_argument("--sessions", type=int, default=80)
    args = parser.parse_args()

    from assistant.demo import REFERENCE_DATE
    from assistant.embedding import default_encoder
    from assistant.indexing.product_index import ProductIndex
    from assistant.nlu.pipeline import NLUPipeline
    from assistant.retrieval.product_search import ProductSearch, load_personalizer
    from assistant.settings import Settings
    from assistant.store import open_store
    from assistant.support.demo_orders import load_demo_orders
    from assistant.support.desk import SupportDesk
    from assistant.support.report import build_report
    from assistant.support.report_render import write_report
    from assistant.support.types import PastTurn, SupportRequest

    settings = Settings()
    settings.support.today = REFERENCE_DATE.date().isoformat()
    work = Path(tempfile.mkdtemp(prefix="bench-support-"))
    store = open_store(work / "store.sqlite3")
    load_demo_orders(store, args.demo)
    encoder = default_encoder()
    encoder.encode(["warm-up"])
    index = ProductIndex.load(args.index)
    search = ProductSearch(index, encoder, settings, load_personalizer(args.index, settings))
    nlu = NLUPipeline.load(encoder=encoder)

    for label in ("cold", "warm"):
        t = time.perf_counter()
        desk = SupportDesk.load(settings, store, search, index, policy_cache_dir=work / "cache")
        print(f"desk load ({label} policy cache): {time.perf_counter() - t:.2f} s")
    print(f"policy passages: {len(desk.policies.index.passages)}")

    for name in ("scripted_messages.jsonl", "heldout_messages.jsonl"):
        print(name, json.dumps(citation_accuracy(desk, nlu, read_cases(name))))

    messages = [c["message"] for c in read_cases("scripted_messages.jsonl")]
    messages += [m for flow in FLOWS for m in flow]
    users = [f"u{n:03d}" for n in range(1, 201)]
    rng = random.Random(0)
    analysed = [(m, nlu.run(m)) for m in messages]
    times = []
    parts: dict[str, list[float]] = {}
    for message, result in analysed * 2:
        request = SupportRequest(message, result, "bench", rng.choice(users))
        t = time.perf_counter()
        outcome = desk.run(request)
        times.append((time.perf_counter() - t) * 1000)
        for name, ms in outcome.timings_ms.items():
            parts.setdefault(name, []).append(ms)
    times.sort()
    print(
        "desk.run parts p50 ms:",
        {k: round(statistics.median(v), 1) for k, v in parts.items()},
        "| alternatives p50 when offered:",
        round(statistics.median([v for v in parts["alternatives"] if v > 1] or [0.0]), 1),
    )
    print(
        f"desk.run over {len(times)} messages: p50 {statistics.median(times):.1f} ms, "
        f"p95 {times[int(0.95 * len(times)) - 1]:.1f} ms, max {times[-1]:.1f} ms"
    )

    examples = log_conversations(
        store, desk, nlu, search, args.sessions, users, PastTurn, SupportRequest
    )
    Path(args.out).mkdir(parents=True, exist_ok=True)
    for key, info in examples.items():
        path = Path(args.out) / f"example_support_{key}.json"
        path.write_text(json.dumps(info, indent=1, ensure_ascii=False), encoding="utf-8")
        print(f"example SupportInfo ({key}): {path}")
    data = build_report(store.iter_turns())
    written = write_report(data, args.out, title="Cartwell customer insights (demo log)")
    print("report:", json.dumps(written.to_dict(), indent=1))
    print("report numbers:", json.dumps({k: v for k, v in data.to_dict().items() if k != "days"}))


def log_conversations(
    store, desk, nlu, search, sessions, users, PastTurn, SupportRequest
) -> dict[str, Any]:
    """Write ``sessions`` demo conversations into the store, spread over 14 days."""
    import assistant.store.sqlite_store as sqlite_store

    rng = random.Random(7)
    start = time.time() - 14 * 86400

    class Clock:
        now = start

        def __getattr__(self, name: str) -> Any:
            return getattr(time, name)

        def time(self) -> float:
            return self.now

    clock = Clock()
    sqlite_store.time = clock  # type: ignore[assignment]  # stamp turns on past days
    examples: dict[str, Any] = {}
    try:
        for n in range(sessions):
            clock.now = start + (n * 14 / sessions) * 86400
            user = rng.choice(users)
            flow = FLOWS[rng.randrange(len(FLOWS))]
            history: list[Any] = []
            for message in flow:
                clock.now += 60
                result = nlu.run(message)
                store.add_turn(f"b{n}", user, "user", message, result.intent, result.sentiment)
                data: dict[str, Any] = {"intent": result.intent, "sentiment": result.sentiment}
                if result.intent in ("order_status", "return_refund", "policy_question",
                                     "complaint", "human_agent"):  # fmt: skip
                    outcome = desk.run(SupportRequest(message, result, f"b{n}", user, history))
                    data["support"] = outcome.info.to_dict()
                    data["escalate"] = outcome.escalate
                    reply = outcome.reply
                    case = outcome.case
                    if outcome.escalate:
                        examples.setdefault("escalated", data["support"])
                    elif outcome.info.alternatives:
                        examples.setdefault("alternatives", data["support"])
                else:
                    found = search.run(message, k=3, user_id=user).products
                    data["products"] = [
                        {"product_id": p.product_id, "title": p.title} for p in found
                    ]
                    reply = "(shopping reply)"
                    case = None
                store.add_turn(f"b{n}", user, "assistant", reply, data=data)
                history.append(PastTurn(message, result.intent, result.sentiment, reply, case))
    finally:
        sqlite_store.time = time  # type: ignore[assignment]
    return examples


if __name__ == "__main__":
    sys.exit(main())

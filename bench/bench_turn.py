"""Turn latency without generation, and grounding of every shown reply, over scripted
conversations on the demo index.

    .venv/bin/python bench/bench_turn.py [--index index] [--conversations 48] [--threads 1]
        [--generator template|local|openai]

Latency = NLU + dialogue state + retrieval + re-rank (+ answer / compare building), i.e.
the turn's total minus reply generation, measured after a warm-up. Targets: p50 <= 60 ms,
p95 <= 150 ms. Grounding: every shown reply is checked against the products of its own turn
(the same check LLM drafts pass); target 0 violations.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from collections import Counter
from pathlib import Path

QUERIES = [
    "yoga mats under $60", "waterproof hiking boots", "running shoes", "coffee grinder",
    "noise cancelling headphones", "dog bed for a large dog", "backpacking tent",
    "sleeping bag for cold nights", "desk lamp", "office chair with lumbar support",
    "moisturiser for dry skin", "shampoo without fragrance", "cast iron pan",
    "travel backpack", "garden hose", "planters for a balcony", "cat scratching post",
    "building set for kids", "jigsaw puzzle 1000 pieces", "smart watch", "bike light",
    "winter jacket", "linen bedding", "camping stove", "leather handbag",
]  # fmt: skip
FOLLOW_UPS = [
    ["cheaper", "in blue", "is the second one waterproof?", "compare the first two"],
    ["only {brand}", "not leather", "tell me about the first one", "the cheaper one"],
    ["under $30", "compare 1 and 3", "how heavy is the first one?", "thanks, bye"],
    ["in black", "any colour", "is the third one machine washable?", "more expensive"],
]
WARM_UP = ["hello", "tents", "cheaper", "compare the first two", "is it waterproof?"]


def conversations(n: int) -> list[list[str]]:
    out = []
    for i in range(n):
        query = QUERIES[i % len(QUERIES)]
        out.append([query, *FOLLOW_UPS[i % len(FOLLOW_UPS)]])
    return out


def load(index: str, generator: str, threads: int):
    import torch

    from assistant.engine.assistant import Assistant
    from assistant.settings import Settings

    if threads:
        torch.set_num_threads(threads)
    settings = Settings.load()
    settings.data_dir = Path(tempfile.mkdtemp(prefix="bench-turn-"))
    settings.generation.backend = generator
    return Assistant.load(index, settings)


def grounding_violations(bot, turn) -> list[str]:
    """Check the shown reply against its own turn's products (as LLM drafts are checked)."""
    from assistant.generation.types import ProductFacts, ReplyPlan

    if turn.intent in (
        "order_status",
        "return_refund",
        "policy_question",
        "complaint",
        "human_agent",
    ):
        return []  # support replies come from the support desk's own facts
    records = [bot.index.product_by_id(p.product_id) for p in turn.products]
    facts = [ProductFacts.from_record(n, r) for n, r in enumerate(records, 1) if r is not None]
    numbers = [v for k, v in turn.constraints.items() if k in ("price_min", "price_max")]
    words = [turn.constraints.get("query", ""), *map(str, turn.constraints.values())]
    plan = ReplyPlan(kind="check", template="", products=facts, request=" ".join(words),
                     allowed_numbers=numbers)  # fmt: skip
    return bot._runtime.checker.check(turn.reply, plan).violations


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--index", default="index")
    parser.add_argument("--conversations", type=int, default=48)
    parser.add_argument("--threads", type=int, default=1, help="torch threads (0 = default)")
    parser.add_argument("--generator", default="template", choices=("template", "local", "openai"))
    args = parser.parse_args()

    started = time.perf_counter()
    bot = load(args.index, args.generator, args.threads)
    print(f"load: {time.perf_counter() - started:.1f} s ({len(bot.index)} products)")
    for text in WARM_UP:
        bot.respond(text, "warm-up")
    latencies: list[float] = []
    by_intent: dict[str, list[float]] = {}
    violations: list[tuple[str, str, list[str]]] = []
    generators: Counter[str] = Counter()
    turns = 0
    brands = list(bot.index.products["brand"].value_counts().index[:5])
    parts: dict[str, list[float]] = {"nlu": [], "retrieve": [], "rerank": [], "state": []}
    for n, script in enumerate(conversations(args.conversations)):
        session = uuid.uuid4().hex
        bot._runtime.search.retriever.encoder.clear()  # scripts repeat: no cross-talk hits
        for text in script:
            text = text.replace("{brand}", brands[n % len(brands)])
            turn = bot.respond(text, session, user_id=f"bench-{n % 7}")
            turns += 1
            generators[turn.generator] += 1
            t = turn.timings_ms
            core = t["total"] - t.get("generate", 0.0)
            latencies.append(core)
            for key, values in parts.items():
                values.append(t.get(key, 0.0))
            by_intent.setdefault(turn.intent, []).append(core)
            found = grounding_violations(bot, turn)
            if found:
                violations.append((text, turn.reply, found))
    q = statistics.quantiles(latencies, n=100)
    print(f"conversations: {args.conversations}, turns: {turns}, generator: {args.generator}")
    print(
        f"turn latency without generation: p50 {statistics.median(latencies):.1f} ms, "
        f"p95 {q[94]:.1f} ms, mean {statistics.fmean(latencies):.1f} ms (targets 60 / 150)"
    )
    print(
        "  mean per stage: "
        + ", ".join(f"{k} {statistics.fmean(v):.1f} ms" for k, v in parts.items())
    )
    for intent, values in sorted(by_intent.items()):
        print(f"  {intent:16s} n={len(values):3d} p50 {statistics.median(values):7.1f} ms")
    print(f"replies worded by: {dict(generators)}")
    print(f"generation metrics: {bot.metrics['generation']}")
    print(f"grounding violations in shown replies: {len(violations)} (target 0)")
    for text, reply, found in violations[:10]:
        print(f"  {text!r}: {found} <- {reply[:160]!r}", file=sys.stderr)
    bot.close()


if __name__ == "__main__":
    main()

"""Local LLM reply timings and grounding over scripted conversations.

    .venv/bin/python bench/bench_generation.py [--index index] [--conversations 40]
        [--max-new-tokens 60] [--threads 0]

Runs the scripted conversations of ``bench_turn.py`` through the Assistant with the local
SmolLM2-135M backend and prints: model load time; per LLM-worded turn the time from the
start of the turn to the first streamed chunk (the code-written opening), to the model's
first token and to the full reply (targets: first token <= 1.5 s, full reply <= 6 s);
how many drafts were shown / replaced by the template; and grounding violations in the
replies actually shown (target 0).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

from bench_turn import conversations, grounding_violations


class TimedGenerator:
    """Wraps a generator and notes when its first raw token arrived."""

    def __init__(self, inner) -> None:
        self.inner = inner
        self.name = inner.name
        self.first_token_at: float | None = None

    def stream(self, plan) -> Iterator[str]:
        for n, piece in enumerate(self.inner.stream(plan)):
            if n == 0:
                self.first_token_at = time.perf_counter()
            yield piece


def pct(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1] if len(values) > 1 else values[0]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--index", default="index")
    parser.add_argument("--conversations", type=int, default=40)
    parser.add_argument("--max-new-tokens", type=int, default=60)
    parser.add_argument("--threads", type=int, default=0, help="torch threads (0 = default)")
    args = parser.parse_args()

    import torch

    from assistant.engine.assistant import Assistant
    from assistant.engine.turn import Turn
    from assistant.generation.local_llm import LocalGenerator
    from assistant.settings import Settings

    if args.threads:
        torch.set_num_threads(args.threads)
    settings = Settings.load()
    settings.data_dir = Path(tempfile.mkdtemp(prefix="bench-gen-"))
    settings.generation.backend = "local"
    settings.generation.max_new_tokens = args.max_new_tokens
    settings.generation.timeout_s = 120
    local = LocalGenerator(settings.generation)
    started = time.perf_counter()
    local.load()
    print(f"local LLM load: {time.perf_counter() - started:.1f} s (cached safetensors)")
    timed = TimedGenerator(local)
    bot = Assistant.load(args.index, settings, generator=timed)
    bot.respond("tents", "warm-up")

    first_chunk: list[float] = []
    first_token: list[float] = []
    full: list[float] = []
    violations = 0
    turns = 0
    brands = list(bot.index.products["brand"].value_counts().index[:5])
    for n, script in enumerate(conversations(args.conversations)):
        session = uuid.uuid4().hex
        for text in script:
            text = text.replace("{brand}", brands[n % len(brands)])
            timed.first_token_at = None
            t0 = time.perf_counter()
            chunk_at = None
            turn = None
            for item in bot.stream(text, session, user_id=f"bench-{n % 7}"):
                if isinstance(item, Turn):
                    turn = item
                elif chunk_at is None:
                    chunk_at = time.perf_counter()
            done = time.perf_counter()
            assert turn is not None
            turns += 1
            if timed.first_token_at is not None:  # the LLM was asked to word this reply
                first_chunk.append((chunk_at or done) - t0)
                first_token.append(timed.first_token_at - t0)
                full.append(done - t0)
            found = grounding_violations(bot, turn)
            violations += bool(found)
            if found:
                print(f"  violation {text!r}: {found} <- {turn.reply[:160]!r}", file=sys.stderr)
        if full:
            print(
                f"  {n + 1}/{args.conversations} conversations: LLM turns {len(full)}, first token"
                f" p50 {statistics.median(first_token):.2f} s, full p50 {statistics.median(full):.2f}"
                f" s, violations shown {violations}, metrics {bot.metrics['generation']['drafts']}"
                f"/{bot.metrics['generation']['grounded']}/{bot.metrics['generation']['fallbacks']}"
                f"/{bot.metrics['generation']['errors']}",
                file=sys.stderr,
            )
    m = bot.metrics["generation"]
    print(f"conversations: {args.conversations}, turns: {turns}, LLM-worded turns: {len(full)}")
    if full:
        print(
            f"first streamed chunk (opening): p50 {statistics.median(first_chunk):.2f} s, "
            f"p95 {pct(first_chunk, 95):.2f} s"
        )
        print(
            f"first LLM token: p50 {statistics.median(first_token):.2f} s, "
            f"p95 {pct(first_token, 95):.2f} s (target 1.5 s)"
        )
        print(
            f"full reply: p50 {statistics.median(full):.2f} s, p95 {pct(full, 95):.2f} s "
            "(target 6 s)"
        )
    print(
        f"drafts: {m['drafts']}, shown as written: {m['grounded']}, replaced after a failed "
        f"check: {m['fallbacks']}, backend errors/empty: {m['errors']}"
    )
    print(f"grounding violations in shown replies: {violations} (target 0)")
    bot.close()


if __name__ == "__main__":
    main()

"""Per-utterance NLU latency (intent + sentiment + entities) after warm-up.

    .venv/bin/python bench/bench_nlu.py [--rounds 5] [--threads 1] [--backend torch|onnx]
        [--blas-threads 1]

Prints p50 / p95 / mean milliseconds of ``NLUPipeline.run`` (one message at a time, the
way the chat app calls it), with a catalog vocabulary of a few hundred brands, and the load
average beside them (the figures mean little on a loaded machine). ``--backend`` picks the
encoder (``settings.embedding.backend``): ``onnx`` gives the same vectors as ``torch``
(within 2e-4, docs/scaling.md) so the shipped heads apply unchanged; ``onnx-int8`` changes
the vectors and was not validated against the heads.
"""

from __future__ import annotations

import argparse
import os
import statistics
import time

MESSAGES = [
    "waterproof hiking boots under 100",
    "cheaper",
    "in blue",
    "only Nike",
    "is the second one machine washable?",
    "compare the first two",
    "where's my order #A1093, it's been two weeks",
    "I want to return these shoes, they're too small",
    "this is the worst service ever, nobody answers my emails",
    "what payment methods do you accept",
    "let me talk to a human",
    "hi there",
    "thanks, bye",
    "write me a poem about the sea",
    "The North Face jacket in navy, size M, between 150 and 250 dollars, not down",
    "do you have any addidas sneakers around 80 bucks",
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--threads", type=int, default=1, help="encoder threads (0 = default)")
    parser.add_argument("--backend", default="torch", choices=("torch", "onnx", "onnx-int8"))
    parser.add_argument(
        "--blas-threads", type=int, default=1, help="numpy BLAS threads, as the app sets them"
    )
    args = parser.parse_args()

    import pandas as pd
    import torch

    if args.threads:
        torch.set_num_threads(args.threads)
    from assistant.embedding import default_encoder
    from assistant.nlu import CatalogVocabulary, NLUPipeline

    brands = [f"Brand{i:03d}" for i in range(300)] + ["Nike", "Adidas", "The North Face", "Levi's"]
    df = pd.DataFrame(
        {
            "brand": brands,
            "color": (["Black", "Navy Blue", "Red", "White"] * 100)[: len(brands)],
            "size": (["S", "M", "L", "XL", "10"] * 100)[: len(brands)],
            "category": (["Shoes > Sneakers", "Clothing > Jackets", "Outdoor > Tents"] * 200)[
                : len(brands)
            ],
        }
    )
    encoder = default_encoder(args.backend, 64, args.threads)
    encoder.encode(["warm-up"])
    start = time.perf_counter()
    pipeline = NLUPipeline.load(CatalogVocabulary.from_products(df), encoder=encoder)
    load_ms = (time.perf_counter() - start) * 1000
    from assistant.embedding.threads import limit_blas_threads

    limit_blas_threads(args.blas_threads)
    for text in MESSAGES:  # warm-up
        pipeline.run(text)
    timings = []
    entity_timings = []
    for _ in range(args.rounds):
        for text in MESSAGES:
            t0 = time.perf_counter()
            pipeline.run(text)
            timings.append((time.perf_counter() - t0) * 1000)
            t1 = time.perf_counter()
            pipeline.extractor.extract(text)
            entity_timings.append((time.perf_counter() - t1) * 1000)
    timings.sort()
    p95 = timings[int(0.95 * (len(timings) - 1))]
    print(
        f"backend {args.backend}, threads {args.threads}, blas threads {args.blas_threads}, "
        f"load average {os.getloadavg()}"
    )
    print(f"pipeline load (encoder already loaded): {load_ms:.1f} ms")
    print(
        f"nlu run per utterance: n={len(timings)} p50={statistics.median(timings):.2f} ms "
        f"p95={p95:.2f} ms mean={statistics.mean(timings):.2f} ms (target <= 15 ms)"
    )
    print(f"entities alone: p50={statistics.median(entity_timings):.3f} ms")


if __name__ == "__main__":
    main()

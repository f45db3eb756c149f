"""Encoder backends on the same texts in one run: throughput and top-10 search overlap.

    HF_HUB_OFFLINE=1 nice -n 10 .venv/bin/python bench/bench_encoder.py [--n 3000] [--threads 2]

Corpus: product titles and queries: search terms of ``../shared/data/homedepot/dev.csv``
(real shop data); without it the demo catalog's texts and titles. Every backend encodes the
same corpus (after one warm-up batch); the overlap is |top10(backend) & top10(torch)| / 10 per
query, each backend searching its own vectors exactly, averaged over the queries.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from assistant.embedding.encoder import BACKENDS, Encoder  # noqa: E402

HOMEDEPOT = REPO.parent / "shared" / "data" / "homedepot" / "dev.csv"


def load_texts(n: int, n_queries: int) -> tuple[list[str], list[str], str]:
    import pandas as pd

    if HOMEDEPOT.is_file():
        frame = pd.read_csv(HOMEDEPOT)
        corpus = frame["product_title"].drop_duplicates().head(n).astype(str).tolist()
        queries = frame["search_term"].drop_duplicates().head(n_queries).astype(str).tolist()
        return corpus, queries, "homedepot titles / search terms"
    from assistant.catalog import load_catalog
    from assistant.demo import generate_demo

    out = REPO / ".cache" / "bench-demo"
    if not (out / "catalog.jsonl").is_file():
        generate_demo(out)
    products = load_catalog(out / "catalog.jsonl").products[:n]
    corpus = [p.dense_text() for p in products]
    queries = [p.title for p in products[:n_queries]]
    return corpus, queries, "demo catalog dense texts / titles"


def top10(corpus: np.ndarray, queries: np.ndarray) -> np.ndarray:
    scores = queries @ corpus.T
    return np.argsort(-scores, axis=1)[:, :10]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=3000, help="corpus texts")
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--backends", nargs="+", default=list(BACKENDS))
    args = parser.parse_args()
    corpus, queries, source = load_texts(args.n, args.queries)
    words = np.mean([len(t.split()) for t in corpus])
    print(
        f"corpus: {len(corpus)} texts ({source}, {words:.1f} words avg), "
        f"{len(queries)} queries, threads={args.threads}, batch={args.batch_size}"
    )
    results: dict[str, dict[str, object]] = {}
    for backend in args.backends:
        enc = Encoder(backend, batch_size=args.batch_size, threads=args.threads)
        enc.encode(corpus[:64])  # load + warm up (export on first use is not timed)
        t = time.perf_counter()
        vectors = enc.encode(corpus)
        seconds = time.perf_counter() - t
        t = time.perf_counter()
        for q in queries[:100]:
            enc.encode([q])
        query_ms = (time.perf_counter() - t) * 1000 / min(100, len(queries))
        qv = enc.encode(queries)
        results[backend] = {
            "rate": len(corpus) / seconds,
            "seconds": seconds,
            "query_ms": query_ms,
            "vectors": vectors,
            "top": top10(vectors, qv),
        }
    base = results[args.backends[0]]
    print(
        f"\n| backend | texts/s | corpus s | 1 query ms | speed-up vs {args.backends[0]} "
        f"| top-10 overlap | min cosine to {args.backends[0]} |"
    )
    print("|---|---|---|---|---|---|---|")
    for backend, r in results.items():
        overlap = np.mean(
            [
                len(set(a) & set(b)) / 10
                for a, b in zip(r["top"], base["top"], strict=True)  # type: ignore[call-overload]
            ]
        )
        cosine = float(np.min(np.sum(r["vectors"] * base["vectors"], axis=1)))  # type: ignore[operator]
        print(
            f"| {backend} | {r['rate']:.1f} | {r['seconds']:.2f} | {r['query_ms']:.2f} "
            f"| {r['rate'] / base['rate']:.2f}x | {overlap:.4f} | {cosine:.4f} |"
        )  # type: ignore[operator]


if __name__ == "__main__":
    main()

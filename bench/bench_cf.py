"""CF benchmarks (prints numbers; no asserts): ``python bench/bench_cf.py [--data PARQUET]``.

1. train time of the shipped model on Online Retail (events -> matrix -> fit -> save), the
   same work as ``assistant cf train`` (target <= 30 s);
2. re-rank of 100 candidates (target <= 5 ms): p50 / p95 over many users, each user's first
   call (cold: solves the user's vector) and a repeat call (warm).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

from assistant.embedding.threads import limit_blas_threads
from assistant.eval.cf import load_online_retail
from assistant.recommend.interactions import InteractionMatrix
from assistant.recommend.persistence import build_recommender
from assistant.recommend.personalizer import Personalizer
from assistant.recommend.session_knn import SessionKNNRecommender
from assistant.rerank import Reranker
from assistant.retrieval.types import Filters, SearchHit
from assistant.settings import Settings

DEFAULT = (
    Path(__file__).resolve().parents[1].parent
    / "shared/data/online_retail/online_retail_2010_2011.parquet"
)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", default=str(DEFAULT))
    parser.add_argument("--users", type=int, default=300)
    args = parser.parse_args()
    cfg = Settings.load().cf
    frame = load_online_retail(args.data).drop(columns=["invoice"])
    print(f"events: {len(frame)}  model: {cfg.model}", file=sys.stderr)

    start = time.perf_counter()
    model = build_recommender(cfg.model, cfg).fit(
        InteractionMatrix.from_frame(frame, cfg.event_weights)
    )
    fitted = time.perf_counter()
    session = SessionKNNRecommender(cfg.knn_neighbours, event_weights=cfg.event_weights)
    session.fit(InteractionMatrix.from_frame(frame, cfg.event_weights))
    personalizer = Personalizer(model, session)
    with tempfile.TemporaryDirectory() as tmp:
        personalizer.save(tmp)
        saved = time.perf_counter()
        loaded = Personalizer.load(tmp, cfg)
        load_s = time.perf_counter() - saved
    print(
        f"train: model fit {fitted - start:.2f} s, with session model + save {saved - start:.2f} s (target <= 30 s); load {load_s:.2f} s"
    )

    # as in the app: small matrix products run on one BLAS thread (settings.embedding)
    limit_blas_threads(Settings.load().embedding.blas_threads)
    rng = np.random.default_rng(0)
    items = loaded.model.data.item_ids
    users = [u for u in loaded.model.data.user_ids if loaded.model.knows_user(u)]
    reranker = Reranker(Settings.load().rerank, loaded)
    cold, warm = [], []
    for user in rng.choice(users, size=min(args.users, len(users)), replace=False):
        pick = rng.choice(len(items), size=100, replace=False)
        hits = [
            SearchHit(
                items[i],
                int(i),
                float(rng.random()),
                matched_terms=["gift"],
                product={
                    "title": f"product {items[i]} gift set",
                    "brand": f"b{i % 7}",
                    "price": float(i % 50),
                    "rating": 4.0,
                    "review_count": int(i),
                },
            )
            for i in pick
        ]
        for bucket in (cold, warm):
            t = time.perf_counter()
            reranker.run(hits, str(user), [], Filters(price_max=40), k=10)
            bucket.append((time.perf_counter() - t) * 1000)
    for name, xs in (("cold", cold), ("warm", warm)):
        xs.sort()
        print(
            f"rerank 100 candidates ({name}): p50 {statistics.median(xs):.2f} ms, p95 {xs[int(0.95 * len(xs))]:.2f} ms (target <= 5 ms)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Profile costs on the demo shop: refresh, prepare_turn, and re-rank with vs without profile.

    nice -n 10 .venv/bin/python bench/bench_profile.py [--users 50] [--hits 60]

Builds a throw-away store from a freshly generated demo shop; the hits are 60 products of
the shopper's favourite category with relevance falling by position (no encoder needed).
Prints p50 / p95 in milliseconds.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from assistant.demo import generate_demo
from assistant.profile import ShopperProfiles
from assistant.profile.catalog import brands_of, products_from_catalog
from assistant.rerank import Reranker
from assistant.retrieval.types import Filters, SearchHit
from assistant.settings import RerankSettings
from assistant.store import open_store


def pct(values: list[float]) -> str:
    values = sorted(values)
    p95 = values[min(len(values) - 1, int(0.95 * len(values)))]
    return f"p50 {statistics.median(values):7.2f} ms   p95 {p95:7.2f} ms"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--hits", type=int, default=60)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="bench-profile-"))
    demo = generate_demo(work / "demo")
    products = products_from_catalog(demo.catalog_path)
    store = open_store(work / "store.sqlite3")
    store.import_events(demo.interactions_path)
    t = time.perf_counter()
    profiles = ShopperProfiles(store, products.get, brands_of(products))
    print(f"ShopperProfiles() incl. scenario classifier fit: {time.perf_counter() - t:.2f} s")
    users = sorted({e.user_id for e in store.iter_events()})[: args.users]
    refresh, prepare, plain_ms, profiled_ms = [], [], [], []
    reranker = Reranker(RerankSettings())
    for user in users:
        t = time.perf_counter()
        profiles.service.refresh(user)
        refresh.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        prep = profiles.prepare_turn(user, ["show me something nice", "cheaper, in my size"])
        prepare.append((time.perf_counter() - t) * 1000)
        cats = prep.profile.categories()
        wanted = str(cats[0].value) if cats else ""
        pool = [p for p in products.values() if str(p.get("category", "")).startswith(wanted)]
        hits = [
            SearchHit(str(p["product_id"]), n, 0.9 - n * 0.005, product=p)
            for n, p in enumerate(pool[: args.hits])
        ]
        t = time.perf_counter()
        reranker.run(hits, user, [], Filters(), k=10)
        plain_ms.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        reranker.run(hits, user, [], Filters(), k=10, profile=prep.context)
        profiled_ms.append((time.perf_counter() - t) * 1000)
    print(f"users {len(users)}, hits {args.hits}")
    print(f"refresh (derive + write facts)  {pct(refresh)}")
    print(f"prepare_turn (capture, load, scenario) {pct(prepare)}")
    print(f"re-rank without profile         {pct(plain_ms)}")
    print(f"re-rank with profile            {pct(profiled_ms)}")
    store.close()


if __name__ == "__main__":
    main()

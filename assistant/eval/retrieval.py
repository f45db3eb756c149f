"""Retrieval evaluation on the Home Depot relevance dev set (../shared/data/homedepot/dev.csv).

Catalog: every distinct product_uid with its title. Each distinct search term is run against
the whole catalog, the top 100 kept. Condensed nDCG@10 (unjudged products dropped, gain =
relevance - 1) and Recall@10 / Recall@50 of products judged >= 2.5 on the full list.
"""

from __future__ import annotations

import csv
import sys
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from tqdm import tqdm

from assistant.errors import AssistantError
from assistant.eval.ranking_metrics import condensed_ndcg, recall_at_k
from assistant.retrieval.types import Filters
from assistant.settings import Settings

DEPTH = 100
RELEVANT = 2.5


@dataclass
class RetrievalScores:
    method: str
    ndcg_at_10: float
    recall_at_10: float
    recall_at_50: float
    queries: int

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class DevSet:
    titles: dict[str, str]  # product_uid -> title
    judgments: dict[str, dict[str, float]]  # query -> product_uid -> gain (relevance - 1)
    relevant: dict[str, set[str]]  # query -> products judged >= 2.5


def load_dev(path: Path, limit: int | None = None) -> DevSet:
    if not path.is_file():
        raise AssistantError(f"dev file not found: {path}")
    titles: dict[str, str] = {}
    judgments: dict[str, dict[str, float]] = {}
    relevant: dict[str, set[str]] = {}
    with path.open(encoding="utf-8", errors="replace", newline="") as fh:
        for row in csv.DictReader(fh):
            uid, query = row["product_uid"], row["search_term"].strip()
            titles.setdefault(uid, row["product_title"])
            rel = float(row["relevance"])
            judgments.setdefault(query, {})[uid] = rel - 1.0
            if rel >= RELEVANT:
                relevant.setdefault(query, set()).add(uid)
    if limit is not None:
        keep = sorted(judgments)[:limit]
        judgments = {q: judgments[q] for q in keep}
        relevant = {q: relevant[q] for q in keep if q in relevant}
    return DevSet(titles, judgments, relevant)


def score_rankings(name: str, rankings: dict[str, list[str]], dev: DevSet) -> RetrievalScores:
    queries = list(dev.judgments)
    ndcg = sum(condensed_ndcg(rankings[q], dev.judgments[q], 10) for q in queries) / len(queries)
    rq = [q for q in queries if q in dev.relevant]
    r10 = sum(recall_at_k(rankings[q], dev.relevant[q], 10) for q in rq) / max(len(rq), 1)
    r50 = sum(recall_at_k(rankings[q], dev.relevant[q], 50) for q in rq) / max(len(rq), 1)
    return RetrievalScores(name, round(ndcg, 4), round(r10, 4), round(r50, 4), len(queries))


def build_dev_index(dev: DevSet, cache_dir: Path, settings: Settings) -> Path:
    """Index of the dev catalog (titles only), cached: an unchanged catalog is not re-embedded."""
    from assistant.catalog.validation import load_catalog
    from assistant.indexing.builder import IndexBuilder

    cache_dir.mkdir(parents=True, exist_ok=True)
    catalog_file = cache_dir / "catalog.csv"
    rows = sorted(dev.titles.items(), key=lambda kv: int(kv[0]) if kv[0].isdigit() else kv[0])
    text = "product_id,title\n" + "".join(f"{uid},{_csv_cell(title)}\n" for uid, title in rows)
    if not catalog_file.is_file() or catalog_file.read_text(encoding="utf-8") != text:
        catalog_file.write_text(text, encoding="utf-8")
    catalog = load_catalog(catalog_file)
    IndexBuilder(settings).build(catalog, cache_dir / "index")
    return cache_dir / "index"


def evaluate(
    dev_file: Path,
    settings: Settings,
    cache_dir: Path,
    methods: tuple[str, ...] = ("lexical", "dense", "hybrid"),
    limit: int | None = None,
) -> list[RetrievalScores]:
    from assistant.embedding.encoder import default_encoder
    from assistant.indexing.product_index import ProductIndex
    from assistant.retrieval.hybrid import HybridRetriever

    dev = load_dev(dev_file, limit)
    index = ProductIndex.load(build_dev_index(dev, cache_dir, settings))
    e = settings.embedding
    encoder = default_encoder(e.backend, e.batch_size, e.threads)
    queries = list(dev.judgments)
    vectors = encoder.encode(queries)
    ids = index.products["product_id"].tolist()
    results = []
    for method in methods:
        retriever = HybridRetriever(index, encoder, settings.retrieval, mode=method)
        rankings = {}
        for q, v in tqdm(
            list(zip(queries, vectors, strict=True)), desc=method, file=sys.stderr, leave=False
        ):
            ranking = retriever.rank(q, v if method != "lexical" else None, Filters(), DEPTH)
            rankings[q] = [ids[r] for r in ranking.rows]
        name = {"lexical": "bm25", "dense": "dense (MiniLM)", "hybrid": "hybrid (shipped)"}[method]
        results.append(score_rankings(name, rankings, dev))
    return results


def _csv_cell(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'

"""Retrieval followed by the shopper's re-ranking: the search stage shared by the CLI and the
conversation engine."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.embedding.encoder import Encoder
from assistant.indexing.product_index import ProductIndex
from assistant.recommend.persistence import MANIFEST
from assistant.recommend.personalizer import Personalizer
from assistant.rerank.reranker import RankedProduct, Reranker
from assistant.rerank.result_order import order_results
from assistant.retrieval.features import lacks, wanted_features
from assistant.retrieval.hybrid import HybridRetriever
from assistant.retrieval.types import Filters, SearchHit
from assistant.settings import Settings

if TYPE_CHECKING:
    from assistant.profile.scoring import ProfileContext

CF_DIR = "cf"
# hits handed to the re-ranker per requested product
OVERFETCH = 5
MIN_CANDIDATES = 50


@dataclass
class SearchResult:
    products: list[RankedProduct]
    hits: list[SearchHit]  # retrieval order, before re-ranking
    timings_ms: dict[str, float] = field(default_factory=dict)


def load_personalizer(index_dir: str | Path, settings: Settings) -> Personalizer | None:
    """The CF model trained beside the index (``<index_dir>/cf``), or None if there is none."""
    directory = Path(index_dir) / CF_DIR
    if not (directory / MANIFEST).is_file():
        return None
    return Personalizer.load(directory, settings.cf)


class ProductSearch:
    """Component: ``run(text, filters, k, user_id, session_items) -> SearchResult``."""

    def __init__(
        self,
        index: ProductIndex,
        encoder: Encoder,
        settings: Settings,
        personalizer: Personalizer | None = None,
        mode: str = "hybrid",
        only_matches: bool = False,
    ) -> None:
        """``only_matches``: leave out products too far from the query to call a match
        (``matches``; the conversation shows no cat scratching post for "something nice"); the
        operator's ``assistant search`` lists the top ``k`` with their scores either way."""
        self.index = index
        self.retriever = HybridRetriever(index, encoder, settings.retrieval, mode=mode)
        ids = index.products["product_id"]
        titles = dict(zip(ids, index.products["title"], strict=True))
        categories = index.products.get("category")
        kinds = {  # the top level of each product's category, where it has one
            pid: kind
            for pid, cat in zip(ids, [] if categories is None else categories, strict=False)
            if (kind := str(cat or "").split(">")[0].strip().lower())
        }
        self.reranker = Reranker(settings.rerank, personalizer, titles, kinds)
        self.price_order_gate = settings.rerank.price_order_gate
        self.rating_prior = (
            settings.rerank.rating_order_prior,
            settings.rerank.rating_order_prior_reviews,
        )
        self.only_matches = only_matches
        self.min_dense = settings.retrieval.min_dense
        self.min_dense_no_words = settings.retrieval.min_dense_no_words
        self.min_word_share = settings.retrieval.min_word_share

    def matches(self, hit: SearchHit) -> bool:
        """A close enough product to show as a match (lexical-only hits always are): near the
        query's meaning, or near enough and sharing a word with it, or having most words it
        searched for ("hedphones" is far from headphones in meaning, typo and all, but has
        the fixed word; frying pans share only "coat" with "winter coat")."""
        if hit.dense is None or hit.dense >= self.min_dense_no_words:
            return True
        if hit.lexical is None:
            return False
        return hit.dense >= self.min_dense or hit.coverage >= self.min_word_share

    def far(self, text: str, hits: Sequence[SearchHit]) -> set[str]:
        """The hits that are no match for ``text``: too far from it (``matches``), or listed
        as lacking a feature it asks for ("waterproof tent": a tent with waterproof: no)."""
        features = wanted_features(text)
        return {h.product_id for h in hits if not self.matches(h) or lacks(h.product, features)}

    def run(
        self,
        text: str,
        filters: Filters | None = None,
        k: int = 10,
        user_id: str | None = None,
        session_items: Sequence[str] = (),
        named_product_ids: Sequence[str] = (),
        profile: ProfileContext | None = None,
        order: str | None = None,
        only_matches: bool | None = None,
    ) -> SearchResult:
        """``order`` (one of ``RESULT_ORDERS``: by price, weight or rating) orders the close
        matches (``rerank.price_order_gate``) instead of by the re-ranker's score.
        ``only_matches`` overrides the constructor's for this search ("anything in blue under
        $20" names no product to be close to: its filters decide)."""
        if k < 1:
            raise ValueError("k must be >= 1")
        filters = filters or Filters()
        t0 = time.perf_counter()
        hits = self.retriever.run(text, filters, max(k * OVERFETCH, MIN_CANDIDATES))
        t1 = time.perf_counter()
        cut = self.only_matches if only_matches is None else only_matches
        far = self.far(text, hits) if cut else set()
        keep = len(hits) if order else k
        products = self.rerank(
            hits, filters, max(len(hits) if far else keep, 1), user_id, session_items,
            named_product_ids, profile,
        )  # fmt: skip
        if far:  # ranked among all candidates (the order they have without the cut), then cut
            products = [p for p in products if p.product_id not in far][:keep]
            hits = [h for h in hits if h.product_id not in far]
        if order:
            products = order_results(products, order, k, self.price_order_gate, self.rating_prior)
        t2 = time.perf_counter()
        return SearchResult(
            products,
            hits,
            {"retrieve": round((t1 - t0) * 1000, 2), "rerank": round((t2 - t1) * 1000, 2)},
        )

    def run_batch(
        self,
        texts: Sequence[str],
        filters: Filters | None = None,
        k: int = 10,
        user_id: str | None = None,
    ) -> list[SearchResult]:
        """Many queries with the same filters and shopper: the queries are encoded in one batch,
        then each is retrieved and re-ranked. ``retrieve`` timings are each query's share of
        the batch."""
        if k < 1:
            raise ValueError("k must be >= 1")
        if not texts:
            return []
        filters = filters or Filters()
        t0 = time.perf_counter()
        batch = self.retriever.run_batch(texts, filters, max(k * OVERFETCH, MIN_CANDIDATES))
        share = round((time.perf_counter() - t0) * 1000 / len(texts), 2)
        results = []
        for text, hits in zip(texts, batch, strict=True):
            t1 = time.perf_counter()
            far = self.far(text, hits) if self.only_matches else set()
            products = self.rerank(hits, filters, len(hits) if far else k, user_id)
            products = [p for p in products if p.product_id not in far][:k]
            hits = [h for h in hits if h.product_id not in far]
            rerank_ms = round((time.perf_counter() - t1) * 1000, 2)
            results.append(SearchResult(products, hits, {"retrieve": share, "rerank": rerank_ms}))
        return results

    def rerank(
        self,
        hits: list[SearchHit],
        filters: Filters,
        k: int,
        user_id: str | None = None,
        session_items: Sequence[str] = (),
        named_product_ids: Sequence[str] = (),
        profile: ProfileContext | None = None,
    ) -> list[RankedProduct]:
        vectors = self.index.vectors[[h.row for h in hits]] if hits else None
        return self.reranker.run(
            hits, user_id, list(session_items), filters, named_product_ids, k, vectors, profile
        )

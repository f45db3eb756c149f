"""Replacement or alternative products for an item being returned or reported broken.

Same category, in stock, similar price (within ``price_band`` of the item's price, widened
once to twice the band when nothing fits), found with the shopper search (hybrid retrieval
over the item's own title and category) and ordered by the shopper's re-ranker.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from typing import TYPE_CHECKING

import numpy as np

from assistant.engine.cards import ranked_card
from assistant.engine.turn import ProductCard
from assistant.retrieval.types import Filters

if TYPE_CHECKING:
    from assistant.indexing.product_index import ProductIndex
    from assistant.rerank.reranker import RankedProduct
    from assistant.retrieval.product_search import ProductSearch


def base_title(title: str) -> str:
    """``"City Tote Bag, Red"`` -> ``"City Tote Bag"`` (the variant suffix is dropped)."""
    return title.split(",")[0].strip() or title


class AlternativeFinder:
    """Component: ``run(product_ids, user_id, k) -> list[ProductCard]``."""

    def __init__(self, search: ProductSearch, index: ProductIndex, price_band: float = 0.3) -> None:
        if not 0 < price_band < 1:
            raise ValueError("price_band must be between 0 and 1")
        self.search = search
        self.index = index
        self.price_band = price_band

    def run(
        self, product_ids: Sequence[str], user_id: str | None = None, k: int = 3
    ) -> list[ProductCard]:
        """Alternatives for the first of ``product_ids`` that is in the catalog."""
        if k < 1:
            raise ValueError("k must be >= 1")
        for product_id in product_ids:
            item = self.index.product_by_id(product_id)
            if item is not None:
                return self._for_item(product_id, item, list(product_ids), user_id, k)
        return []

    def _for_item(
        self,
        product_id: str,
        item: dict[str, object],
        exclude: list[str],
        user_id: str | None,
        k: int,
    ) -> list[ProductCard]:
        title = str(item.get("title") or "")
        category = str(item.get("category") or "") or None
        raw_price = item.get("price")
        price = float(raw_price) if isinstance(raw_price, int | float) and raw_price > 0 else None
        query = f"{base_title(title)} {category.split('>')[-1].strip() if category else ''}"
        for band in (self.price_band, min(0.95, 2 * self.price_band), None):
            filters = Filters(category=category, in_stock_only=True, exclude_ids=exclude)
            if price is not None and band is not None:
                filters.price_min = round(price * (1 - band), 2)
                filters.price_max = round(price * (1 + band), 2)
            ranked = self._search(product_id, query.strip(), filters, 2 * k, user_id)
            titles: set[str] = set()
            found = []
            for r in ranked:  # one card per title: colour variants look like duplicates
                if r.title not in titles:
                    titles.add(r.title)
                    found.append(r)
            if found or price is None:
                return [self._card(r, category, price) for r in found[:k]]
        return []

    def _search(
        self, product_id: str, query: str, filters: Filters, k: int, user_id: str | None
    ) -> list[RankedProduct]:
        """Hybrid retrieval with the item's own vector ("more like this"; no encoding), then
        the shopper's re-ranker. Falls back to a text search if the retriever changes."""
        row = self.index.row_of.get(product_id)
        retriever = self.search.retriever
        search_with_vector = getattr(retriever, "_search", None)
        if row is None or search_with_vector is None or retriever.mode == "lexical":
            return self.search.run(query, filters, k=k, user_id=user_id).products
        vector = np.asarray(self.index.vectors[row], dtype=np.float32)
        hits = search_with_vector(query, vector, filters, max(5 * k, 50))
        return self.search.rerank(hits, filters, k, user_id)

    @staticmethod
    def _card(ranked: RankedProduct, category: str | None, price: float | None) -> ProductCard:
        reasons = []
        if category:
            reasons.append(f"same category ({category})")
        reasons.append("in stock")
        if price is not None and ranked.price is not None:
            reasons.append(f"${ranked.price:.2f}, close to the ${price:.2f} paid")
        # the price band is ours, not the customer's limit: drop the re-ranker's filter reasons
        sources = ranked.reason_sources or ["" for _ in ranked.reasons]
        reasons.extend(
            r
            for r, source in zip(ranked.reasons, sources, strict=False)
            if source != "filter" and r not in reasons
        )
        return dataclasses.replace(ranked_card(ranked), reasons=reasons)

"""Hard filters, enforced in code: price range, brand, colour, size, category, stock, exclusions."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from assistant.indexing.product_table import ValueLookup
from assistant.retrieval.types import Filters


class FilterIndex:
    """Precomputed lookups over the product table so that a filter mask costs microseconds."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.size = len(frame)
        self.price = frame["price"].to_numpy(dtype=np.float64)
        self.in_stock = frame["in_stock"].to_numpy(dtype=bool)
        self.brand = ValueLookup.build(frame["brand"].tolist())
        self.color = ValueLookup.build(frame["color"].tolist(), multi=True)
        self.size_values = ValueLookup.build(frame["size"].tolist(), multi=True)
        self.category = ValueLookup.build(frame["category"].tolist(), path=True)
        self.ids = {pid: i for i, pid in enumerate(frame["product_id"].tolist())}
        self._text = frame["text"].str.lower().tolist()
        self._categories = frame["category"].str.lower().tolist()

    def mask(self, filters: Filters) -> np.ndarray | None:
        """Rows that satisfy every constraint, or None when nothing is constrained."""
        if filters.is_empty():
            return None
        n = self.size
        mask = np.ones(n, dtype=bool)
        if filters.price_min is not None:
            mask &= self.price >= filters.price_min  # NaN prices fail: unknown is not a match
        if filters.price_max is not None:
            mask &= self.price <= filters.price_max
        if filters.in_stock_only:
            mask &= self.in_stock
        if filters.brands:
            mask &= self.brand.match(filters.brands, n)
        if filters.exclude_brands:
            mask &= ~self.brand.match(filters.exclude_brands, n)
        if filters.colors:
            mask &= self.color.match(filters.colors, n)
        if filters.sizes:
            mask &= self.size_values.match(filters.sizes, n)
        if filters.category:
            mask &= self._category_mask(filters.category)
        if filters.exclude_ids:
            rows = [self.ids[p] for p in filters.exclude_ids if p in self.ids]
            mask[rows] = False
        if filters.exclude_terms:
            mask &= ~self._term_mask(filters.exclude_terms, mask)
        return mask

    def _category_mask(self, category: str) -> np.ndarray:
        wanted = " > ".join(p.strip() for p in category.split(">") if p.strip())
        exact = self.category.match([wanted], self.size)
        if exact.any():
            return exact
        # no category level has that exact name: fall back to a word match within the path
        pattern = re.compile(r"\b" + re.escape(wanted.lower()) + r"\b")
        return np.fromiter(
            (bool(pattern.search(c)) for c in self._categories), dtype=bool, count=self.size
        )

    def _term_mask(self, terms: list[str], candidates: np.ndarray) -> np.ndarray:
        """Rows whose text mentions any excluded term (only rows still allowed are checked)."""
        patterns = [re.compile(r"\b" + re.escape(t.lower()) + r"\w{0,2}\b") for t in terms if t]
        hit = np.zeros(self.size, dtype=bool)
        for row in np.flatnonzero(candidates):
            text = self._text[row]
            if any(p.search(text) for p in patterns):
                hit[row] = True
        return hit

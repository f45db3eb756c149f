"""Hybrid retrieval: FAISS dense + BM25 lexical candidates, both scored on their union, fused,
with hard filters applied in code before anything is ranked."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from assistant.embedding.encoder import Encoder
from assistant.indexing.dense import filtered_search, filtered_search_many
from assistant.indexing.lexical import analyze_many, query_terms
from assistant.indexing.product_index import ProductIndex
from assistant.retrieval.fusion import expand_query, fuse
from assistant.retrieval.types import Filters, SearchHit
from assistant.settings import RetrievalSettings

MODES = ("hybrid", "dense", "lexical")
TOKEN_CACHE_ROWS = 200_000


@dataclass
class Ranking:
    """Rows of the product table, best first, with their score components."""

    rows: np.ndarray
    fused: np.ndarray
    dense: np.ndarray | None
    lexical: np.ndarray
    lexical_top: float  # best BM25 score among all candidates (for normalising)

    @classmethod
    def empty(cls) -> Ranking:
        none = np.array([], dtype=np.float32)
        return cls(np.array([], dtype=np.int64), none, None, none, 0.0)


class HybridRetriever:
    """Component: ``run(text, filters, k) -> list[SearchHit]`` (best first)."""

    def __init__(
        self,
        index: ProductIndex,
        encoder: Encoder,
        settings: RetrievalSettings | None = None,
        mode: str = "hybrid",
    ) -> None:
        settings = settings or RetrievalSettings()
        if mode not in MODES:
            raise ValueError(f"unknown retrieval mode {mode!r}; expected one of {MODES}")
        if settings.depth < 1:
            raise ValueError("retrieval depth must be >= 1")
        if settings.fusion not in ("convex", "rrf"):
            raise ValueError(f"unknown fusion {settings.fusion!r}")
        if settings.feedback_docs < 0 or settings.feedback_weight < 0:
            raise ValueError("feedback_docs and feedback_weight must be >= 0")
        self.index = index
        self.encoder = encoder
        self.settings = settings
        self.mode = mode
        self._tokens: dict[int, frozenset[str]] = {}  # analysed product text by row

    def run(self, text: str, filters: Filters | None = None, k: int = 10) -> list[SearchHit]:
        vector = self.encoder.encode([text])[0] if self.mode != "lexical" else None
        filters = filters or Filters()
        return self._hits(text, self.rank(text, vector, filters, k))

    def run_batch(
        self, texts: Sequence[str], filters: Filters | None = None, k: int = 10
    ) -> list[list[SearchHit]]:
        """Many queries at once: encoded in one batch and, without filters, their dense
        candidates found in one FAISS call. Same results as ``run`` one by one."""
        filters = filters or Filters()
        if self.mode == "lexical" or not texts:
            return [self._hits(t, self.rank(t, None, filters, k)) for t in texts]
        matrix = self.encoder.encode(list(texts))
        index = self.index
        dense_rows = filtered_search_many(
            index.dense,
            index.dense_spec,
            index.vectors,
            matrix,
            index.filters.mask(filters),
            max(self.settings.depth, k),
        )
        return [
            self._hits(t, self.rank(t, v, filters, k, rows))
            for t, v, rows in zip(texts, matrix, dense_rows, strict=True)
        ]

    def rank(
        self,
        text: str,
        vector: np.ndarray | None,
        filters: Filters,
        k: int,
        dense_rows: np.ndarray | None = None,
    ) -> Ranking:
        """The top ``k`` rows for a query whose vector is already computed (None = lexical);
        ``dense_rows`` are its dense candidates when a batch search already found them."""
        if k < 1:
            raise ValueError("k must be >= 1")
        index = self.index
        allowed = index.filters.mask(filters)
        if allowed is not None and not allowed.any():
            return Ranking.empty()
        depth = max(self.settings.depth, k)
        lexical_all: np.ndarray | None = None
        lexical_rows = np.array([], dtype=np.int64)
        if self.mode != "dense":
            terms = index.lexical.analyze_query(text, fix=self.settings.spell_correct)
            lexical_all = index.lexical.scores(terms)
            if allowed is not None:
                lexical_all = np.where(allowed, lexical_all, 0.0).astype(np.float32)
            lexical_rows = _top_positive(lexical_all, depth)
        if vector is not None and dense_rows is None:
            dense_rows = self._dense_candidates(vector, allowed, depth)
        feedback = self.settings.feedback_docs
        if self.mode != "hybrid" or vector is None or feedback == 0:
            return self._fused(lexical_rows, lexical_all, vector, dense_rows, k)
        # pseudo-relevance feedback: the query vector moved towards its best few products,
        # then the dense side searched again (finds products worded unlike the query)
        first = self._fused(lexical_rows, lexical_all, vector, dense_rows, feedback)
        if first.rows.size == 0:
            return first
        vector = expand_query(vector, index.vectors[first.rows], self.settings.feedback_weight)
        dense_rows = self._dense_candidates(vector, allowed, depth)
        return self._fused(lexical_rows, lexical_all, vector, dense_rows, k)

    def _fused(
        self,
        lexical_rows: np.ndarray,
        lexical_all: np.ndarray | None,
        vector: np.ndarray | None,
        dense_rows: np.ndarray | None,
        k: int,
    ) -> Ranking:
        """Both sides scored on the union of their candidates, fused, the top ``k`` kept."""
        candidates = [lexical_rows] if dense_rows is None else [lexical_rows, dense_rows]
        rows = np.unique(np.concatenate(candidates)).astype(np.int64)
        if rows.size == 0:
            return Ranking.empty()
        lexical = lexical_all[rows] if lexical_all is not None else np.zeros(len(rows), np.float32)
        dense = (
            np.asarray(self.index.vectors[rows], dtype=np.float32) @ vector
            if vector is not None
            else np.zeros(len(rows), np.float32)
        )
        if self.mode == "hybrid":
            fused = fuse(
                dense, lexical, self.settings.fusion, self.settings.alpha, self.settings.rrf_k
            )
        elif self.mode == "dense":
            fused = np.clip(dense, 0.0, 1.0)
        else:
            fused = lexical / max(float(lexical.max()), 1e-9)
        order = np.lexsort((rows, -fused))[:k]
        return Ranking(
            rows=rows[order],
            fused=fused[order],
            dense=dense[order] if vector is not None else None,
            lexical=lexical[order],
            lexical_top=float(lexical.max()) if lexical.size else 0.0,
        )

    def _dense_candidates(
        self, vector: np.ndarray, allowed: np.ndarray | None, depth: int
    ) -> np.ndarray:
        index = self.index
        return filtered_search(index.dense, index.dense_spec, index.vectors, vector, allowed, depth)

    def _hits(self, text: str, ranking: Ranking) -> list[SearchHit]:
        index = self.index
        terms = query_terms(text)
        rows = ranking.rows
        product_tokens = self._token_sets(rows)
        has_dense = ranking.dense is not None
        dense = ranking.dense if ranking.dense is not None else np.zeros(len(rows), np.float32)
        lexical_top = ranking.lexical_top
        hits = []
        for row, f, d, lx, tokens in zip(
            rows, ranking.fused, dense, ranking.lexical, product_tokens, strict=True
        ):
            product = index.product(int(row))
            hits.append(
                SearchHit(
                    product_id=str(product["product_id"]),
                    row=int(row),
                    fused=round(float(f), 6),
                    dense=round(float(d), 6) if has_dense else None,
                    lexical=round(float(lx), 6) if lx > 0 else None,
                    lexical_norm=round(float(lx) / lexical_top, 6) if lexical_top > 0 else 0.0,
                    matched_terms=[word for word, stem in terms if stem in tokens],
                    product=product,
                )
            )
        return hits

    def _token_sets(self, rows: np.ndarray) -> list[frozenset[str]]:
        """Analysed words of each row's product text (for matched terms), cached per row."""
        missing = [int(r) for r in rows if int(r) not in self._tokens]
        if missing:
            if len(self._tokens) > TOKEN_CACHE_ROWS:
                self._tokens.clear()
            texts = self.index.products["text"].iloc[missing].tolist()
            for row, tokens in zip(missing, analyze_many(texts), strict=True):
                self._tokens[row] = frozenset(tokens)
        return [self._tokens[int(r)] for r in rows]


def _top_positive(scores: np.ndarray, depth: int) -> np.ndarray:
    positive = np.flatnonzero(scores > 0)
    if positive.size <= depth:
        return positive
    part = np.argpartition(-scores[positive], depth - 1)[:depth]
    return positive[part]

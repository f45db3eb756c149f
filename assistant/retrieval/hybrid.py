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
from assistant.retrieval.fusion import expand_query, fuse, with_phrase_bonus
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
    searched: frozenset[str] = frozenset()  # the words the lexical side searched (typos fixed)

    @classmethod
    def empty(cls) -> Ranking:
        none = np.array([], dtype=np.float32)
        return cls(np.array([], dtype=np.int64), none, None, none, 0.0)


@dataclass
class LexicalScores:
    """A query's BM25 score for every row (0 = no match or filtered out), its top rows and
    its word-pair (phrase) BM25 for every row (None: no pair to look for, or turned off)."""

    rows: np.ndarray
    scores: np.ndarray
    pairs: np.ndarray | None = None
    terms: frozenset[str] = frozenset()  # the analysed (typo-fixed) words searched for


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
        if settings.phrase_weight < 0:
            raise ValueError("phrase_weight must be >= 0")
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
        """Many queries at once: encoded in one batch, their dense candidates found with one
        FAISS call (one more for the feedback round). Same results as ``run`` one by one."""
        filters = filters or Filters()
        if self.mode == "lexical" or not texts:
            return [self._hits(t, self.rank(t, None, filters, k)) for t in texts]
        if k < 1:
            raise ValueError("k must be >= 1")
        allowed = self.index.filters.mask(filters)
        if allowed is not None and not allowed.any():
            return [[] for _ in texts]
        depth = max(self.settings.depth, k)
        matrix = self.encoder.encode(list(texts))
        lexical = [self._lexical(t, allowed, depth) for t in texts]
        dense_rows = self._dense_many(matrix, allowed, depth)
        moved = matrix
        if self._feedback_on():
            moved = np.stack(
                [
                    self._moved(lx, v, rows)
                    for lx, v, rows in zip(lexical, matrix, dense_rows, strict=True)
                ]
            )
            dense_rows = self._dense_many(moved, allowed, depth)
        return [
            self._hits(t, self._fused(lx, mv, rows, k, v))
            for t, lx, mv, rows, v in zip(texts, lexical, moved, dense_rows, matrix, strict=True)
        ]

    def rank(self, text: str, vector: np.ndarray | None, filters: Filters, k: int) -> Ranking:
        """The top ``k`` rows for a query whose vector is already computed (None = lexical).

        Hybrid mode adds one round of pseudo-relevance feedback: the query vector moved
        towards its best ``feedback_docs`` products finds the dense candidates again and
        scores them for fusion (it finds products worded unlike the query); the ``dense``
        reported per row stays the cosine to the query itself."""
        if k < 1:
            raise ValueError("k must be >= 1")
        allowed = self.index.filters.mask(filters)
        if allowed is not None and not allowed.any():
            return Ranking.empty()
        depth = max(self.settings.depth, k)
        lexical = self._lexical(text, allowed, depth)
        if vector is None:
            return self._fused(lexical, None, None, k, None)
        dense_rows = self._dense_candidates(vector, allowed, depth)
        moved = vector
        if self._feedback_on():
            moved = self._moved(lexical, vector, dense_rows)
            dense_rows = self._dense_candidates(moved, allowed, depth)
        return self._fused(lexical, moved, dense_rows, k, vector)

    def _feedback_on(self) -> bool:
        return self.mode == "hybrid" and self.settings.feedback_docs > 0

    def _lexical(self, text: str, allowed: np.ndarray | None, depth: int) -> LexicalScores | None:
        if self.mode == "dense":
            return None
        lexical = self.index.lexical
        query = lexical.query(text, fix=self.settings.spell_correct)
        scores = lexical.scores(query.terms)
        pairs = None
        if self.mode == "hybrid" and self.settings.phrase_weight > 0 and query.pairs:
            pairs = lexical.pair_scores(query.pairs)
        if allowed is not None:
            scores = np.where(allowed, scores, 0.0).astype(np.float32)
        return LexicalScores(_top_positive(scores, depth), scores, pairs, frozenset(query.terms))

    def _moved(
        self, lexical: LexicalScores | None, vector: np.ndarray, dense_rows: np.ndarray
    ) -> np.ndarray:
        """The query vector after one round of feedback from its first fused ranking."""
        first = self._fused(lexical, vector, dense_rows, self.settings.feedback_docs, vector)
        if first.rows.size == 0:
            return np.asarray(vector, dtype=np.float32)
        feedback = self.index.vectors[first.rows]
        return expand_query(vector, feedback, self.settings.feedback_weight)

    def _fused(
        self,
        lexical: LexicalScores | None,
        vector: np.ndarray | None,
        dense_rows: np.ndarray | None,
        k: int,
        query_vector: np.ndarray | None,
    ) -> Ranking:
        """Both sides scored on the union of their candidates (the dense side with
        ``vector``), fused, the top ``k`` kept; ``dense`` reported against ``query_vector``."""
        candidates = [c for c in (lexical.rows if lexical else None, dense_rows) if c is not None]
        rows = (
            np.unique(np.concatenate(candidates)).astype(np.int64)
            if candidates
            else np.array([], dtype=np.int64)
        )
        if rows.size == 0:
            return Ranking.empty()
        zeros = np.zeros(len(rows), np.float32)
        lex = lexical.scores[rows] if lexical is not None else zeros
        vectors = self.index.vectors
        dense = (
            np.asarray(vectors[rows], dtype=np.float32) @ vector if vector is not None else zeros
        )
        if self.mode == "hybrid":
            fused = fuse(dense, lex, self.settings.fusion, self.settings.alpha, self.settings.rrf_k)
            if lexical is not None and lexical.pairs is not None:
                fused = with_phrase_bonus(fused, lexical.pairs[rows], self.settings.phrase_weight)
        elif self.mode == "dense":
            fused = np.clip(dense, 0.0, 1.0)
        else:
            fused = lex / max(float(lex.max()), 1e-9)
        order = np.lexsort((rows, -fused))[:k]
        top = rows[order]
        reported = None
        if query_vector is not None:
            reported = np.asarray(vectors[top], dtype=np.float32) @ query_vector
        return Ranking(
            rows=top,
            fused=fused[order],
            dense=reported,
            lexical=lex[order],
            lexical_top=float(lex.max()) if lex.size else 0.0,
            searched=lexical.terms if lexical is not None else frozenset(),
        )

    def _dense_many(
        self, matrix: np.ndarray, allowed: np.ndarray | None, depth: int
    ) -> list[np.ndarray]:
        index = self.index
        return filtered_search_many(
            index.dense, index.dense_spec, index.vectors, matrix, allowed, depth
        )

    def _dense_candidates(
        self, vector: np.ndarray, allowed: np.ndarray | None, depth: int
    ) -> np.ndarray:
        index = self.index
        return filtered_search(index.dense, index.dense_spec, index.vectors, vector, allowed, depth)

    def _hits(self, text: str, ranking: Ranking) -> list[SearchHit]:
        index = self.index
        terms = query_terms(text)
        searched = ranking.searched
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
                    coverage=round(len(searched & tokens) / len(searched), 4) if searched else 0.0,
                    product=product,
                )
            )
        return hits

    def _token_sets(self, rows: np.ndarray) -> list[frozenset[str]]:
        """Analysed words of each row's product text (for matched terms), cached per row."""
        cache = self._tokens  # replaced, never cleared: other threads may be reading it
        missing = [int(r) for r in rows if int(r) not in cache]
        if missing:
            if len(cache) > TOKEN_CACHE_ROWS:
                cache = {}
                self._tokens = cache
            texts = self.index.products["text"].iloc[missing].tolist()
            for row, tokens in zip(missing, analyze_many(texts), strict=True):
                cache[row] = frozenset(tokens)
        return [cache[int(r)] for r in rows]


def _top_positive(scores: np.ndarray, depth: int) -> np.ndarray:
    positive = np.flatnonzero(scores > 0)
    if positive.size <= depth:
        return positive
    part = np.argpartition(-scores[positive], depth - 1)[:depth]
    return positive[part]

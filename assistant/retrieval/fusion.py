"""Pure functions that fuse dense and lexical scores into one relevance in [0, 1]."""

from __future__ import annotations

import numpy as np


def normalise_lexical(scores: np.ndarray) -> np.ndarray:
    """BM25 scores divided by the best score among the candidates (0 when nothing matched)."""
    top = float(scores.max()) if scores.size else 0.0
    if top <= 0:
        return np.zeros_like(scores, dtype=np.float32)
    return (scores / top).astype(np.float32)


def normalise_dense(cosines: np.ndarray) -> np.ndarray:
    """Cosine similarities min-max scaled over the candidates to [0, 1]."""
    if cosines.size == 0:
        return cosines.astype(np.float32)
    low, high = float(cosines.min()), float(cosines.max())
    if high - low < 1e-6:
        return np.ones_like(cosines, dtype=np.float32)
    return ((cosines - low) / (high - low)).astype(np.float32)


def convex_fusion(dense: np.ndarray, lexical: np.ndarray, alpha: float) -> np.ndarray:
    """``alpha * dense_norm + (1 - alpha) * lexical_norm`` over the same candidates."""
    if not 0.0 <= alpha <= 1.0:
        raise ValueError(f"alpha must be within [0, 1], got {alpha}")
    return alpha * normalise_dense(dense) + (1.0 - alpha) * normalise_lexical(lexical)


def rrf_fusion(dense: np.ndarray, lexical: np.ndarray, k: int = 60) -> np.ndarray:
    """Reciprocal-rank fusion, rescaled so the best possible score is 1."""

    def ranks(scores: np.ndarray) -> np.ndarray:
        order = np.argsort(-scores, kind="stable")
        r = np.empty(len(scores), dtype=np.float64)
        r[order] = np.arange(1, len(scores) + 1)
        return r

    lex_rank_score = np.where(lexical > 0, 1.0 / (k + ranks(lexical)), 0.0)
    fused = 1.0 / (k + ranks(dense)) + lex_rank_score
    return (fused * (k + 1) / 2).astype(np.float32)


def fuse(
    dense: np.ndarray, lexical: np.ndarray, method: str, alpha: float, rrf_k: int
) -> np.ndarray:
    if method == "convex":
        return convex_fusion(dense, lexical, alpha)
    if method == "rrf":
        return rrf_fusion(dense, lexical, rrf_k)
    raise ValueError(f"unknown fusion {method!r}; expected convex or rrf")


def with_phrase_bonus(fused: np.ndarray, pairs: np.ndarray, weight: float) -> np.ndarray:
    """``fused`` plus ``weight`` times the word-pair BM25 (divided by the best candidate's),
    divided by ``1 + weight`` to stay in [0, 1]: products that keep the query's words side by
    side ("wall plate") rise above those that only contain them somewhere."""
    if weight < 0:
        raise ValueError(f"phrase weight must be >= 0, got {weight}")
    return ((fused + weight * normalise_lexical(pairs)) / (1.0 + weight)).astype(np.float32)


def expand_query(vector: np.ndarray, feedback: np.ndarray, weight: float) -> np.ndarray:
    """Rocchio pseudo-relevance feedback: the unit query vector plus ``weight`` times the mean
    of the ``feedback`` product vectors (rows), normalised to unit length again."""
    moved = np.asarray(vector, dtype=np.float32) + weight * np.asarray(
        feedback, dtype=np.float32
    ).mean(axis=0)
    norm = float(np.linalg.norm(moved))
    return (moved / norm).astype(np.float32) if norm > 0 else np.asarray(vector, np.float32)

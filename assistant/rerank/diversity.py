"""MMR-style diversification: no run of near-identical items at the top.

Greedy: repeatedly take the candidate with the highest ``score - trade_off * max_sim``,
where max_sim is its largest similarity to an item already taken. Similarity is the cosine
of product vectors when given, otherwise 0.6 * Jaccard(title words) + 0.4 * same brand.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

_WORD = re.compile(r"[a-z0-9]+")


def title_brand_similarity(titles: Sequence[str], brands: Sequence[str]) -> np.ndarray:
    words = [set(_WORD.findall(t.lower())) for t in titles]
    n = len(words)
    sim = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            union = len(words[i] | words[j])
            jac = len(words[i] & words[j]) / union if union else 0.0
            same = bool(brands[i]) and brands[i].lower() == brands[j].lower()
            sim[i, j] = sim[j, i] = 0.6 * jac + 0.4 * same
    return sim


def vector_similarity(vectors: np.ndarray) -> np.ndarray:
    v = np.asarray(vectors, dtype=np.float64)
    norms = np.linalg.norm(v, axis=1, keepdims=True)
    v = v / np.where(norms > 0, norms, 1.0)
    return np.clip(v @ v.T, 0.0, 1.0)


def mmr_order(
    scores: np.ndarray, similarity: np.ndarray, trade_off: float
) -> tuple[list[int], np.ndarray]:
    """(order of indices, penalty applied to each index when it was taken)."""
    n = len(scores)
    penalty = np.zeros(n)
    if trade_off <= 0 or n < 2:
        return sorted(range(n), key=lambda i: (-scores[i], i)), penalty
    left = list(range(n))
    taken: list[int] = []
    max_sim = np.zeros(n)
    while left:
        best = max(left, key=lambda i: (scores[i] - trade_off * max_sim[i], -i))
        penalty[best] = trade_off * max_sim[best]
        taken.append(best)
        left.remove(best)
        max_sim = np.maximum(max_sim, similarity[best])
    return taken, penalty

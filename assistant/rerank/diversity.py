"""MMR-style diversification: no run of near-identical items at the top.

Greedy: repeatedly take the candidate with the highest ``score - trade_off * max_sim``,
where max_sim is its largest similarity to an item already taken. Similarity is the cosine
of product vectors when given, otherwise 0.6 * Jaccard(title words) + 0.4 * same brand.
``cap_repeats`` then moves an item past the others once ``limit`` items with its key (the
same title, the same brand) are ahead of it: five "Dragon Keep Board Game" listings are two
and three other games.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

import numpy as np

_WORD = re.compile(r"[a-z0-9]+")


def title_brand_similarity(titles: Sequence[str], brands: Sequence[str]) -> np.ndarray:
    vocab: dict[str, int] = {}
    rows, cols = [], []
    for n, title in enumerate(titles):
        for word in set(_WORD.findall(title.lower())):
            rows.append(n)
            cols.append(vocab.setdefault(word, len(vocab)))
    n = len(titles)
    words = np.zeros((n, max(len(vocab), 1)))
    words[rows, cols] = 1.0
    inter = words @ words.T
    sizes = words.sum(axis=1)
    union = sizes[:, None] + sizes[None, :] - inter
    jaccard = np.divide(inter, union, out=np.zeros_like(inter), where=union > 0)
    codes = np.array([hash(b.lower()) if b else n_ for n_, b in enumerate(brands)])
    named = np.array([bool(b) for b in brands])
    same_brand = (codes[:, None] == codes[None, :]) & named[:, None] & named[None, :]
    sim = 0.6 * jaccard + 0.4 * same_brand
    np.fill_diagonal(sim, 0.0)
    return sim


def vector_similarity(vectors: np.ndarray) -> np.ndarray:
    v = np.asarray(vectors, dtype=np.float64)
    norms = np.linalg.norm(v, axis=1, keepdims=True)
    v = v / np.where(norms > 0, norms, 1.0)
    return np.clip(v @ v.T, 0.0, 1.0)


def mmr_order(
    scores: np.ndarray, similarity: np.ndarray, trade_off: float, top: int | None = None
) -> tuple[list[int], np.ndarray]:
    """(order of indices, penalty applied to each index when it was taken). Only the first
    ``top`` picks are diversified; the rest follow by score (their penalty stays 0)."""
    n = len(scores)
    penalty = np.zeros(n)
    by_score = sorted(range(n), key=lambda i: (-scores[i], i))
    if trade_off <= 0 or n < 2:
        return by_score, penalty
    left = np.ones(n, dtype=bool)
    max_sim = np.zeros(n)
    taken: list[int] = []
    for _ in range(min(n, top if top is not None else n)):
        adjusted = np.where(left, scores - trade_off * max_sim, -np.inf)
        best = int(np.argmax(adjusted))  # first index wins ties
        penalty[best] = trade_off * max_sim[best]
        taken.append(best)
        left[best] = False
        max_sim = np.maximum(max_sim, similarity[best])
    return taken + [i for i in by_score if left[i]], penalty


def cap_repeats(order: Sequence[int], keys: Sequence[str], limit: int) -> list[int]:
    """``order`` with each item whose key already has ``limit`` items ahead of it moved to
    the end (in their order); empty keys never count; ``limit`` 0 changes nothing."""
    if limit <= 0:
        return list(order)
    seen: dict[str, int] = {}
    head, tail = [], []
    for i in order:
        key = keys[i]
        if key and seen.get(key, 0) >= limit:
            tail.append(i)
            continue
        seen[key] = seen.get(key, 0) + 1
        head.append(i)
    return head + tail

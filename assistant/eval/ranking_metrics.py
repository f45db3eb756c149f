"""Pure ranking metrics shared by the evaluation suites."""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence


def dcg(gains: Sequence[float]) -> float:
    return sum(g / math.log2(i + 2) for i, g in enumerate(gains))


def ndcg_at_k(ranked_gains: Sequence[float], all_gains: Sequence[float], k: int) -> float:
    """nDCG@k of a ranked list of gains against the ideal order of ``all_gains``."""
    ideal = dcg(sorted(all_gains, reverse=True)[:k])
    if ideal <= 0:
        return 0.0
    return dcg(list(ranked_gains)[:k]) / ideal


def condensed_ndcg(ranked: Sequence[str], judgments: Mapping[str, float], k: int) -> float:
    """nDCG@k after dropping unjudged items from the ranking (gains from ``judgments``)."""
    gains = [judgments[item] for item in ranked if item in judgments]
    return ndcg_at_k(gains, list(judgments.values()), k)


def recall_at_k(ranked: Sequence[str], relevant: set[str], k: int, cap: bool = False) -> float:
    """Share of ``relevant`` in the top k (divided by min(|relevant|, k) when ``cap``)."""
    if not relevant:
        return 0.0
    found = len(set(ranked[:k]) & relevant)
    return found / (min(len(relevant), k) if cap else len(relevant))

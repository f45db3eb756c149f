"""Results in price, weight or rating order ("cheapest standing desk", "most expensive first",
"lightest tent", "best rated sleeping bag") without letting a cheap accessory jump ahead of what was asked for: only
products whose relevance is close to the best match's are ordered; the rest follow in their
ranked order, and only when there are too few close matches to fill a short list (a "lowest
price first" list with a cheaper product fourth reads as a mistake)."""

from __future__ import annotations

import math
from collections.abc import Sequence

from assistant.catalog.measures import listed
from assistant.rerank.reranker import RankedProduct
from assistant.retrieval.types import RESULT_ORDERS

FILL = 3  # close matches enough for an ordered list without the others


def order_results(
    products: Sequence[RankedProduct],
    order: str,
    k: int,
    gate: float,
    rating_prior: tuple[float, int] = (3.5, 5),
) -> list[RankedProduct]:
    """The first ``k`` of ``products`` (ranked best first) with the close matches, those with
    relevance >= ``gate`` x the best relevance and the figure ordered by (a price; for
    ``weight_asc`` a listed weight; for ``rating_desc`` the rating as if it had
    ``rating_prior[1]`` more reviews of ``rating_prior[0]``), sorted by it (ties keep their
    rank); in-stock products before out-of-stock ones among them. The others follow only
    when fewer than ``min(k, FILL)`` are close."""
    if rating_prior[1] < 0:
        raise ValueError("rating_prior reviews must be >= 0")
    if order not in RESULT_ORDERS:
        raise ValueError(f"order must be one of {RESULT_ORDERS}, got {order!r}")
    if not 0.0 <= gate <= 1.0:
        raise ValueError("gate must be within 0..1")
    if not products:
        return []
    best = max(p.components.get("relevance", 0.0) for p in products)
    keyed = [(p, _figure(p, order, rating_prior)) for p in products]
    close = [
        (p, v)
        for p, v in keyed
        if v is not None and p.components.get("relevance", 0.0) >= gate * best
    ]
    rest = [p for p in products if all(p is not c for c, _ in close)]
    sign = -1.0 if order in ("price_desc", "rating_desc") else 1.0
    close.sort(key=lambda pv: (pv[0].product.get("in_stock") is False, sign * (pv[1] or 0.0)))
    ordered = [p for p, _ in close]
    return (ordered if len(ordered) >= min(k, FILL) else ordered + rest)[:k]


def _figure(p: RankedProduct, order: str, rating_prior: tuple[float, int]) -> float | None:
    """What ``order`` sorts ``p`` by: its price, its listed weight in grams, or its rating
    drawn towards the prior by few reviews."""
    if order == "rating_desc":
        rating, reviews = p.product.get("rating"), p.product.get("review_count") or 0
        if not isinstance(rating, int | float) or math.isnan(rating):
            return None
        prior, weight = rating_prior
        count = max(int(reviews), 0)
        return (float(rating) * count + prior * weight) / max(count + weight, 1)
    if order != "weight_asc":
        return None if p.price is None else float(p.price)
    return listed(p.product, "weight")

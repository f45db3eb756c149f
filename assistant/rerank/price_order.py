"""Results in price order ("cheapest standing desk", "most expensive first") without letting a
cheap accessory jump ahead of what was asked for: only products whose relevance is close to
the best match's are ordered by price; the rest follow in their ranked order, and only when
there are too few close matches to fill a short list (a "lowest price first" list with a
cheaper product fourth reads as a mistake)."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.rerank.reranker import RankedProduct
from assistant.retrieval.types import PRICE_ORDERS

FILL = 3  # close matches enough for a price-ordered list without the others


def order_by_price(
    products: Sequence[RankedProduct], order: str, k: int, gate: float
) -> list[RankedProduct]:
    """The first ``k`` of ``products`` (ranked best first) with the close matches, those with
    relevance >= ``gate`` x the best relevance and a price, sorted by price (ties keep their
    rank); in-stock products before out-of-stock ones among them. The others follow only
    when fewer than ``min(k, FILL)`` are close."""
    if order not in PRICE_ORDERS:
        raise ValueError(f"order must be one of {PRICE_ORDERS}, got {order!r}")
    if not 0.0 <= gate <= 1.0:
        raise ValueError("gate must be within 0..1")
    if not products:
        return []
    best = max(p.components.get("relevance", 0.0) for p in products)
    close = [
        p
        for p in products
        if p.price is not None and p.components.get("relevance", 0.0) >= gate * best
    ]
    rest = [p for p in products if all(p is not c for c in close)]
    sign = 1.0 if order == "price_asc" else -1.0
    close.sort(key=lambda p: (p.product.get("in_stock") is False, sign * float(p.price or 0.0)))
    return (close if len(close) >= min(k, FILL) else close + rest)[:k]

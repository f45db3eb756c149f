"""A turn's products as reply facts and as cards: from re-ranked hits or stored records."""

from __future__ import annotations

from typing import Any

from assistant.engine.turn import ProductCard
from assistant.generation.types import ProductFacts
from assistant.rerank.reranker import RankedProduct

# marks a shown product record that was listed outside the shopper's constraints
OUTSIDE_KEY = "_outside_constraints"

# the reasons a reply may repeat about a shopping result (personal ones stay on the cards)
SHOPPING_REASON_SOURCES = frozenset({"relevance", "filter", "popularity"})


def is_price(value: Any) -> bool:
    try:
        return value is not None and float(value) == float(value)
    except (TypeError, ValueError):
        return False


def ranked_facts(position: int, p: RankedProduct, outside: bool = False) -> ProductFacts:
    reasons = [
        r
        for r, source in zip(p.reasons, p.reason_sources, strict=False)
        if source in SHOPPING_REASON_SOURCES
    ]
    record = {**p.product, "product_id": p.product_id}
    return ProductFacts.from_record(position, record, reasons, outside)


def ranked_card(p: RankedProduct, outside: bool = False) -> ProductCard:
    record = p.product
    rating = record.get("rating")
    return ProductCard(
        product_id=p.product_id,
        title=p.title,
        price=p.price,
        brand=p.brand,
        image_url=p.image_url,
        score=round(float(p.score), 4),
        reasons=list(p.reasons),
        rating=float(rating) if rating is not None and is_price(rating) else None,  # not NaN
        review_count=int(record.get("review_count") or 0),
        in_stock=bool(record.get("in_stock", True)),
        category=str(record.get("category") or ""),
        outside_constraints=outside,
    )


def record_card(record: dict[str, Any]) -> ProductCard:
    f = ProductFacts.from_record(0, record, outside_constraints=bool(record.get(OUTSIDE_KEY)))
    return ProductCard(
        product_id=f.product_id,
        title=f.title,
        price=f.price,
        brand=f.brand,
        image_url=str(record.get("image_url") or ""),
        score=0.0,
        reasons=[],
        rating=f.rating,
        review_count=f.review_count,
        in_stock=f.in_stock,
        category=f.category,
        outside_constraints=f.outside_constraints,
    )

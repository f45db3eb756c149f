"""'More like the second one': a fresh search for the products nearest a shown product."""

from __future__ import annotations

import re
from typing import Any

from assistant.engine.cards import is_price
from assistant.engine.state import Constraints

SIMILAR = re.compile(
    r"\b(?:more|others?|something|anything|products?|ones?|items?|options?|stuff)\s+"
    r"(?:just\s+)?(?:like|similar to)\b"
    r"|\bsimilar\s+(?:to|ones|products|items|options)\b",
    re.IGNORECASE,
)


def similar_constraints(
    product: dict[str, Any],
    cheaper: bool = False,
    pricier: bool = False,
    current: Constraints | None = None,
) -> Constraints:
    """Products like ``product``: searched by its title (without its colour, which is no
    filter here) within its category, the product itself left out; ``cheaper`` / ``pricier``
    ("something like the first one but cheaper") bound the price by the product's. The
    shopper's limits in ``current`` stay: price range, excluded brands and terms, stock."""
    title = str(product.get("title") or "")
    color = str(product.get("color") or "").strip()
    if color:
        title = re.sub(rf",?\s*\b{re.escape(color)}\b", "", title, flags=re.IGNORECASE)
    category = str(product.get("category") or "") or None
    out = Constraints(query=title.strip(" ,") or str(product.get("product_id", "")))
    if category:
        out.category = category
        out.touch("category")
    out.skip = [str(product.get("product_id", ""))]
    if current is not None:
        for name in ("price_min", "price_max", "exclude_brands", "exclude_terms", "in_stock_only"):
            value = getattr(current, name)
            if value not in (None, [], False):
                setattr(out, name, list(value) if isinstance(value, list) else value)
                out.touch(name)
        out.price_min_strict = current.price_min_strict
        out.price_max_strict = current.price_max_strict
    price = product.get("price")
    if price is not None and is_price(price) and (cheaper or pricier):
        price = float(price)
        if cheaper:
            ceiling = price if out.price_max is None else min(price, out.price_max)
            if ceiling == price:  # under its price (unless the shopper's limit is lower)
                out.set_bound("price_max", price, strict=True)
            if out.price_min is not None and out.price_min >= ceiling:
                out.clear("price_min")
        else:
            out.set_bound("price_min", price, strict=True)  # over its price
            if out.price_max is not None and out.price_max <= price:
                out.clear("price_max")
    return out

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
    price = product.get("price")
    if price is not None and is_price(price) and (cheaper or pricier):
        price = float(price)
        if cheaper:
            below = round(max(price - 0.01, 0.0), 2)
            out.price_max = below if out.price_max is None else min(out.price_max, below)
            out.touch("price_max")
            if out.price_min is not None and out.price_min >= out.price_max:
                out.clear("price_min")
        else:
            out.price_min = round(price + 0.01, 2)
            out.touch("price_min")
            if out.price_max is not None and out.price_max <= out.price_min:
                out.clear("price_max")
    return out

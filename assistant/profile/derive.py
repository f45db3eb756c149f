"""Infer profile items from a shopper's events and orders (pure: no store access).

Signals are weighted per event (purchase 1.0, add_to_cart 0.6, like 0.5, rating by its stars,
click 0.25, view 0.1); a dislike counts against. For each brand, category, colour and size
the summed weight gives the confidence ``1 - exp(-weight / scale)`` and the evidence names
the strongest signals ("bought 3 Brewlab items, liked 1"). Price bands come from what was
bought (or put in the cart) per top-level category: the 20th-80th percentile of paid prices,
widened by 20 % on each side.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from assistant.events import Event
from assistant.profile.model import ProfileItem, size_kind, top_category
from assistant.store.records import Order

ProductLookup = Callable[[str], Mapping[str, Any] | None]

EVENT_WEIGHTS: dict[str, float] = {
    "purchase": 1.0,
    "add_to_cart": 0.6,
    "like": 0.5,
    "click": 0.25,
    "view": 0.1,
}
VERBS = {"purchase": "bought", "add_to_cart": "added to cart", "like": "liked", "rating": "rated"}
STRONG = ("purchase", "add_to_cart", "like", "rating")
INTEREST_ORDER = ("purchase", "add_to_cart", "like", "rating", "click", "view")


@dataclass(frozen=True)
class DeriveSettings:
    max_brands: int = 3
    max_categories: int = 3
    max_colors: int = 2
    min_weight: float = 1.0  # summed signal weight before an item is inferred
    min_share: float = 0.12  # share of the shopper's weight in that dimension
    scale: float = 2.5  # confidence = 1 - exp(-weight / scale)
    min_priced: int = 2  # priced purchases in a category before a band is inferred
    size_min_share: float = 0.5  # the usual size must be at least this share of sized buys
    avoid_min_dislikes: int = 2

    def __post_init__(self) -> None:
        if self.scale <= 0 or self.min_weight < 0 or not 0 <= self.min_share <= 1:
            raise ValueError("derive settings: scale > 0, min_weight >= 0, min_share in [0, 1]")


class _Tally:
    """Per value: summed weight and, per event type, the products (for the evidence text:
    "looked at 5 items" counts products, not the views and clicks of them; a poor rating
    is no "rated")."""

    def __init__(self) -> None:
        self.weight: dict[str, float] = defaultdict(float)
        self.products: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        self.purchases: Counter[str] = Counter()  # purchase events: "bought 3" counts rebuys
        self.display: dict[str, str] = {}

    def add(self, value: str, event: str, weight: float, product_id: str = "") -> None:
        key = value.strip().lower()
        if not key:
            return
        self.display.setdefault(key, value.strip())
        self.weight[key] += weight
        if weight > 0 or event == "dislike":
            self.products[key][event].add(product_id)
        if event == "purchase":
            self.purchases[key] += 1

    def counts(self, key: str) -> Counter[str]:
        """Per event type: purchases as bought (rebuys count), others as distinct products;
        a product clicked and viewed is looked at once."""
        by_event = self.products[key]
        out: Counter[str] = Counter({e: len(ids) for e, ids in by_event.items()})
        out["purchase"] = self.purchases[key]
        looked = by_event.get("click", set()) | by_event.get("view", set())
        out["click"], out["view"] = 0, len(looked)
        return +out

    def total(self) -> float:
        return sum(w for w in self.weight.values() if w > 0)


class ProfileDeriver:
    """``run(events, orders) -> list[ProfileItem]`` (all ``source="inferred"``)."""

    def __init__(self, lookup: ProductLookup, settings: DeriveSettings | None = None) -> None:
        self.lookup = lookup
        self.settings = settings or DeriveSettings()

    def run(self, events: Sequence[Event], orders: Iterable[Order] = ()) -> list[ProfileItem]:
        signals = list(_signals(events, orders))
        brands, categories, colors, dislikes = _Tally(), _Tally(), _Tally(), _Tally()
        chosen: set[str] = set()  # brands the shopper bought, carted, liked or rated well
        sizes: dict[str, Counter[str]] = defaultdict(Counter)
        prices: dict[str, list[float]] = defaultdict(list)
        # each product bought or carted once: "purchase" or "add_to_cart" (for sizes, prices)
        picked: dict[str, str] = {}
        sized_carts: Counter[str] = Counter()  # of those, carted and not bought, per kind
        priced_carts: Counter[str] = Counter()
        for product_id, event, weight in signals:
            product = self.lookup(product_id)
            if not product:
                continue
            brand = str(product.get("brand") or "")
            category = str(product.get("category") or "")
            if event == "dislike":
                if brand:
                    dislikes.add(brand, event, 1.0, product_id)
                for tally, value in ((brands, brand), (categories, category)):
                    if value:
                        tally.add(value, event, -0.5, product_id)
                continue
            for tally, value in ((brands, brand), (categories, category)):
                if value:
                    tally.add(value, event, weight, product_id)
            if event in STRONG and weight > 0 and brand:
                chosen.add(brand.strip().lower())
            if event in STRONG and product.get("color"):
                colors.add(str(product["color"]), event, weight, product_id)
            if event == "purchase" or (event == "add_to_cart" and product_id not in picked):
                picked[product_id] = event  # carted then bought counts once, as bought
        for product_id, event in picked.items():
            product = self.lookup(product_id) or {}
            category = str(product.get("category") or "")
            kind = size_kind(category)
            size = str(product.get("size") or "").strip()
            if kind and size:
                sizes[kind][size] += 1
                sized_carts[kind] += event == "add_to_cart"
            price = _price(product.get("price"))
            if price is not None and category:
                prices[top_category(category)].append(price)
                priced_carts[top_category(category)] += event == "add_to_cart"
        s = self.settings
        items = self._top("brand", brands, s.max_brands)
        items += self._top("category", categories, s.max_categories)
        items += self._top("color", colors, s.max_colors)
        items += self._sizes(sizes, sized_carts)
        items += self._bands(prices, priced_carts)
        items += self._avoided(dislikes, brands, chosen)
        return items

    def _top(self, kind: str, tally: _Tally, limit: int) -> list[ProfileItem]:
        s = self.settings
        total = tally.total()
        ranked = sorted(tally.weight.items(), key=lambda kv: (-kv[1], kv[0]))
        out = []
        for key, weight in ranked[:limit]:
            if weight < s.min_weight or total <= 0 or weight / total < s.min_share:
                continue
            name = tally.display[key]
            share = min(1.0, weight / total * limit)  # a clear favourite among ``limit``
            out.append(
                ProfileItem(
                    kind,
                    name,
                    name,
                    round(_confidence(weight, s.scale) * share, 3),
                    _evidence(tally.counts(key), name, kind),
                )
            )
        return out

    def _sizes(self, sizes: Mapping[str, Counter[str]], carts: Counter[str]) -> list[ProfileItem]:
        out = []
        for kind, counter in sorted(sizes.items()):
            size, n = counter.most_common(1)[0]
            total = sum(counter.values())
            if n < 2 or n / total < self.settings.size_min_share:
                continue
            out.append(
                ProfileItem(
                    "size",
                    kind,
                    size,
                    round((n / total) * _confidence(n, self.settings.scale), 3),
                    f"{n} of {total} {kind} {_bought(carts[kind])} in size {size}",
                )
            )
        return out

    def _bands(self, prices: Mapping[str, list[float]], carts: Counter[str]) -> list[ProfileItem]:
        out = []
        for category, values in sorted(prices.items()):
            if len(values) < self.settings.min_priced:
                continue
            low, high = np.percentile(values, [20, 80])
            band = {"low": round(float(low) * 0.8, 2), "high": round(float(high) * 1.2, 2)}
            out.append(
                ProfileItem(
                    "price_band",
                    category,
                    band,
                    _confidence(len(values), self.settings.scale * 2),
                    f"{len(values)} {category} items {_bought(carts[category])} at {_span(values)}",
                )
            )
        return out

    def _avoided(self, dislikes: _Tally, liked: _Tally, chosen: set[str]) -> list[ProfileItem]:
        """Brands with enough dislikes and nothing of theirs bought, carted, liked or rated
        well (two dislikes and a like of the same brand are a taste for some of its items)."""
        out = []
        for key, count in dislikes.weight.items():
            if (
                count < self.settings.avoid_min_dislikes
                or liked.weight.get(key, 0.0) > 0
                or key in chosen
            ):
                continue
            name = dislikes.display[key]
            out.append(
                ProfileItem(
                    "avoid_brand",
                    name,
                    name,
                    _confidence(count, self.settings.scale),
                    f"disliked {int(count)} {name} items",
                )
            )
        return out


def _signals(events: Iterable[Event], orders: Iterable[Order]) -> Iterable[tuple[str, str, float]]:
    """(product_id, event, weight); order lines count as purchases unless the events already
    hold a purchase of that product (the demo shop logs both)."""
    bought: set[str] = set()
    for e in events:
        if e.event == "rating":
            yield e.product_id, "rating", (float(e.value) - 2.5) / 2.5
        elif e.event == "dislike":
            yield e.product_id, "dislike", -1.0
        elif e.event in EVENT_WEIGHTS:
            if e.event == "purchase":
                bought.add(e.product_id)
            yield e.product_id, e.event, EVENT_WEIGHTS[e.event]
    for order in orders:
        if order.status in ("cancelled", "returned", "refunded"):
            continue
        for line in order.items:
            if line.product_id not in bought:
                yield line.product_id, "purchase", EVENT_WEIGHTS["purchase"]


def _confidence(weight: float, scale: float) -> float:
    return round(min(0.99, 1.0 - math.exp(-max(weight, 0.0) / scale)), 3)


def _evidence(counts: Counter[str], name: str, kind: str) -> str:
    """ "bought 3 Brewlab items, liked 1"; "bought 1 item in Kitchen > Coffee"."""

    def what(n: int) -> str:
        noun = "item" if n == 1 else "items"
        return f"{noun} in {name}" if kind == "category" else f"{name} {noun}"

    parts: list[str] = []
    for event in ("purchase", "add_to_cart", "like", "rating"):
        n = counts.get(event, 0)
        if n:
            parts.append(f"{VERBS[event]} {n}" if parts else f"{VERBS[event]} {n} {what(n)}")
    if not parts:
        looked = counts.get("click", 0) + counts.get("view", 0)
        parts.append(f"looked at {looked} {what(looked)}")
    return ", ".join(parts)


def _bought(carted: int) -> str:
    """How the evidence says the products were chosen: all bought, or some only carted."""
    return "bought or carted" if carted else "bought"


def _span(values: Sequence[float]) -> str:
    low, high = min(values), max(values)
    return f"${low:,.2f}" if low == high else f"${low:,.2f}-${high:,.2f}"


def _price(value: Any) -> float | None:
    try:
        price = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(price) or price < 0 else price


def strongest_interactions(events: Iterable[Event], orders: Iterable[Order] = ()) -> dict[str, str]:
    """product_id -> the shopper's strongest positive interaction with it ("purchase" before
    "add_to_cart", "like", a good "rating", "click", "view"), for reasons that say what the
    shopper did ("you bought", "you looked at"); a dislike or a poor rating is no interest."""
    rank = {kind: n for n, kind in enumerate(INTEREST_ORDER)}
    out: dict[str, str] = {}
    for product_id, event, weight in _signals(events, orders):
        if event in rank and weight > 0:
            held = out.get(product_id)
            if held is None or rank[event] < rank[held]:
                out[product_id] = event
    return out


def purchased_counts(events: Iterable[Event], orders: Iterable[Order] = ()) -> dict[str, int]:
    """product_id -> times bought (events and live orders, each purchase once)."""
    counts: Counter[str] = Counter()
    for product_id, event, _ in _signals(events, orders):
        if event == "purchase":
            counts[product_id] += 1
    return dict(counts)

"""Synthetic shoppers and their interaction logs, with a real taste structure.

Every shopper belongs to a taste group; the group's category, tier and brand preferences
(plus a personal favourite or two) decide which products the shopper meets, and a funnel
(view -> click -> add_to_cart -> purchase, likes, dislikes, ratings) decides what happens
next. Purchases made in one session share one checkout time: that is the order.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from typing import Any

import numpy as np

from assistant.catalog.schema import Product
from assistant.demo.catalog_generator import CatalogDraft
from assistant.demo.taste_groups import TASTE_GROUPS, TasteGroup
from assistant.events import Event

DAY = 86_400
WINDOW_DAYS = 182
RECENT_DAYS = 14
RECENT_SESSION_SHARE = 0.15
EXPLORATION = 0.12
COLD_SHARE = 0.03
PREFERRED_BRAND_BOOST = 3.0
FAVOURITE_BOOST = 2.5

FIRST_NAMES = (
    "Maya", "Liam", "Aisha", "Noah", "Sofia", "Mateo", "Hana", "Ethan", "Priya", "Lucas",
    "Chloe", "Omar", "Grace", "Kenji", "Zoe", "Diego", "Amara", "Felix", "Nora", "Ravi",
    "Elena", "Jonah", "Leila", "Marcus", "Ines", "Theo", "Yara", "Samuel", "Mei", "Oscar",
)  # fmt: skip
LAST_INITIALS = "ABCDEFGHJKLMNOPRSTVWYZ"


@dataclass(frozen=True)
class Shopper:
    user_id: str
    display_name: str
    taste_group: str
    preferred_categories: list[str]
    preferred_brands: list[str]
    price_tier: str
    cold_start: bool
    joined_at: str  # ISO date

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Checkout:
    """The purchases of one session: becomes one order."""

    user_id: str
    timestamp: int
    lines: list[tuple[str, int]]  # (product_id, quantity)


@dataclass
class ShopperDraft:
    shoppers: list[Shopper]
    events: list[Event]
    checkouts: list[Checkout] = field(default_factory=list)


class ShopperSimulation:
    """Draws ``n_shoppers`` shoppers and simulates ~6 months of their activity."""

    def __init__(
        self,
        n_shoppers: int,
        reference_ts: int,
        groups: tuple[TasteGroup, ...] = TASTE_GROUPS,
    ) -> None:
        if n_shoppers < 1:
            raise ValueError(f"n_shoppers must be at least 1, got {n_shoppers}")
        if not groups:
            raise ValueError("at least one taste group is needed")
        self.n_shoppers = n_shoppers
        self.reference_ts = reference_ts
        self.groups = groups

    def run(self, catalog: CatalogDraft, rng: np.random.Generator) -> ShopperDraft:
        products = catalog.products
        categories = [p.category for p in products]
        brands = np.array([p.brand for p in products])
        tiers = catalog.tiers
        pop = catalog.popularity**0.9
        preferred = {g.name: self._preferred_brands(g, catalog, rng) for g in self.groups}
        group_weights: dict[str, np.ndarray] = {}
        for group in self.groups:
            w = pop * np.array([group.category_weight(c) for c in categories])
            w *= np.array([group.tiers[t] for t in tiers])
            w *= np.where(np.isin(brands, preferred[group.name]), PREFERRED_BRAND_BOOST, 1.0)
            if w.sum() <= 0:  # a tiny catalog may lack the group's categories
                w = pop.copy()
            group_weights[group.name] = w / w.sum()

        width = max(3, len(str(self.n_shoppers)))
        n_cold = max(1, round(self.n_shoppers * COLD_SHARE)) if self.n_shoppers >= 10 else 0
        cold = set(rng.choice(self.n_shoppers, size=n_cold, replace=False).tolist())
        draft = ShopperDraft(shoppers=[], events=[])
        group_slots = rng.permutation(self.n_shoppers) % len(self.groups)
        for index in range(self.n_shoppers):
            group = self.groups[int(group_slots[index])]
            user_id = f"u{index + 1:0{width}d}"
            favourites = self._favourites(group, rng)
            weights = group_weights[group.name] * np.array(
                [FAVOURITE_BOOST if c in favourites else 1.0 for c in categories]
            )
            weights = (1 - EXPLORATION) * weights / weights.sum() + EXPLORATION * catalog.popularity
            first_ts = self._simulate_user(
                user_id, index in cold, group, np.cumsum(weights), catalog, draft, rng
            )
            joined = first_ts - int(rng.integers(0, 200)) * DAY
            draft.shoppers.append(
                Shopper(
                    user_id=user_id,
                    display_name=f"{rng.choice(FIRST_NAMES)} {rng.choice(list(LAST_INITIALS))}.",
                    taste_group=group.name,
                    preferred_categories=sorted(
                        group.categories, key=lambda c: -group.categories[c]
                    ),
                    preferred_brands=preferred[group.name],
                    price_tier=group.main_tier(),
                    cold_start=index in cold,
                    joined_at=datetime.fromtimestamp(joined, UTC).date().isoformat(),
                )
            )
        draft.events.sort(key=lambda e: (e.timestamp, e.user_id, e.product_id, e.event))
        draft.checkouts.sort(key=lambda c: (c.timestamp, c.user_id))
        return draft

    @staticmethod
    def _preferred_brands(
        group: TasteGroup, catalog: CatalogDraft, rng: np.random.Generator
    ) -> list[str]:
        ranked_tiers = sorted(group.tiers, key=lambda t: -group.tiers[t])[:2]
        chosen: list[str] = []
        for key in sorted(group.categories):
            pool = sorted(
                {
                    p.brand
                    for p, tier in zip(catalog.products, catalog.tiers, strict=True)
                    if tier in ranked_tiers
                    and (p.category == key or p.category.split(">")[0].strip() == key)
                }
            )
            k = min(group.brands_per_category, len(pool))
            if k:
                chosen.extend(str(b) for b in rng.choice(pool, size=k, replace=False))
        return sorted(set(chosen))

    @staticmethod
    def _favourites(group: TasteGroup, rng: np.random.Generator) -> set[str]:
        keys = sorted(group.categories)
        return {str(k) for k in rng.choice(keys, size=min(2, len(keys)), replace=False)}

    def _simulate_user(
        self,
        user_id: str,
        is_cold: bool,
        group: TasteGroup,
        cdf: np.ndarray,
        catalog: CatalogDraft,
        draft: ShopperDraft,
        rng: np.random.Generator,
    ) -> int:
        """Append one user's events and checkouts; returns their first event time."""
        n_engagements = (
            int(rng.integers(1, 4)) if is_cold else int(np.clip(rng.lognormal(4.0, 0.6), 12, 320))
        )
        items = np.searchsorted(cdf, rng.random(n_engagements) * cdf[-1], side="right")
        items = np.minimum(items, len(catalog.products) - 1)
        window_start = self.reference_ts - WINDOW_DAYS * DAY
        latest_start = self.reference_ts - 3 * 3600
        first_ts = latest_start
        position = 0
        while position < n_engagements:
            size = 1 + int(rng.poisson(3.0))
            session = items[position : position + size]
            position += size
            if rng.random() < RECENT_SESSION_SHARE:
                start = int(rng.integers(latest_start - RECENT_DAYS * DAY, latest_start))
            else:
                start = int(rng.integers(window_start, latest_start))
            first_ts = min(first_ts, start)
            self._session(user_id, group, session, start, catalog, draft, rng)
        return first_ts

    def _session(
        self,
        user_id: str,
        group: TasteGroup,
        items: np.ndarray,
        start: int,
        catalog: CatalogDraft,
        draft: ShopperDraft,
        rng: np.random.Generator,
    ) -> None:
        clock = start
        basket: dict[str, int] = {}
        seen: dict[str, Product] = {}
        events = draft.events

        def emit(pid: str, event: str, ts: int, value: float = 1.0) -> None:
            events.append(Event(user_id, pid, event, value, float(ts)))

        for item in items:
            product = catalog.products[int(item)]
            pid = product.product_id
            seen[pid] = product
            clock += int(rng.integers(20, 240))
            emit(pid, "view", clock)
            if rng.random() < 0.2:
                again = clock + int(rng.integers(60, 5 * DAY))
                emit(pid, "view", min(again, self.reference_ts - 60))
            off_taste = group.tiers[catalog.tiers[int(item)]] < 0.1
            if rng.random() >= 0.45:
                if rng.random() < (0.15 if off_taste else 0.04):
                    emit(pid, "dislike", clock + int(rng.integers(5, 60)))
                continue
            click_ts = clock + int(rng.integers(5, 90))
            emit(pid, "click", click_ts)
            like_p = 0.22 if (product.rating or 0) >= 4.5 else 0.14
            if rng.random() < like_p:
                emit(pid, "like", click_ts + int(rng.integers(10, 300)))
            if rng.random() < 0.28:
                cart_ts = click_ts + int(rng.integers(30, 600))
                emit(pid, "add_to_cart", cart_ts)
                clock = max(clock, cart_ts)
                if pid not in basket and rng.random() < 0.55:
                    basket[pid] = int(rng.choice([1, 2, 3], p=[0.9, 0.08, 0.02]))
        if not basket:
            return
        checkout_ts = clock + int(rng.integers(60, 900))
        lines = sorted(basket.items())
        for pid, qty in lines:
            emit(pid, "purchase", checkout_ts, float(qty))
            product = seen[pid]
            rating_ts = checkout_ts + int(rng.integers(4, 26)) * DAY
            if rating_ts < self.reference_ts and rng.random() < 0.45:
                stars = np.clip(round((product.rating or 4.0) + rng.normal(0, 0.8)), 1, 5)
                emit(pid, "rating", rating_ts, float(stars))
        draft.checkouts.append(Checkout(user_id, checkout_ts, lines))

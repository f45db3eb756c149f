"""How a profile (and the conversation's scenario) moves products in the re-ranker.

``ProfileContext(profile, shaping, lifted).run(products) -> ProfileScores``:

- boosts (summed, clipped to [-1, 1], used as ``w_profile * boost``): a favourite brand
  (+confidence), the usual size (+0.2 confidence), a favourite category (+0.5 confidence),
  a favourite colour (+0.3 confidence), a price inside the usual band of its category (+0.5
  confidence; above the band: down to -0.5 confidence), vegan products for a vegan shopper
  (+0.3);
- soft filters (a violation costs ``soft_filter_penalty``; the shopper sees each active
  filter in ``soft_filters`` and can lift it by key): the usual size for clothing / shoes,
  avoided brands, excluded materials or terms ("no leather", a vegan lifestyle);
- the scenario (``TurnShaping``): a gift ignores the shopper's own size and taste (brands,
  categories, colours, price band) and favours well-rated, in-stock items; a replenish puts
  previously bought items first (``ProfileScores.first``; by score among themselves); an urgent need sinks out-of-stock items.

Reasons are produced only from what actually matched for that product.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from assistant.profile.model import ProfileItem, ShopperProfile, size_kind, top_category
from assistant.rerank.explanations import Reason

REVIEW_SATURATION = math.log1p(200)
GIFT_MIN_RATING = 3.5
MAX_MATCH_REASONS = 2  # size, brand, colour, price band, vegan: the first two that hold


@dataclass(frozen=True)
class TurnShaping:
    """What the scenario changes in this turn (see ``assistant.profile.scenario``)."""

    scenario: str = "browsing"
    use_own_size: bool = True
    use_own_taste: bool = True  # brands, categories, colours and price band (their own)
    gift_boost: float = 0.0  # weight of well-rated, in-stock items
    bought_first: bool = False
    in_stock_first: bool = False
    notes: tuple[str, ...] = ()

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "use_own_size": self.use_own_size,
            "use_own_taste": self.use_own_taste,
            "gift_boost": self.gift_boost,
            "bought_first": self.bought_first,
            "in_stock_first": self.in_stock_first,
            "notes": list(self.notes),
        }


@dataclass(frozen=True)
class SoftFilter:
    key: str  # the profile item key; pass it in ``lifted`` to lift the filter
    label: str  # "your usual shoes size 10", "no leather"
    source: str  # stated | inferred | scenario

    def to_dict(self) -> dict[str, str]:
        return {"key": self.key, "label": self.label, "source": self.source}


@dataclass
class ProfileScores:
    boost: np.ndarray  # in [-1, 1]
    violations: np.ndarray  # number of soft filters each product breaks
    reasons: list[list[Reason]]  # per product, only true statements
    soft_filters: list[SoftFilter] = field(default_factory=list)
    first: np.ndarray | None = None  # bool per product: put first (replenish: bought before)


class ProfileContext:
    """One turn's view of the profile: what is used, what is lifted, how the scenario shapes."""

    def __init__(
        self,
        profile: ShopperProfile,
        shaping: TurnShaping | None = None,
        lifted: Iterable[str] = (),
    ) -> None:
        # personalisation off: nothing of the profile is used; the scenario still shapes
        self.profile = profile if profile.enabled else ShopperProfile.empty(profile.user_id, False)
        self.shaping = shaping or TurnShaping()
        self._index = _ProfileIndex(self.profile)
        self.lifted = {k.strip().lower() for k in lifted}

    @property
    def active(self) -> bool:
        return (
            bool(self.profile.items)
            or self.shaping.gift_boost > 0
            or self.shaping.in_stock_first
            or self._uses_bought()
        )

    def _uses_bought(self) -> bool:
        return self.shaping.bought_first and bool(self.profile.purchased)

    def _on(self, item: ProfileItem | None) -> ProfileItem | None:
        return item if item is not None and item.key not in self.lifted else None

    def soft_filters(self) -> list[SoftFilter]:
        """The filters this turn applies (shown to the shopper with a way to lift each)."""
        out = []
        if self.shaping.use_own_size:
            for kind in ("clothing", "shoes"):
                item = self._on(self.profile.size(kind))
                if item:
                    out.append(
                        SoftFilter(item.key, f"your usual {kind} size {item.value}", item.source)
                    )
        for item in self.profile.avoided_brands().values() if self.shaping.use_own_taste else []:
            if self._on(item):
                out.append(SoftFilter(item.key, f"no {item.value}", item.source))
        seen = set()
        for term, item in self.profile.exclusions().items():
            if self._on(item) and item.key not in seen:
                seen.add(item.key)
                label = "vegan" if item.kind == "lifestyle" else f"no {term}"
                out.append(SoftFilter(item.key, label, item.source))
        if self.shaping.in_stock_first:
            out.append(SoftFilter("scenario:in_stock", "in stock now", "scenario"))
        return out

    def run(self, products: Sequence[Mapping[str, Any]]) -> ProfileScores:
        n = len(products)
        boost, violations = np.zeros(n), np.zeros(n)
        first = np.zeros(n, dtype=bool)
        reasons: list[list[Reason]] = [[] for _ in range(n)]
        filters = self.soft_filters()
        for i, product in enumerate(products):
            b, v, r = self._score(product)
            boost[i], violations[i], reasons[i] = b, v, r
            if self._uses_bought() and self.profile.purchased.get(str(product.get("product_id"))):
                first[i] = True
                reasons[i].insert(0, Reason("you bought this before", "profile"))
        return ProfileScores(boost, violations, reasons, filters, first)

    def _score(self, p: Mapping[str, Any]) -> tuple[float, int, list[Reason]]:
        s, prof = self.shaping, self._index
        boost, violations, reasons = 0.0, 0, []
        brand = str(p.get("brand") or "").strip()
        category = str(p.get("category") or "")
        fav = self._on(prof.brands().get(brand.lower())) if brand else None
        if fav and s.use_own_taste:
            boost += fav.confidence
            reasons.append(Reason(_brand_reason(fav, brand), "profile"))
        for item in prof.categories() if s.use_own_taste else []:
            if self._on(item) and _in_category(category, str(item.value)):
                boost += 0.5 * item.confidence
                break
        if s.use_own_taste:
            color = str(p.get("color") or "").strip().lower()
            liked = self._on(prof.colors().get(color)) if color else None
            if liked:
                boost += 0.3 * liked.confidence
                said = "a colour you like" if liked.source == "stated" else "as you chose before"
                reasons.append(Reason(f"in {color}, {said}", "profile"))
            band = self._on(prof.price_band(category)) if category else None
            price = _number(p.get("price"))
            if band and price is not None:
                low, high = float(band.value["low"]), float(band.value["high"])
                if low <= price <= high:
                    boost += 0.5 * band.confidence
                    reasons.append(
                        Reason(f"in your usual {top_category(category)} price range", "profile")
                    )
                elif price > high > 0:
                    boost -= 0.5 * band.confidence * min(1.0, (price - high) / high)
        vegan = prof.vegan
        if vegan and str((p.get("attributes") or {}).get("vegan", "")).lower() == "yes":
            boost += 0.3
            reasons.append(Reason("vegan", "profile"))
        violations, notes = self._violations(p, brand, category)
        if s.use_own_size and not violations:
            kind = size_kind(category)
            usual = self._on(prof.size(kind)) if kind else None
            if usual and _same_size(p.get("size"), usual.value):
                boost += 0.2 * usual.confidence
                reasons.insert(0, Reason(f"in your usual size {usual.value}", "profile"))
        if s.gift_boost > 0:
            boost += s.gift_boost * _giftable(p)
        # every broken soft filter is said; of the matches, the most specific few
        return max(-1.0, min(1.0, boost)), violations, notes + reasons[:MAX_MATCH_REASONS]

    def _violations(
        self, p: Mapping[str, Any], brand: str, category: str
    ) -> tuple[int, list[Reason]]:
        prof, count, notes = self._index, 0, []
        if self.shaping.use_own_size:
            kind = size_kind(category)
            item = self._on(prof.size(kind)) if kind else None
            size = str(p.get("size") or "").strip()
            if item and size and not _same_size(size, item.value):
                count += 1
                notes.append(Reason(f"not your usual size {item.value}", "profile_filter"))
        own = brand and self.shaping.use_own_taste
        avoided = self._on(prof.avoided_brands().get(brand.lower())) if own else None
        if avoided:
            count += 1
            notes.append(Reason(f"{brand}, which you avoid", "profile_filter"))
        text = _text(p)
        for term, item in prof.exclusions().items():
            if self._on(item) and _mentions(text, term):
                count += 1
                notes.append(Reason(f"contains {term}", "profile_filter"))
                break
        urgent = self.shaping.in_stock_first and "scenario:in_stock" not in self.lifted
        if urgent and p.get("in_stock") is False:
            count += 1
            notes.append(Reason("not in stock now", "profile_filter"))
        return count, notes


class _ProfileIndex:
    """The profile's lookups computed once per turn (``ShopperProfile`` rebuilds them)."""

    def __init__(self, profile: ShopperProfile) -> None:
        self.items = profile.items
        self._brands = profile.brands()
        self._avoided = profile.avoided_brands()
        self._colors = profile.colors()
        self._exclusions = profile.exclusions()
        self._categories = profile.categories()
        self._by_key = {i.key: i for i in profile.items}
        self.vegan = any(i.kind == "lifestyle" and i.value == "vegan" for i in profile.items)

    def brands(self) -> dict[str, ProfileItem]:
        return self._brands

    def avoided_brands(self) -> dict[str, ProfileItem]:
        return self._avoided

    def colors(self) -> dict[str, ProfileItem]:
        return self._colors

    def exclusions(self) -> dict[str, ProfileItem]:
        return self._exclusions

    def categories(self) -> list[ProfileItem]:
        return self._categories

    def size(self, kind: str) -> ProfileItem | None:
        return self._by_key.get(f"size:{kind}")

    def price_band(self, category: str) -> ProfileItem | None:
        return self._by_key.get(f"price_band:{top_category(category).lower()}")


def _in_category(category: str, wanted: str) -> bool:
    c, w = category.lower(), wanted.lower()
    return bool(c) and (c == w or c.startswith(w + " >"))


def _same_size(size: Any, wanted: Any) -> bool:
    a, b = str(size or "").strip().upper(), str(wanted or "").strip().upper()
    if not a or not b:
        return False
    try:
        return float(a) == float(b)
    except ValueError:
        return a == b


def _number(value: Any) -> float | None:
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(out) else out


def _giftable(p: Mapping[str, Any]) -> float:
    """0 below 3.5 stars or out of stock; up to 1 for 5 stars from 200+ reviews."""
    rating = _number(p.get("rating"))
    if rating is None or rating <= GIFT_MIN_RATING or p.get("in_stock") is False:
        return 0.0
    reviews = _number(p.get("review_count")) or 0.0
    stars = min(1.0, (rating - GIFT_MIN_RATING) / (5.0 - GIFT_MIN_RATING))
    return stars * min(1.0, math.log1p(reviews) / REVIEW_SATURATION)


def _text(p: Mapping[str, Any]) -> str:
    attrs = p.get("attributes") or {}
    material = attrs.get("material", "") if isinstance(attrs, Mapping) else ""
    features = attrs.get("features", "") if isinstance(attrs, Mapping) else ""
    return " ".join(str(x) for x in (p.get("title", ""), material, features)).lower()


def _mentions(text: str, term: str) -> bool:
    """``term`` as a word, not as "vegan leather" / "faux leather" / "leather-free"."""
    for m in re.finditer(rf"\b{re.escape(term)}\b", text):
        before = text[max(0, m.start() - 7) : m.start()]
        after = text[m.end() : m.end() + 5]
        if not re.search(r"(vegan|faux|free|no|non)[\s-]*$", before) and not after.startswith(
            "-free"
        ):
            return True
    return False


def _brand_reason(item: ProfileItem, brand: str) -> str:
    """A stated favourite is "you like X"; an inferred one says what the shopper did, from
    the evidence's first clause ("bought 3 Blue Harbor items" -> "you bought 3 Blue Harbor
    items"), never "often" on one purchase."""
    if item.source == "stated":
        return f"you like {brand}"
    first = item.evidence.split(", ")[0].strip()
    return f"you {first}" if first else f"you chose {brand} before"

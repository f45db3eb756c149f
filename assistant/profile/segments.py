"""Shopper segments: clusters of shoppers (CF vectors + profile features), described in words.

Features per shopper (each block scaled to unit norm, then weighted):
- CF vector: the shopper's row of a truncated SVD of the user x item confidence matrix
  (log(1 + summed event weight)), i.e. the latent taste the CF models also see;
- category shares: the shopper's positive event weight per top-level category;
- price position: the mean of log(price / median price of the product's category), over
  what the shopper bought or put in the cart (or engaged with, when nothing was bought).
K-means (k given, or the best silhouette in 3..8) groups them. Each segment is described
from its own numbers: price word (budget / mid-range / premium, from the price position) and
the categories with the highest share and lift, e.g. "budget kitchen buyers"; the JSON adds
sizes, top categories and brands, the typical price, and what its shoppers ask in chat
(top intents and entities from stored turns, when there are any).
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

import numpy as np

from assistant.events import Event
from assistant.profile.model import top_category
from assistant.store.records import TurnRecord

WEIGHTS = {"purchase": 1.0, "add_to_cart": 0.6, "like": 0.5, "rating": 0.4, "click": 0.25}
BLOCK_WEIGHTS = {"cf": 1.0, "categories": 1.5, "price": 0.8}
PRICE_WORDS = ((-0.12, "budget"), (0.12, "mid-range"))  # below -0.12: budget; above 0.12: premium


@dataclass
class Segment:
    segment_id: int
    name: str
    description: str
    size: int
    share: float
    price_position: float  # mean log(price / category median); < 0 cheaper than usual
    top_categories: list[dict[str, Any]] = field(default_factory=list)
    top_brands: list[dict[str, Any]] = field(default_factory=list)
    typical_price: float | None = None
    asks: dict[str, Any] = field(default_factory=dict)
    members: list[str] = field(default_factory=list)

    def to_dict(self, with_members: bool = False) -> dict[str, Any]:
        out = asdict(self)
        if not with_members:
            out.pop("members")
        return out


@dataclass
class Segmentation:
    segments: list[Segment]
    assignments: dict[str, int]  # user_id -> segment_id
    k: int
    silhouette: float

    def to_dict(self, with_members: bool = False) -> dict[str, Any]:
        return {
            "k": self.k,
            "shoppers": len(self.assignments),
            "silhouette": round(self.silhouette, 4),
            "segments": [s.to_dict(with_members) for s in self.segments],
        }


class SegmentBuilder:
    def __init__(
        self,
        products: Mapping[str, Mapping[str, Any]],
        k: int | None = None,
        cf_dims: int = 16,
        min_events: int = 3,
        seed: int = 0,
    ) -> None:
        if k is not None and not 2 <= k <= 20:
            raise ValueError(f"segments k must be in 2..20, got {k}")
        self.products = products
        self.k = k
        self.cf_dims = cf_dims
        self.min_events = min_events
        self.seed = seed
        self._medians = _category_medians(products)

    def run(self, events: Iterable[Event], turns: Iterable[TurnRecord] = ()) -> Segmentation:
        from sklearn.cluster import KMeans
        from sklearn.metrics import silhouette_score
        from threadpoolctl import threadpool_limits

        by_user: dict[str, list[Event]] = defaultdict(list)
        for e in events:
            if e.product_id in self.products:
                by_user[e.user_id].append(e)
        users = sorted(u for u, ev in by_user.items() if len(ev) >= self.min_events)
        if len(users) < 4:
            raise ValueError(f"need at least 4 shoppers with {self.min_events}+ events to segment")
        cats = sorted({top_category(str(p.get("category") or "")) for p in self.products.values()})
        cats = [c for c in cats if c]
        x, shares, price_pos = self._features(users, by_user, cats)
        with threadpool_limits(limits=1):
            candidates = [self.k] if self.k else list(range(3, min(8, len(users) - 1) + 1))
            best: tuple[float, Any] | None = None
            for k in candidates:
                model = KMeans(n_clusters=k, n_init=10, random_state=self.seed).fit(x)
                score = float(silhouette_score(x, model.labels_)) if k > 1 else 0.0
                if best is None or score > best[0]:
                    best = (score, model)
        assert best is not None
        silhouette, model = best
        labels = model.labels_
        user_turns = _turns_by_user(turns)
        overall = shares.mean(axis=0)
        segments = []
        for seg in range(int(labels.max()) + 1):
            idx = np.flatnonzero(labels == seg)
            members = [users[i] for i in idx]
            segments.append(
                self._describe(
                    seg, members, shares[idx], price_pos[idx], overall, cats, by_user, user_turns
                )
            )
        segments.sort(key=lambda s: -s.size)
        renumber = {s.segment_id: n for n, s in enumerate(segments)}
        for s in segments:
            s.segment_id = renumber[s.segment_id]
            s.share = round(s.size / len(users), 4)
        _disambiguate(segments)
        assignments = {u: renumber[int(labels[n])] for n, u in enumerate(users)}
        return Segmentation(segments, assignments, len(segments), silhouette)

    # -- features -----------------------------------------------------------------------
    def _features(
        self, users: Sequence[str], by_user: Mapping[str, list[Event]], cats: Sequence[str]
    ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        from scipy.sparse import csr_matrix
        from sklearn.decomposition import TruncatedSVD

        items = sorted({e.product_id for u in users for e in by_user[u]})
        item_index = {p: i for i, p in enumerate(items)}
        cat_index = {c: i for i, c in enumerate(cats)}
        cells: dict[tuple[int, int], float] = defaultdict(float)
        shares = np.zeros((len(users), len(cats)))
        price_pos = np.zeros(len(users))
        for row, user in enumerate(users):
            strong: list[float] = []
            weak: list[float] = []
            for e in by_user[user]:
                w = WEIGHTS.get(e.event, 0.1 if e.event == "view" else 0.0)
                if w <= 0:
                    continue
                cells[(row, item_index[e.product_id])] += w
                product = self.products[e.product_id]
                cat = top_category(str(product.get("category") or ""))
                if cat in cat_index:
                    shares[row, cat_index[cat]] += w
                pos = self._price_position(product)
                if pos is not None:
                    (strong if e.event in ("purchase", "add_to_cart") else weak).append(pos)
            total = shares[row].sum()
            shares[row] = shares[row] / total if total > 0 else shares[row]
            chosen = strong or weak
            price_pos[row] = float(np.mean(chosen)) if chosen else 0.0
        keys = list(cells)
        matrix = csr_matrix(
            (
                np.log1p([cells[k] for k in keys]),
                ([k[0] for k in keys], [k[1] for k in keys]),
            ),
            shape=(len(users), len(items)),
        )
        dims = max(1, min(self.cf_dims, len(users) - 1, len(items) - 1))
        cf = TruncatedSVD(n_components=dims, random_state=self.seed).fit_transform(matrix)
        blocks = [
            BLOCK_WEIGHTS["cf"] * _unit_rows(cf),
            BLOCK_WEIGHTS["categories"] * _unit_rows(shares),
            BLOCK_WEIGHTS["price"]
            * (price_pos / max(float(np.abs(price_pos).max()), 1e-9))[:, None],
        ]
        return np.hstack(blocks), shares, price_pos

    def _price_position(self, product: Mapping[str, Any]) -> float | None:
        try:
            price = float(product.get("price"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            return None
        median = self._medians.get(str(product.get("category") or ""))
        if not median or price <= 0 or math.isnan(price):
            return None
        return math.log(price / median)

    # -- descriptions ---------------------------------------------------------------------
    def _describe(
        self,
        seg: int,
        members: list[str],
        shares: np.ndarray,
        price_pos: np.ndarray,
        overall: np.ndarray,
        cats: Sequence[str],
        by_user: Mapping[str, list[Event]],
        turns: Mapping[str, list[TurnRecord]],
    ) -> Segment:
        mean = shares.mean(axis=0)
        lift = mean / np.where(overall > 0, overall, 1.0)
        ranked = sorted(range(len(cats)), key=lambda c: -mean[c] * math.sqrt(lift[c]))
        top = [c for c in ranked[:4] if mean[c] >= 0.05]
        position = float(np.mean(price_pos)) if len(price_pos) else 0.0
        word = next((w for limit, w in PRICE_WORDS if position < limit), "premium")
        lead = [cats[c].lower() for c in top[:2] if mean[c] >= 0.2] or [cats[top[0]].lower()]
        name = f"{word} {' & '.join(lead)} buyers"
        brands: Counter[str] = Counter()
        prices: list[float] = []
        for user in members:
            for e in by_user[user]:
                if e.event in ("purchase", "add_to_cart"):
                    p = self.products[e.product_id]
                    if p.get("brand"):
                        brands[str(p["brand"])] += 1
                    if p.get("price") is not None:
                        prices.append(float(p["price"]))
        typical = round(float(np.median(prices)), 2) if prices else None
        top_cats = [{"category": cats[c], "share": round(float(mean[c]), 3)} for c in top]
        top_brands = [{"brand": b, "bought_or_carted": n} for b, n in brands.most_common(5)]
        description = (
            f"{len(members)} shoppers who mostly buy "
            + ", ".join(f"{c['category']} ({c['share']:.0%})" for c in top_cats[:3])
            + f"; they pay {_relative(position)} the category median"
            + (f" (typical item ${typical:,.2f})" if typical is not None else "")
            + (
                f"; favourite brands: {', '.join(b for b, _ in brands.most_common(3))}"
                if brands
                else ""
            )
        )
        return Segment(
            segment_id=seg,
            name=name,
            description=description,
            size=len(members),
            share=0.0,
            price_position=round(position, 4),
            top_categories=top_cats,
            top_brands=top_brands,
            typical_price=typical,
            asks=_asks(members, turns),
            members=members,
        )


def _category_medians(products: Mapping[str, Mapping[str, Any]]) -> dict[str, float]:
    prices: dict[str, list[float]] = defaultdict(list)
    for p in products.values():
        try:
            price = float(p.get("price"))  # type: ignore[arg-type]
        except (TypeError, ValueError):
            continue
        if price > 0 and not math.isnan(price):
            prices[str(p.get("category") or "")].append(price)
    return {c: float(np.median(v)) for c, v in prices.items() if v}


def _unit_rows(x: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(x, axis=1, keepdims=True)
    return x / np.where(norms > 0, norms, 1.0)


def _relative(position: float) -> str:
    pct = (math.exp(position) - 1) * 100
    if abs(pct) < 5:
        return "about"
    return f"{abs(pct):.0f}% {'above' if pct > 0 else 'below'}"


def _turns_by_user(turns: Iterable[TurnRecord]) -> dict[str, list[TurnRecord]]:
    out: dict[str, list[TurnRecord]] = defaultdict(list)
    for t in turns:
        if t.role == "user":
            out[t.user_id].append(t)
    return out


def _asks(members: Sequence[str], turns: Mapping[str, list[TurnRecord]]) -> dict[str, Any]:
    intents: Counter[str] = Counter()
    asked: Counter[str] = Counter()
    messages = 0
    for user in members:
        for t in turns.get(user, []):
            messages += 1
            if t.intent:
                intents[t.intent] += 1
            entities = t.data.get("entities") if isinstance(t.data, dict) else None
            if isinstance(entities, dict):
                for key in ("category", "brand", "color"):
                    if entities.get(key):
                        asked[f"{key}: {entities[key]}"] += 1
    return {
        "messages": messages,
        "top_intents": [{"intent": i, "n": n} for i, n in intents.most_common(3)],
        "top_requests": [{"what": w, "n": n} for w, n in asked.most_common(5)],
    }


def _disambiguate(segments: list[Segment]) -> None:
    """Two segments with the same generated name get their third category added."""
    seen: Counter[str] = Counter(s.name for s in segments)
    for s in segments:
        if seen[s.name] > 1 and len(s.top_categories) > 2:
            extra = s.top_categories[2]["category"].lower()
            s.name = s.name.replace(" buyers", f" (+ {extra}) buyers")

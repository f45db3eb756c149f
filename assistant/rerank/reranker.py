"""The re-ranker: retrieval hits -> the shopper's final list, each with its reasons.

final = w_relevance * relevance + w_cf * cf + w_popularity * popularity - diversity_penalty

- relevance: ``SearchHit.fused`` (already in [0, 1]).
- cf: the user's affinity from the personalizer (history model, else session similarity),
  divided by the largest positive affinity among the hits, so in [0, 1]; a disliked product
  gets -1 (it sinks by w_cf), a product the profile says was bought 0 (CF is for what comes
  next). 0 for everyone when nothing is known about the shopper.
- popularity: (rating / 5) * min(1, log(1 + review_count) / log(1 + 1000)) from the product's
  catalog fields; products without a rating use their interaction count from the CF data,
  divided by the largest among the hits.
- diversity_penalty: MMR over product-vector or title/brand similarity (``diversity``); then
  at most ``max_same_title`` products of one title and ``max_same_brand`` of one brand ahead
  of the others (the brand cap off when the shopper asked for brands).
- ``- out_of_stock_penalty`` for a product whose ``in_stock`` is False: an in-stock close
  match goes first; a clearly better match still shows (and is named as out of stock).
- with a ``profile`` (``assistant.profile.ProfileContext``): ``+ w_profile * profile`` (brand,
  category, colour, price-band, size boosts; "bought before" for a replenish) and
  ``- soft_filter_penalty * profile_filter`` (soft filters broken: size, exclusions, avoided
  brands). Both are 0 without a profile or with personalisation off. Products the profile
  puts first (a replenish: bought before) come right after the named ones.
Only hits are ranked (nothing is ever added) and products the shopper named come first.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from assistant.recommend.personalizer import Personalizer
from assistant.rerank.diversity import (
    cap_repeats,
    mmr_order,
    title_brand_similarity,
    vector_similarity,
)
from assistant.rerank.explanations import (
    Reason,
    capacity_reason,
    cf_reason,
    matched_terms_reason,
    popularity_reason,
    price_limit_reason,
    weight_limit_reason,
)
from assistant.retrieval.types import Filters, SearchHit
from assistant.settings import RerankSettings

if TYPE_CHECKING:
    from assistant.profile.scoring import ProfileContext

REVIEW_SATURATION = math.log1p(1000)
POPULARITY_REASON_MIN = 0.5


@dataclass
class RankedProduct:
    product_id: str
    title: str
    price: float | None
    brand: str
    image_url: str
    score: float
    components: dict[str, float]  # relevance, cf, popularity, diversity_penalty
    reasons: list[str]
    product: dict[str, Any] = field(default_factory=dict)
    reason_sources: list[str] = field(default_factory=list)  # one per reason

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out.pop("reason_sources")
        return out


class Reranker:
    def __init__(
        self,
        settings: RerankSettings,
        personalizer: Personalizer | None = None,
        titles: Mapping[str, str] | None = None,
        kinds: Mapping[str, str] | None = None,
    ) -> None:
        """``titles`` name history products in reasons; ``kinds`` (product_id -> top-level
        category) keep a personal reason to a history product of the same kind."""
        weights = (settings.w_relevance, settings.w_cf, settings.w_popularity)
        if min(weights) < 0 or sum(weights) <= 0:
            raise ValueError("re-rank weights must be >= 0 and not all zero")
        if min(settings.w_profile, settings.soft_filter_penalty, settings.out_of_stock_penalty) < 0:
            raise ValueError("w_profile, soft_filter_penalty and out_of_stock_penalty must be >= 0")
        if not 0 <= settings.diversity <= 1:
            raise ValueError("rerank diversity must be in [0, 1]")
        if min(settings.max_same_title, settings.max_same_brand) < 0:
            raise ValueError("max_same_title and max_same_brand must be >= 0 (0 = no cap)")
        self.settings = settings
        self.personalizer = personalizer
        self.titles: Mapping[str, str] = titles or {}
        self.kinds: Mapping[str, str] = kinds or {}

    def run(
        self,
        hits: list[SearchHit],
        user_id: str | None,
        session_items: list[str],
        filters: Filters,
        named_product_ids: Sequence[str] = (),
        k: int = 10,
        vectors: np.ndarray | None = None,
        profile: ProfileContext | None = None,
    ) -> list[RankedProduct]:
        if k <= 0 or not hits:
            return []
        first: dict[str, int] = {}
        for n, h in enumerate(hits):
            first.setdefault(h.product_id, n)
        keep = list(first.values())  # the first hit of each product, in retrieval order
        unique = [hits[n] for n in keep]
        ids = [h.product_id for h in unique]
        vecs = None if vectors is None else np.asarray(vectors)[keep]
        s = self.settings
        relevance = np.array([min(max(h.fused, 0.0), 1.0) for h in unique])
        cf, source = self._cf(user_id, session_items, ids)
        interactions = profile.profile.interactions if profile is not None else {}
        # CF lifts what the shopper may like next: a product already bought is not lifted by
        # its own purchase (a replenish puts it first through the profile instead)
        bought = np.array([interactions.get(pid) == "purchase" for pid in ids])
        cf = np.where(bought, np.minimum(cf, 0.0), cf)
        popularity = self._popularity(unique)
        sold_out = np.array([h.product.get("in_stock") is False for h in unique], dtype=float)
        base = s.w_relevance * relevance + s.w_cf * cf + s.w_popularity * popularity
        base = base - s.out_of_stock_penalty * sold_out
        scored = None
        if profile is not None and profile.active:
            scored = profile.run([{**h.product, "product_id": h.product_id} for h in unique])
            base = base + s.w_profile * scored.boost - s.soft_filter_penalty * scored.violations
        sim = (
            vector_similarity(vecs)
            if vecs is not None and len(vecs) == len(unique)
            else title_brand_similarity(
                [str(h.product.get("title", "")) for h in unique],
                [str(h.product.get("brand", "")) for h in unique],
            )
        )
        order, penalty = mmr_order(base, sim, s.diversity, top=k)
        order = cap_repeats(order, [_title_key(h.product) for h in unique], s.max_same_title)
        if not filters.brands:
            brands = [_key(h.product.get("brand")) for h in unique]
            order = cap_repeats(order, brands, s.max_same_brand)
        named = [i for p in dict.fromkeys(named_product_ids) for i, q in enumerate(ids) if q == p]
        if scored is not None and scored.first is not None and scored.first.any():
            order = [i for i in order if scored.first[i]] + [
                i for i in order if not scored.first[i]
            ]
        order = named + [i for i in order if i not in named]
        out = []
        for i in order[: max(k, len(named))]:
            components = {
                "relevance": float(relevance[i]),
                "cf": float(cf[i]),
                "popularity": float(popularity[i]),
                "diversity_penalty": float(penalty[i]),
                "profile": float(scored.boost[i]) if scored else 0.0,
                "profile_filter": float(scored.violations[i]) if scored else 0.0,
                "out_of_stock": float(sold_out[i]),
            }
            reasons = self._reasons(
                unique[i], components, user_id, session_items, filters, source, interactions
            )
            if scored is not None:
                reasons = _with_profile_reasons(reasons, scored.reasons[i])
            out.append(self._ranked(unique[i], float(base[i] - penalty[i]), components, reasons))
        return out

    # -- components -------------------------------------------------------------------
    def _cf(
        self, user_id: str | None, session: Sequence[str], ids: list[str]
    ) -> tuple[np.ndarray, str]:
        if self.personalizer is None:
            return np.zeros(len(ids)), "none"
        aff = self.personalizer.affinity(user_id, session, ids)
        raw = aff.scores
        finite = np.isfinite(raw)
        top = float(raw[finite].max()) if finite.any() else 0.0
        cf = np.where(finite, np.clip(raw, 0.0, None) / top if top > 0 else 0.0, -1.0)
        return cf, aff.source

    def _popularity(self, hits: Sequence[SearchHit]) -> np.ndarray:
        out = np.zeros(len(hits))
        counts = np.zeros(len(hits))
        if self.personalizer is not None:
            data = self.personalizer.model.data
            idx = data.indices_of([h.product_id for h in hits])
            pop = data.item_popularity()
            counts[idx >= 0] = pop[idx[idx >= 0]]
        peak = counts.max() if counts.size else 0.0
        for n, h in enumerate(hits):
            rating = h.product.get("rating")
            if rating is not None and not (isinstance(rating, float) and math.isnan(rating)):
                reviews = float(h.product.get("review_count") or 0)
                out[n] = (float(rating) / 5.0) * min(1.0, math.log1p(reviews) / REVIEW_SATURATION)
            elif peak > 0:
                out[n] = counts[n] / peak
        return np.clip(out, 0.0, 1.0)

    # -- explanations -----------------------------------------------------------------
    def _reasons(
        self,
        hit: SearchHit,
        components: dict[str, float],
        user_id: str | None,
        session: Sequence[str],
        filters: Filters,
        source: str,
        interactions: Mapping[str, str],
    ) -> list[Reason]:
        reasons = [
            matched_terms_reason(hit.matched_terms, components["relevance"]),
            price_limit_reason(hit.product.get("price"), filters),
            weight_limit_reason(hit.product.get("attributes"), filters),
            capacity_reason(hit.product.get("attributes"), filters),
        ]
        if self.personalizer is not None and components["cf"] > 0 and source != "none":
            explanation = self.personalizer.explain(user_id, session, hit.product_id)
            reasons.append(
                cf_reason(
                    explanation,
                    components["cf"],
                    self.settings.cf_reason_min,
                    self.titles,
                    source,
                    interactions,
                    self.kinds,
                )
            )
        reasons.append(
            popularity_reason(
                hit.product,
                components["popularity"],
                POPULARITY_REASON_MIN,
                self.settings.popularity_reason_min_reviews,
                self.settings.popularity_reason_min_rating,
            )
        )
        return [r for r in reasons if r is not None]

    @staticmethod
    def _ranked(
        hit: SearchHit, score: float, components: dict[str, float], reasons: list[Reason]
    ) -> RankedProduct:
        p = hit.product
        price = p.get("price")
        return RankedProduct(
            product_id=hit.product_id,
            title=str(p.get("title", "")),
            price=float(price) if price is not None else None,
            brand=str(p.get("brand", "") or ""),
            image_url=str(p.get("image_url", "") or ""),
            score=score,
            components=components,
            reasons=[r.text for r in reasons],
            product=dict(p),
            reason_sources=[r.source for r in reasons],
        )


def _with_profile_reasons(reasons: list[Reason], profile: list[Reason]) -> list[Reason]:
    """Profile reasons after the query match ("bought before" first); no repeated text."""
    first = [r for r in profile if r.text == "you bought this before"]
    rest = [r for r in profile if r.text != "you bought this before"]
    merged = first + reasons[:2] + rest + reasons[2:]
    out: dict[str, Reason] = {}
    for reason in merged:
        out.setdefault(reason.text, reason)
    return list(out.values())


def _key(value: Any) -> str:
    return " ".join(str(value or "").lower().split())


def _title_key(product: Mapping[str, Any]) -> str:
    """The title without the product's colour: "Dragon Keep Board Game, Blue" and "Dragon
    Keep Board Game" are the same listing in two colours."""
    words = re.findall(r"[a-z0-9]+", str(product.get("title") or "").lower())
    colour = set(re.findall(r"[a-z0-9]+", str(product.get("color") or "").lower()))
    return " ".join(w for w in words if w not in colour)

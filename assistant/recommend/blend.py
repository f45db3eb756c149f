"""The shipped model: ALS + EASE + the user's own recent items ("buy again").

score(u, i) = (1 - w_ease) * als(u, i) / max|als(u, ·)|
            + w_ease * ease(u, i) / max|ease(u, ·)|
            + w_repeat * rep(u, i) / max rep(u, ·)
            + w_trend * trend(i) / max trend
with trend(i) the number of users who interacted with i in the last ``trend_days`` of the
training data (seasonal popularity), rep(u, i) = confidence(u, i) * exp(-age(u, i) / tau), age in days before the user's
latest event. ALS and EASE see the user's history decayed by age (``history_tau_days``).
Every personal part splits into per-history-item contributions (``explain``); the trend part
belongs to no history item.
EASE is left out (w_ease = 0) when the catalog has more than its ``max_items``.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Mapping
from typing import Any

import numpy as np

from assistant.recommend.als import ALSRecommender
from assistant.recommend.base import Recommender
from assistant.recommend.ease import EASERecommender
from assistant.recommend.interactions import InteractionMatrix

DAY = 86_400.0


class BlendRecommender(Recommender):
    name = "blend"

    def __init__(
        self,
        als: ALSRecommender,
        ease: EASERecommender,
        w_ease: float = 0.6,
        w_repeat: float = 1.0,
        tau_days: float = 90.0,
        w_trend: float = 0.0,
        trend_days: float = 30.0,
        event_weights: Mapping[str, float] | None = None,
    ) -> None:
        super().__init__(event_weights)
        if not 0 <= w_ease <= 1 or min(w_repeat, w_trend) < 0 or min(tau_days, trend_days) <= 0:
            raise ValueError("blend needs 0 <= w_ease <= 1, weights >= 0, positive windows")
        self.w_trend, self.trend_days = w_trend, trend_days
        self.trend = np.zeros(0)
        self._scale_cache: OrderedDict[str, list[float]] = OrderedDict()
        self.als, self.ease = als, ease
        self.w_ease, self.w_repeat, self.tau_days = w_ease, w_repeat, tau_days
        self.use_ease = w_ease > 0

    def _fit(self, data: InteractionMatrix) -> None:
        self.als.fit(data)
        self._scale_cache.clear()
        trend = data.trending(self.trend_days)
        self.trend = trend / _peak(trend)
        self.use_ease = self.w_ease > 0 and data.n_items <= self.ease.max_items
        if self.use_ease:
            self.ease.fit(data)
        else:
            self.ease._data = data

    def _share(self) -> tuple[float, float]:
        w = self.w_ease if self.use_ease else 0.0
        return 1.0 - w, w

    def _repeat(self, user_id: str) -> np.ndarray:
        items, weights, ts = self.data.row_arrays(user_id)
        out = np.zeros(self.data.n_items)
        if len(items):
            out[items] = np.log1p(weights) * np.exp(-(ts.max() - ts) / DAY / self.tau_days)
        return out

    def _repeat_one(self, user_id: str, item: int) -> float:
        """``_repeat(user_id)[item]`` without building the whole row."""
        items, weights, ts = self.data.row_arrays(user_id)
        at = int(np.searchsorted(items, item))
        if at == len(items) or items[at] != item:
            return 0.0
        age_days = (ts.max() - ts[at]) / DAY
        return float(np.log1p(weights[at]) * np.exp(-age_days / self.tau_days))

    def _parts(self, user_id: str) -> list[tuple[float, np.ndarray]]:
        """(scale, raw scores) per part; the blended score is Σ scale * raw."""
        w_als, w_ease = self._share()
        parts = [(w_als, self.als._scores(user_id))]
        if w_ease > 0:
            parts.append((w_ease, self.ease._scores(user_id)))
        if self.w_repeat > 0:
            parts.append((self.w_repeat, self._repeat(user_id)))
        return [(w / _peak(raw), raw) for w, raw in parts]

    def _scores(self, user_id: str) -> np.ndarray:
        total = self.w_trend * self.trend if self.w_trend > 0 else np.zeros(self.data.n_items)
        parts = self._parts(user_id)
        for scale, raw in parts:
            total = total + scale * raw
        self._remember_scales(user_id, [scale for scale, _ in parts])  # explanations need them
        return total

    def _remember_scales(self, user_id: str, scales: list[float]) -> None:
        self._scale_cache[user_id] = scales
        while len(self._scale_cache) > 32:  # oldest first
            self._scale_cache.popitem(last=False)

    def _scales(self, user_id: str) -> list[float]:
        """The per-part scales of ``_parts`` (cached for the last few users)."""
        scales = self._scale_cache.get(user_id)
        if scales is None:
            scales = [scale for scale, _ in self._parts(user_id)]
            self._remember_scales(user_id, scales)
        return scales

    def _contributions(self, user_id: str, item: int) -> list[tuple[int, float]]:
        scales = self._scales(user_id)
        total: dict[int, float] = {}
        sources = [self.als._contributions(user_id, item)]
        if len(scales) > 1 and self._share()[1] > 0:
            sources.append(self.ease._contributions(user_id, item))
        for scale, pairs in zip(scales, sources, strict=False):
            for j, w in pairs:
                total[j] = total.get(j, 0.0) + scale * w
        if self.w_repeat > 0:
            rep = self._repeat_one(user_id, item)
            if rep > 0:
                total[item] = total.get(item, 0.0) + scales[-1] * rep
        return list(total.items())

    def _user_changed(self, user_id: str) -> None:
        self._scale_cache.pop(user_id, None)
        self.als._user_changed(user_id)

    def params(self) -> dict[str, Any]:
        return {
            "als": self.als.params(),
            "ease": self.ease.params(),
            "w_ease": self.w_ease,
            "w_repeat": self.w_repeat,
            "tau_days": self.tau_days,
            "w_trend": self.w_trend,
            "trend_days": self.trend_days,
            "use_ease": self.use_ease,
        }

    def arrays(self) -> dict[str, np.ndarray]:
        out = {f"als.{k}": v for k, v in self.als.arrays().items()}
        out["trend"] = self.trend
        if self.use_ease:
            out.update({f"ease.{k}": v for k, v in self.ease.arrays().items()})
        return out

    def _restore(self, arrays: Mapping[str, np.ndarray]) -> None:
        self.als._data = self.ease._data = self.data
        self.trend = np.asarray(arrays["trend"], dtype=np.float64)
        self.als._restore({k[4:]: v for k, v in arrays.items() if k.startswith("als.")})
        if self.use_ease:
            self.ease._restore({k[5:]: v for k, v in arrays.items() if k.startswith("ease.")})


def _peak(scores: np.ndarray) -> float:
    top = float(np.max(np.abs(scores))) if scores.size else 0.0
    return top if top > 0 else 1.0

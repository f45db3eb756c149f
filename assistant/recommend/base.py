"""The one interface every recommender honours.

A recommender is fitted on an ``InteractionMatrix`` and then answers, for any user id:
``recommend`` (top-k product ids), ``score`` (raw affinities for given products, used by the
re-ranker; ``DISLIKED`` for products the user disliked, 0 for products the model never saw),
``explain`` (which of the user's own items contributed most to a product's score, with their
weights) and ``update_user`` (apply new events to that user's representation at once, no
retraining). Users without history get item popularity from ``recommend``.
"""

from __future__ import annotations

from abc import ABC, abstractmethod
from collections import OrderedDict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

import numpy as np

from assistant.events import Event
from assistant.recommend.interactions import InteractionMatrix

DISLIKED = float("-inf")
SCORE_CACHE = 16


@dataclass(frozen=True)
class Recommendation:
    product_id: str
    score: float
    source: str  # the model name, or "popularity" when the user had no history

    def to_dict(self) -> dict[str, Any]:
        return {"product_id": self.product_id, "score": self.score, "source": self.source}


@dataclass(frozen=True)
class Contribution:
    product_id: str  # an item from the user's own history
    weight: float  # its share of the explained score (same units as the score)


@dataclass
class Explanation:
    user_id: str
    product_id: str
    score: float
    contributions: list[Contribution] = field(default_factory=list)  # largest first

    @property
    def top(self) -> Contribution | None:
        return self.contributions[0] if self.contributions else None


class Recommender(ABC):
    """Shared plumbing; subclasses implement ``_fit``, ``_scores`` and ``_contributions``."""

    name: ClassVar[str]
    personal: ClassVar[bool] = True  # False for models whose scores ignore the user

    def __init__(self, event_weights: Mapping[str, float] | None = None) -> None:
        self.event_weights: dict[str, float] = dict(event_weights or {"purchase": 1.0})
        self._data: InteractionMatrix | None = None
        self._score_cache: OrderedDict[str, np.ndarray] = OrderedDict()

    # -- subclass hooks ---------------------------------------------------------------
    @abstractmethod
    def _fit(self, data: InteractionMatrix) -> None: ...

    @abstractmethod
    def _scores(self, user_id: str) -> np.ndarray:
        """Raw scores over all items for this user (no exclusions applied)."""

    @abstractmethod
    def _contributions(self, user_id: str, item: int) -> list[tuple[int, float]]:
        """(history item index, contribution) pairs for one target item."""

    def _user_changed(self, user_id: str) -> None:
        """Called after ``update_user`` changed the user's history (models with per-user
        state re-solve it here; history-based models read the history directly)."""
        del user_id

    @abstractmethod
    def params(self) -> dict[str, Any]: ...

    @abstractmethod
    def arrays(self) -> dict[str, np.ndarray]: ...

    @abstractmethod
    def _restore(self, arrays: Mapping[str, np.ndarray]) -> None: ...

    # -- public API -------------------------------------------------------------------
    @property
    def data(self) -> InteractionMatrix:
        if self._data is None:
            raise RuntimeError(f"{self.name} recommender used before fit()")
        return self._data

    def fit(self, interactions: InteractionMatrix) -> Recommender:
        if not interactions.item_ids:
            raise ValueError("cannot fit a recommender on zero items")
        self._data = interactions
        self._score_cache.clear()
        self._fit(interactions)
        return self

    def _cached_scores(self, user_id: str) -> np.ndarray:
        """``_scores`` for the last few users (read-only: callers copy before changing)."""
        cached = self._score_cache.get(user_id)
        if cached is None:
            cached = np.array(self._scores(user_id), dtype=np.float64)
            cached.flags.writeable = False
            self._score_cache[user_id] = cached
            while len(self._score_cache) > SCORE_CACHE:
                self._score_cache.popitem(last=False)
        return cached

    def knows_user(self, user_id: str) -> bool:
        return self.data.has_history(user_id)

    def all_scores(self, user_id: str) -> np.ndarray:
        """Raw scores over every item (item popularity for a user without history)."""
        if self.data.has_history(user_id) or not self.personal:
            return self._cached_scores(user_id)
        return self.data.item_popularity()

    def score(self, user_id: str, product_ids: Sequence[str]) -> np.ndarray:
        """Raw affinity per product: DISLIKED for disliked ones, 0 for unknown products."""
        idx = self.data.indices_of(product_ids)
        out = np.zeros(len(idx), dtype=np.float64)
        if self.data.has_history(user_id):
            known = idx >= 0
            out[known] = self._cached_scores(user_id)[idx[known]]
        disliked = self.data.disliked_items(user_id)
        if disliked:
            out[[i for i, j in enumerate(idx) if j in disliked]] = DISLIKED
        return out

    def recommend(
        self,
        user_id: str,
        k: int,
        exclude_seen: bool = False,
        candidates: Sequence[str] | None = None,
    ) -> list[Recommendation]:
        if k <= 0:
            return []
        data = self.data
        personal = data.has_history(user_id) or not self.personal
        if personal:
            scores = self._cached_scores(user_id).copy()
            source = self.name
        else:
            scores = data.item_popularity().copy()
            source = "popularity"
        allowed = np.ones(data.n_items, dtype=bool)
        if candidates is not None:
            allowed[:] = False
            idx = data.indices_of(candidates)
            allowed[idx[idx >= 0]] = True
        allowed[list(data.disliked_items(user_id))] = False
        if exclude_seen:
            allowed[data.confidence_row(user_id)[0]] = False
        pool = np.flatnonzero(allowed)
        if len(pool) == 0:
            return []
        # ties (e.g. zero scores) are broken by popularity, then by id order
        pop = data.item_popularity()[pool]
        order = np.lexsort((pool, -pop, -scores[pool]))[:k]
        return [
            Recommendation(data.item_ids[pool[o]], float(scores[pool[o]]), source) for o in order
        ]

    def explain(self, user_id: str, product_id: str, n: int = 5) -> Explanation:
        data = self.data
        item = data.item_index.get(product_id)
        if item is None or not data.has_history(user_id):
            return Explanation(user_id, product_id, 0.0)
        pairs = [(j, w) for j, w in self._contributions(user_id, item) if w > 0]
        pairs.sort(key=lambda p: -p[1])
        score = float(self._cached_scores(user_id)[item])
        contribs = [Contribution(data.item_ids[j], float(w)) for j, w in pairs[:n]]
        return Explanation(user_id, product_id, score, contribs)

    def update_user(self, user_id: str, events: Iterable[Event]) -> int:
        """Apply new events to the user's history and representation; returns events used."""
        used = self.data.apply(user_id, list(events), self.event_weights)
        self._score_cache.pop(user_id, None)
        self._user_changed(user_id)
        return used


def row_normalise(scores: np.ndarray) -> np.ndarray:
    """Divide by the largest absolute value (a no-op for all-zero rows)."""
    top = float(np.max(np.abs(scores))) if scores.size else 0.0
    return scores / top if top > 0 else scores

"""Popularity: how many users interacted positively with each item (the cold-start floor).

Within a category, pass that category's product ids as ``candidates`` to ``recommend``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from assistant.recommend.base import Recommender
from assistant.recommend.interactions import InteractionMatrix


class PopularityRecommender(Recommender):
    name = "popularity"
    personal = False

    def _fit(self, data: InteractionMatrix) -> None:
        self._counts = data.item_popularity().copy()

    def _scores(self, user_id: str) -> np.ndarray:
        return self._counts

    def _contributions(self, user_id: str, item: int) -> list[tuple[int, float]]:
        return []  # nothing in the user's history drives a popularity score

    def params(self) -> dict[str, Any]:
        return {}

    def arrays(self) -> dict[str, np.ndarray]:
        return {"counts": self._counts}

    def _restore(self, arrays: Mapping[str, np.ndarray]) -> None:
        self._counts = np.asarray(arrays["counts"], dtype=np.float64)

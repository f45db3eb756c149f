"""EASE (Steck 2019): a closed-form item-item model, B = I - P / diag(P) with
P = (XᵀX + λI)⁻¹ and a zero diagonal. Dense items x items, so only for catalogs up to
``CFSettings.ease_max_items`` items.

score(u, i) = sum over the user's items j of confidence(u, j) * B[j, i] (confidences decayed by
their age when ``history_tau_days`` is set).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from assistant.recommend.base import Recommender
from assistant.recommend.interactions import InteractionMatrix


class EASERecommender(Recommender):
    name = "ease"

    def __init__(
        self,
        regularization: float = 300.0,
        max_items: int = 8000,
        history_tau_days: float | None = None,
        event_weights: Mapping[str, float] | None = None,
    ) -> None:
        super().__init__(event_weights)
        if regularization <= 0:
            raise ValueError("EASE regularization must be > 0")
        self.regularization = regularization
        self.max_items = max_items
        self.history_tau_days = history_tau_days
        self.weights = np.zeros((0, 0), dtype=np.float32)

    def _fit(self, data: InteractionMatrix) -> None:
        if data.n_items > self.max_items:
            raise ValueError(
                f"EASE needs a dense {data.n_items}² matrix; more than ease_max_items="
                f"{self.max_items} items, use the als model"
            )
        x = data.confidence()
        gram = (x.T @ x).toarray().astype(np.float64)
        gram[np.diag_indices_from(gram)] += self.regularization
        p = np.linalg.inv(gram)
        b = p / (-np.diag(p))
        np.fill_diagonal(b, 0.0)
        self.weights = b.astype(np.float32)

    def _scores(self, user_id: str) -> np.ndarray:
        items, conf = self.data.recent_row(user_id, self.history_tau_days)
        if len(items) == 0:
            return np.zeros(self.data.n_items)
        return conf.astype(np.float64) @ self.weights[items]

    def _contributions(self, user_id: str, item: int) -> list[tuple[int, float]]:
        items, conf = self.data.recent_row(user_id, self.history_tau_days)
        return list(zip(items.tolist(), (conf * self.weights[items, item]).tolist(), strict=True))

    def params(self) -> dict[str, Any]:
        return {
            "regularization": self.regularization,
            "max_items": self.max_items,
            "history_tau_days": self.history_tau_days,
        }

    def arrays(self) -> dict[str, np.ndarray]:
        return {"weights": self.weights}

    def _restore(self, arrays: Mapping[str, np.ndarray]) -> None:
        self.weights = np.asarray(arrays["weights"], dtype=np.float32)

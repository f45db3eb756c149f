"""Item-kNN: cosine similarity between item columns, K neighbours per item (implicit's
``CosineRecommender``; an item counts as its own neighbour, which rewards re-buying).

score(u, i) = sum over the user's items j of confidence(u, j) * sim(j, i).
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping
from typing import Any

import numpy as np
import scipy.sparse as sp

from assistant.recommend.base import Recommender
from assistant.recommend.interactions import InteractionMatrix


class ItemKNNRecommender(Recommender):
    name = "item_knn"

    def __init__(self, neighbours: int = 100, event_weights: Mapping[str, float] | None = None):
        super().__init__(event_weights)
        if neighbours < 1:
            raise ValueError("neighbours must be >= 1")
        self.neighbours = neighbours
        self.similarity = sp.csr_matrix((0, 0), dtype=np.float32)

    def _fit(self, data: InteractionMatrix) -> None:
        from implicit.nearest_neighbours import CosineRecommender

        model = CosineRecommender(K=self.neighbours, num_threads=0)
        with warnings.catch_warnings():  # implicit converts its own transpose and says so
            warnings.simplefilter("ignore")
            model.fit(data.confidence(), show_progress=False)
        self.similarity = sp.csr_matrix(model.similarity, dtype=np.float32)

    def _scores(self, user_id: str) -> np.ndarray:
        items, conf = self.data.confidence_row(user_id)
        if len(items) == 0:
            return np.zeros(self.data.n_items)
        return np.asarray(self.similarity[items].T @ conf.astype(np.float64)).ravel()

    def _contributions(self, user_id: str, item: int) -> list[tuple[int, float]]:
        items, conf = self.data.confidence_row(user_id)
        col = np.asarray(self.similarity[items, item].todense()).ravel()
        return list(zip(items.tolist(), (conf * col).tolist(), strict=True))

    def params(self) -> dict[str, Any]:
        return {"neighbours": self.neighbours}

    def arrays(self) -> dict[str, np.ndarray]:
        s = self.similarity
        return {"sim_data": s.data, "sim_indices": s.indices, "sim_indptr": s.indptr}

    def _restore(self, arrays: Mapping[str, np.ndarray]) -> None:
        n = self.data.n_items
        self.similarity = sp.csr_matrix(
            (arrays["sim_data"], arrays["sim_indices"], arrays["sim_indptr"]), shape=(n, n)
        )

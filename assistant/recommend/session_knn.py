"""Session-based item similarity for new users and anonymous sessions.

Item-item cosine similarity (top-K neighbours, an item is not its own neighbour). A user's
or session's items are weighted by recency: the most recent counts 1, the next ``decay``,
then ``decay²``... so the current session steers more than old history.
score(s, i) = Σ_j recency(j) * sim(j, i). ``session_scores`` scores a bare list of product
ids (an anonymous session) without any user id.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import scipy.sparse as sp

from assistant.recommend.base import Recommender
from assistant.recommend.interactions import InteractionMatrix


class SessionKNNRecommender(Recommender):
    name = "session_knn"

    def __init__(
        self,
        neighbours: int = 100,
        decay: float = 0.8,
        max_items: int = 20,
        event_weights: Mapping[str, float] | None = None,
    ) -> None:
        super().__init__(event_weights)
        if neighbours < 1 or not 0 < decay <= 1 or max_items < 1:
            raise ValueError("session kNN needs neighbours >= 1, 0 < decay <= 1, max_items >= 1")
        self.neighbours = neighbours
        self.decay = decay
        self.max_items = max_items
        self.similarity = sp.csr_matrix((0, 0), dtype=np.float32)

    def _fit(self, data: InteractionMatrix) -> None:
        x = data.confidence().tocsc().astype(np.float64)
        norms = np.sqrt(np.asarray(x.multiply(x).sum(axis=0)).ravel())
        norms[norms == 0] = 1.0
        xn = x @ sp.diags(1.0 / norms)
        sim = (xn.T @ xn).tocsr()
        sim.setdiag(0.0)
        sim.eliminate_zeros()
        self.similarity = _top_k_rows(sim, self.neighbours).astype(np.float32)

    def _weighted_items(self, user_id: str) -> tuple[np.ndarray, np.ndarray]:
        prof = self.data.profile(user_id)
        recent = sorted(
            (i for i, w in prof.weights.items() if w > 0),
            key=lambda i: -prof.last_ts.get(i, 0.0),
        )[: self.max_items]
        items = np.array(recent, dtype=np.int64)
        return items, self.decay ** np.arange(len(items), dtype=np.float64)

    def _scores_for(self, items: np.ndarray, weights: np.ndarray) -> np.ndarray:
        if len(items) == 0:
            return np.zeros(self.data.n_items)
        return np.asarray(self.similarity[items].T @ weights).ravel()

    def _scores(self, user_id: str) -> np.ndarray:
        return self._scores_for(*self._weighted_items(user_id))

    def session_scores(self, session_items: Sequence[str]) -> np.ndarray:
        """Scores over all items for an anonymous session (most recent item last)."""
        idx = [i for i in self.data.indices_of(reversed(list(session_items))) if i >= 0]
        idx = list(dict.fromkeys(idx))[: self.max_items]
        weights = self.decay ** np.arange(len(idx), dtype=np.float64)
        return self._scores_for(np.array(idx, dtype=np.int64), weights)

    def _contributions(self, user_id: str, item: int) -> list[tuple[int, float]]:
        items, weights = self._weighted_items(user_id)
        col = np.asarray(self.similarity[items, item].todense()).ravel()
        return list(zip(items.tolist(), (weights * col).tolist(), strict=True))

    def params(self) -> dict[str, Any]:
        return {"neighbours": self.neighbours, "decay": self.decay, "max_items": self.max_items}

    def arrays(self) -> dict[str, np.ndarray]:
        s = self.similarity
        return {"sim_data": s.data, "sim_indices": s.indices, "sim_indptr": s.indptr}

    def _restore(self, arrays: Mapping[str, np.ndarray]) -> None:
        n = self.data.n_items
        self.similarity = sp.csr_matrix(
            (arrays["sim_data"], arrays["sim_indices"], arrays["sim_indptr"]), shape=(n, n)
        )


def _top_k_rows(matrix: sp.csr_matrix, k: int) -> sp.csr_matrix:
    """Keep the k largest entries of each row."""
    rows, cols, vals = [], [], []
    for r in range(matrix.shape[0]):
        start, end = matrix.indptr[r], matrix.indptr[r + 1]
        data = matrix.data[start:end]
        keep = np.argsort(-data)[:k] if len(data) > k else np.arange(len(data))
        rows.append(np.full(len(keep), r))
        cols.append(matrix.indices[start:end][keep])
        vals.append(data[keep])
    if not rows:
        return sp.csr_matrix(matrix.shape)
    return sp.csr_matrix(
        (np.concatenate(vals), (np.concatenate(rows), np.concatenate(cols))), shape=matrix.shape
    )

"""Implicit-feedback ALS (Hu, Koren & Volinsky 2008) trained with the ``implicit`` library.

Confidence c = alpha * log(1 + weight). A user's vector is the exact least-squares solution
x_u = (YᵀY + λI + Σ_j (c_j - 1) y_j y_jᵀ)⁻¹ Σ_j c_j y_j, so a new event re-solves that one
user at once (no retraining), and a score splits exactly into per-history-item parts:
score(u, i) = Σ_j c_j (A_u⁻¹ y_i) · y_j. With ``history_tau_days`` the confidences used to solve a
user are decayed by age (recent purchases steer more); item factors are fitted as usual.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from functools import cache
from typing import Any

import numpy as np

from assistant.recommend.base import Recommender
from assistant.recommend.interactions import InteractionMatrix

SYSTEM_CACHE = 32


@cache
def _blas_controller() -> Any:
    from threadpoolctl import ThreadpoolController

    return ThreadpoolController()


@contextmanager
def _single_thread_blas() -> Iterator[None]:
    """Small dense solves are fastest on one thread (and do not fight other workers)."""
    with _blas_controller().limit(limits=1, user_api="blas"):
        yield


class ALSRecommender(Recommender):
    name = "als"

    def __init__(
        self,
        factors: int = 128,
        iterations: int = 15,
        regularization: float = 0.05,
        alpha: float = 2.0,
        seed: int = 0,
        history_tau_days: float | None = None,
        event_weights: Mapping[str, float] | None = None,
    ) -> None:
        super().__init__(event_weights)
        if factors < 1 or iterations < 1 or regularization < 0 or alpha <= 0:
            raise ValueError(
                "ALS needs factors >= 1, iterations >= 1, regularization >= 0, alpha > 0"
            )
        self.factors = factors
        self.iterations = iterations
        self.regularization = regularization
        self.alpha = alpha
        self.seed = seed
        self.history_tau_days = history_tau_days
        self.user_factors = np.zeros((0, factors), dtype=np.float32)
        self.item_factors = np.zeros((0, factors), dtype=np.float32)
        self._solved: dict[str, np.ndarray] = {}  # users solved here (updated, new, decayed)
        self._systems: OrderedDict[str, tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]] = (
            OrderedDict()
        )

    def _fit(self, data: InteractionMatrix) -> None:
        from implicit.cpu.als import AlternatingLeastSquares
        from threadpoolctl import threadpool_limits

        with threadpool_limits(limits=1, user_api="blas"):  # implicit's own advice
            model = AlternatingLeastSquares(
                factors=self.factors,
                iterations=self.iterations,
                regularization=self.regularization,
                alpha=self.alpha,
                random_state=self.seed,
            )
            model.fit(data.confidence(), show_progress=False)
        self.user_factors = np.asarray(model.user_factors, dtype=np.float32)
        self.item_factors = np.asarray(model.item_factors, dtype=np.float32)
        self._solved = {}
        self._systems = OrderedDict()
        self._yty: np.ndarray | None = None

    @property
    def yty(self) -> np.ndarray:
        if getattr(self, "_yty", None) is None:
            y = self.item_factors.astype(np.float64)
            self._yty = y.T @ y
        assert self._yty is not None
        return self._yty

    def _system(self, user_id: str) -> tuple[np.ndarray, np.ndarray, np.ndarray, np.ndarray]:
        """(A_u⁻¹, b_u, history items, confidences) of the user's least-squares problem
        (kept for the last few users: explaining a page of products reuses it)."""
        cached = self._systems.get(user_id)
        if cached is not None:
            self._systems.move_to_end(user_id)
            return cached
        items, conf = self.data.recent_row(user_id, self.history_tau_days)
        c = self.alpha * conf.astype(np.float64)
        y = self.item_factors[items].astype(np.float64)
        a = self.yty + self.regularization * np.eye(self.factors)
        a += (y * (c - 1.0)[:, None]).T @ y
        with _single_thread_blas():
            system = (np.linalg.inv(a), y.T @ c, items, c)
        self._systems[user_id] = system
        while len(self._systems) > SYSTEM_CACHE:
            self._systems.popitem(last=False)
        return system

    def user_vector(self, user_id: str) -> np.ndarray:
        if user_id in self._solved:
            return self._solved[user_id]
        row = self.data.user_index.get(user_id)
        fitted = self.history_tau_days is None and user_id not in self.data.overlay
        if fitted and row is not None and row < len(self.user_factors):
            return self.user_factors[row].astype(np.float64)
        inverse, b, items, _ = self._system(user_id)
        vec = inverse @ b if len(items) else np.zeros(self.factors)
        self._solved[user_id] = vec
        return vec

    def _user_changed(self, user_id: str) -> None:
        self._solved.pop(user_id, None)
        self._systems.pop(user_id, None)
        self.user_vector(user_id)

    def _scores(self, user_id: str) -> np.ndarray:
        return self.item_factors @ self.user_vector(user_id).astype(np.float32)

    def _contributions(self, user_id: str, item: int) -> list[tuple[int, float]]:
        inverse, _, items, c = self._system(user_id)
        weighted = inverse @ self.item_factors[item].astype(np.float64)
        parts = c * (self.item_factors[items].astype(np.float64) @ weighted)
        return list(zip(items.tolist(), parts.tolist(), strict=True))

    def params(self) -> dict[str, Any]:
        return {
            "factors": self.factors,
            "iterations": self.iterations,
            "regularization": self.regularization,
            "alpha": self.alpha,
            "seed": self.seed,
            "history_tau_days": self.history_tau_days,
        }

    def arrays(self) -> dict[str, np.ndarray]:
        """Factors of every user the data knows, re-solved users included."""
        users = np.zeros((len(self.data.user_ids), self.factors), dtype=np.float32)
        users[: len(self.user_factors)] = self.user_factors[: len(users)]
        for user_id in self.data.user_ids[len(self.user_factors) :]:
            users[self.data.user_index[user_id]] = self.user_vector(user_id)
        for user_id, vec in self._solved.items():
            if user_id in self.data.user_index:
                users[self.data.user_index[user_id]] = vec
        return {"user_factors": users, "item_factors": self.item_factors}

    def _restore(self, arrays: Mapping[str, np.ndarray]) -> None:
        self.user_factors = np.asarray(arrays["user_factors"], dtype=np.float32)
        self.item_factors = np.asarray(arrays["item_factors"], dtype=np.float32)
        self._solved = {}
        self._systems = OrderedDict()
        self._yty = None

"""Every recommender implementation passes the shared contract."""

from __future__ import annotations

import pytest

from assistant.recommend.als import ALSRecommender
from assistant.recommend.base import Recommender
from assistant.recommend.blend import BlendRecommender
from assistant.recommend.ease import EASERecommender
from assistant.recommend.item_knn import ItemKNNRecommender
from assistant.recommend.popularity import PopularityRecommender
from assistant.recommend.session_knn import SessionKNNRecommender

from .recommender_mixin import WEIGHTS, RecommenderContract


class TestPopularity(RecommenderContract):
    def make(self) -> Recommender:
        return PopularityRecommender(WEIGHTS)


class TestItemKNN(RecommenderContract):
    def make(self) -> Recommender:
        return ItemKNNRecommender(neighbours=20, event_weights=WEIGHTS)


class TestSessionKNN(RecommenderContract):
    def make(self) -> Recommender:
        return SessionKNNRecommender(neighbours=20, event_weights=WEIGHTS)


class TestEASE(RecommenderContract):
    def make(self) -> Recommender:
        return EASERecommender(regularization=5.0, event_weights=WEIGHTS)


class TestALS(RecommenderContract):
    def make(self) -> Recommender:
        return ALSRecommender(
            factors=8, iterations=10, regularization=0.05, alpha=2.0, seed=1, event_weights=WEIGHTS
        )


class TestRecencyALS(RecommenderContract):
    def make(self) -> Recommender:
        return ALSRecommender(
            factors=8,
            iterations=10,
            alpha=2.0,
            seed=1,
            history_tau_days=30.0,
            event_weights=WEIGHTS,
        )


class TestBlend(RecommenderContract):
    def make(self) -> Recommender:
        als = ALSRecommender(
            factors=8,
            iterations=10,
            alpha=2.0,
            seed=1,
            history_tau_days=60.0,
            event_weights=WEIGHTS,
        )
        ease = EASERecommender(regularization=5.0, history_tau_days=60.0, event_weights=WEIGHTS)
        return BlendRecommender(
            als, ease, w_ease=0.6, w_repeat=1.0, w_trend=0.3, event_weights=WEIGHTS
        )

    def test_repeat_term_of_one_item_matches_the_whole_row(self, model: Recommender) -> None:
        assert isinstance(model, BlendRecommender)
        data = model.data
        for user in data.user_ids[:5]:
            row = model._repeat(user)
            assert row.max() > 0
            for item in range(data.n_items):
                assert model._repeat_one(user, item) == pytest.approx(row[item])

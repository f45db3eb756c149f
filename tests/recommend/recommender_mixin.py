"""The contract every recommender implementation must pass (subclass and set ``make``)."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from assistant.events import Event
from assistant.recommend.base import DISLIKED, Recommender
from assistant.recommend.interactions import InteractionMatrix
from assistant.recommend.persistence import load_recommender, save_recommender
from assistant.settings import CFSettings

from .taste_data import GROUPS, ITEMS_PER_GROUP, group_of, item_id, taste_events

WEIGHTS = CFSettings().event_weights
EVENTS = taste_events()


class RecommenderContract:
    """Mixin: subclasses implement ``make`` returning an unfitted recommender."""

    def make(self) -> Recommender:
        raise NotImplementedError

    @pytest.fixture
    def model(self) -> Recommender:
        return self.make().fit(InteractionMatrix.from_frame(EVENTS, WEIGHTS))

    def test_recommend_returns_k_known_items(self, model: Recommender) -> None:
        recs = model.recommend("u0-0", 5)
        ids = [r.product_id for r in recs]
        assert len(ids) == 5 and len(set(ids)) == 5
        assert set(ids) <= set(model.data.item_ids)
        assert [r.score for r in recs] == sorted((r.score for r in recs), reverse=True)

    def test_unknown_user_gets_popular_items(self, model: Recommender) -> None:
        recs = model.recommend("nobody", 3)
        assert len(recs) == 3
        pop = model.data.item_popularity()
        top = {model.data.item_ids[i] for i in np.argsort(-pop)[:3]}
        assert {r.product_id for r in recs} == top

    def test_exclude_seen(self, model: Recommender) -> None:
        seen = set(model.data.history("u1-3"))
        assert seen
        recs = model.recommend("u1-3", 10, exclude_seen=True)
        assert recs and not seen & {r.product_id for r in recs}

    def test_candidates_restrict_the_list(self, model: Recommender) -> None:
        pool = [item_id(2, n) for n in range(4)] + ["never-seen"]
        recs = model.recommend("u0-1", 10, candidates=pool)
        assert {r.product_id for r in recs} <= set(pool) - {"never-seen"}
        assert len(recs) == 4

    def test_taste_structure_is_learned(self, model: Recommender) -> None:
        if not model.personal:
            pytest.skip("not a personal model")
        for g in range(GROUPS):
            groups = Counter()
            for u in range(5):
                recs = model.recommend(f"u{g}-{u}", 3, exclude_seen=True)
                groups.update(group_of(r.product_id) for r in recs)
            assert groups.most_common(1)[0][0] == g

    def test_explain_names_a_contributing_history_item(self, model: Recommender) -> None:
        user = "u2-4"
        rec = model.recommend(user, 1, exclude_seen=True)[0]
        explanation = model.explain(user, rec.product_id)
        if not model.personal:
            assert explanation.contributions == []
            return
        assert explanation.top is not None and explanation.top.weight > 0
        assert explanation.top.product_id in model.data.history(user)
        weights = [c.weight for c in explanation.contributions]
        assert weights == sorted(weights, reverse=True)

    def test_update_user_moves_toward_new_taste(self, model: Recommender) -> None:
        if not model.personal:
            pytest.skip("not a personal model")
        user = "u0-2"
        target = [item_id(1, n) for n in range(ITEMS_PER_GROUP)]
        before = model.score(user, target).mean()
        liked = [
            Event(user, item_id(1, n), "purchase", 1.0, 1_800_000_000.0 + n) for n in (0, 1, 2)
        ]
        liked += [Event(user, item_id(1, n), "like", 1.0, 1_800_000_100.0 + n) for n in (0, 1, 2)]
        assert model.update_user(user, liked) == len(liked)
        after = model.score(user, target).mean()
        assert after > before
        rest = [r.product_id for r in model.recommend(user, 3, exclude_seen=True)]
        assert any(group_of(p) == 1 for p in rest)

    def test_new_user_is_served_after_first_events(self, model: Recommender) -> None:
        if not model.personal:
            pytest.skip("not a personal model")
        events = [
            Event("fresh", item_id(2, n), "purchase", 1.0, 1_800_000_000.0 + n) for n in range(3)
        ]
        model.update_user("fresh", events)
        recs = model.recommend("fresh", 3, exclude_seen=True)
        assert recs[0].source == model.name
        assert Counter(group_of(r.product_id) for r in recs).most_common(1)[0][0] == 2

    def test_dislike_removes_and_penalises(self, model: Recommender) -> None:
        user = "u1-0"
        top = model.recommend(user, 1)[0].product_id
        model.update_user(user, [Event(user, top, "dislike", 1.0, 1_900_000_000.0)])
        assert top not in {r.product_id for r in model.recommend(user, 30)}
        assert model.score(user, [top])[0] == DISLIKED

    def test_save_load_round_trip_gives_identical_scores(
        self, model: Recommender, tmp_path: Path
    ) -> None:
        model.update_user("u0-5", [Event("u0-5", item_id(2, 1), "like", 1.0, 1_900_000_000.0)])
        model.update_user("brand-new", [Event("brand-new", item_id(1, 1), "purchase", 1.0, 1.9e9)])
        save_recommender(model, tmp_path / "m")
        loaded = load_recommender(tmp_path / "m")
        assert type(loaded) is type(model)
        ids = [*model.data.item_ids, "never-seen"]
        for user in ("u0-5", "u1-7", "brand-new", "nobody"):
            np.testing.assert_allclose(
                loaded.score(user, ids), model.score(user, ids), rtol=1e-5, atol=1e-6
            )
            assert [r.product_id for r in loaded.recommend(user, 5)] == [
                r.product_id for r in model.recommend(user, 5)
            ]

    def test_cached_history_follows_new_events(self, model: Recommender) -> None:
        user = model.data.user_ids[0]
        before = model.data.row_arrays(user)[0].tolist()
        new_item = next(p for p in model.data.item_ids if model.data.item_index[p] not in before)
        model.update_user(user, [Event(user, new_item, "purchase", 1.0, 1_800_000_000.0)])
        after = model.data.row_arrays(user)[0].tolist()
        assert model.data.item_index[new_item] in after and len(after) == len(before) + 1

"""The fallback chain: history model, then session similarity, then popularity."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from assistant.events import Event
from assistant.recommend.base import DISLIKED
from assistant.recommend.interactions import InteractionMatrix
from assistant.recommend.persistence import build_recommender
from assistant.recommend.personalizer import Personalizer
from assistant.recommend.session_knn import SessionKNNRecommender
from assistant.settings import CFSettings

from .taste_data import group_of, item_id, taste_events

SETTINGS = CFSettings(factors=8, ease_lambda=5.0)


@pytest.fixture
def personalizer() -> Personalizer:
    events = taste_events()
    model = build_recommender("blend", SETTINGS).fit(
        InteractionMatrix.from_frame(events, SETTINGS.event_weights)
    )
    session = SessionKNNRecommender(20, event_weights=SETTINGS.event_weights)
    session.fit(InteractionMatrix.from_frame(events, SETTINGS.event_weights))
    return Personalizer(model, session)


def test_known_user_uses_the_history_model(personalizer) -> None:
    recs, stage = personalizer.recommend("u1-4", 5, exclude_seen=True)
    assert stage == "history" and len(recs) == 5
    assert Counter(group_of(r.product_id) for r in recs).most_common(1)[0][0] == 1


def test_anonymous_session_uses_item_similarity(personalizer) -> None:
    session = [item_id(2, 3), item_id(2, 5)]
    recs, stage = personalizer.recommend(None, 4, session_items=session)
    assert stage == "session"
    assert not {r.product_id for r in recs} & set(session)
    assert sum(group_of(r.product_id) == 2 for r in recs) >= 3
    aff = personalizer.affinity(None, session, [item_id(2, 0), item_id(0, 0)])
    assert aff.source == "session" and aff.scores[0] > aff.scores[1]


def test_nobody_gets_popularity_within_the_category(personalizer) -> None:
    category = [item_id(1, n) for n in range(10)]
    recs, stage = personalizer.recommend("stranger", 3, candidates=category)
    assert stage == "popularity"
    assert [r.product_id for r in recs] and all(group_of(r.product_id) == 1 for r in recs)
    pop = personalizer.model.data.item_popularity()
    counts = [pop[personalizer.model.data.item_index[r.product_id]] for r in recs]
    assert counts == sorted(counts, reverse=True)
    assert personalizer.affinity("stranger", [], category).source == "none"


def test_a_new_users_first_events_count_at_once(personalizer) -> None:
    user = "first-visit"
    assert personalizer.recommend(user, 3)[1] == "popularity"
    personalizer.record(user, [Event(user, item_id(0, n), "like", 1.0, 2e9 + n) for n in (1, 4)])
    recs, stage = personalizer.recommend(user, 3, exclude_seen=True)
    assert stage == "history"
    assert Counter(group_of(r.product_id) for r in recs).most_common(1)[0][0] == 0
    personalizer.record(user, [Event(user, item_id(0, 7), "dislike", 1.0, 2e9 + 9)])
    assert personalizer.affinity(user, [], [item_id(0, 7)]).scores[0] == DISLIKED


def test_save_and_load(personalizer, tmp_path: Path) -> None:
    personalizer.save(tmp_path / "cf")
    loaded = Personalizer.load(tmp_path / "cf", SETTINGS)
    ids = [item_id(g, n) for g in range(3) for n in range(10)]
    for user, session in (("u0-1", []), (None, [item_id(1, 2)])):
        np.testing.assert_allclose(
            loaded.affinity(user, session, ids).scores,
            personalizer.affinity(user, session, ids).scores,
            rtol=1e-5,
        )


def test_catch_up_applies_only_the_events_logged_after_training(personalizer, tmp_path) -> None:
    personalizer.save(tmp_path / "cf")
    restarted = Personalizer.load(tmp_path / "cf", SETTINGS)
    until = restarted.trained_until
    assert until == max(float(t) for t in taste_events()["timestamp"])
    user, target = "u0-1", item_id(0, 3)
    old = Event(user, item_id(2, 5), "purchase", 1.0, until)  # already in the model
    new = [Event(user, target, "dislike", 1.0, until + 10)]
    newcomer = [Event("new-user", item_id(1, n), "like", 1.0, until + 20 + n) for n in (1, 4)]
    assert restarted.catch_up([old, *new, *newcomer]) == 3
    assert restarted.affinity(user, [], [target]).scores[0] == DISLIKED
    assert restarted.knows("new-user") and not personalizer.knows("new-user")
    # the same as recording just the new events: the trained purchase is not counted twice
    personalizer.record(user, new)
    ids = [item_id(g, n) for g in range(3) for n in range(10)]
    np.testing.assert_allclose(
        restarted.affinity(user, [], ids).scores,
        personalizer.affinity(user, [], ids).scores,
        rtol=1e-5,
    )

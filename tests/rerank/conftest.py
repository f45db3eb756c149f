from __future__ import annotations

import pytest

from assistant.recommend.als import ALSRecommender
from assistant.recommend.blend import BlendRecommender
from assistant.recommend.ease import EASERecommender
from assistant.recommend.interactions import InteractionMatrix
from assistant.recommend.personalizer import Personalizer
from assistant.recommend.session_knn import SessionKNNRecommender
from assistant.retrieval.types import SearchHit
from assistant.settings import CFSettings

from ..recommend.taste_data import GROUPS, ITEMS_PER_GROUP, item_id, taste_events

WEIGHTS = CFSettings().event_weights
CATEGORIES = ("Running", "Hiking", "Kitchen")


@pytest.fixture
def personalizer() -> Personalizer:
    events = taste_events()
    als = ALSRecommender(
        factors=8, iterations=10, alpha=2.0, seed=1, history_tau_days=60.0, event_weights=WEIGHTS
    )
    ease = EASERecommender(regularization=5.0, history_tau_days=60.0, event_weights=WEIGHTS)
    model = BlendRecommender(als, ease, w_trend=0.0, event_weights=WEIGHTS)
    model.fit(InteractionMatrix.from_frame(events, WEIGHTS))
    session = SessionKNNRecommender(neighbours=20, event_weights=WEIGHTS)
    session.fit(InteractionMatrix.from_frame(events, WEIGHTS))
    return Personalizer(model, session)


def product(pid: str, **extra: object) -> dict[str, object]:
    g, n = int(pid[1]), int(pid.split("item")[1])
    base: dict[str, object] = {
        "product_id": pid,
        "title": f"{CATEGORIES[g]} thing {n} model {chr(65 + n)}",
        "brand": f"Brand{n % 4}",
        "price": 20.0 + 7 * n,
        "category": f"Sports > {CATEGORIES[g]}",
        "image_url": f"https://img.example/{pid}.jpg",
    }
    base.update(extra)
    return base


def make_hits(fused: dict[str, float] | None = None) -> list[SearchHit]:
    """One hit per catalog item, relevance falling with position unless given."""
    ids = [item_id(g, n) for g in range(GROUPS) for n in range(ITEMS_PER_GROUP)]
    hits = []
    for row, pid in enumerate(ids):
        rel = (fused or {}).get(pid, 0.9 - row * 0.01)
        hits.append(SearchHit(pid, row, rel, matched_terms=["thing"], product=product(pid)))
    return hits


@pytest.fixture
def titles() -> dict[str, str]:
    return {
        item_id(g, n): str(product(item_id(g, n))["title"])
        for g in range(GROUPS)
        for n in range(ITEMS_PER_GROUP)
    }

"""Fit the shipped personalisation stack (history model + session kNN) from events."""

from __future__ import annotations

from collections.abc import Sequence

from assistant.events import Event
from assistant.recommend.interactions import InteractionMatrix
from assistant.recommend.persistence import build_recommender
from assistant.recommend.personalizer import Personalizer
from assistant.recommend.session_knn import SessionKNNRecommender
from assistant.settings import CFSettings


def train_personalizer(
    events: Sequence[Event], settings: CFSettings, model_name: str | None = None
) -> Personalizer:
    weights = dict(settings.event_weights)
    model = build_recommender(model_name or settings.model, settings)
    model.fit(InteractionMatrix.from_events(events, weights))
    session = SessionKNNRecommender(settings.knn_neighbours, event_weights=weights)
    session.fit(InteractionMatrix.from_events(events, weights))
    return Personalizer(model, session)

"""The fallback chain used by the CLI and the re-ranker.

1. a user with history: the trained model (``CFSettings.model``);
2. a new user or an anonymous session with items: session item similarity;
3. nobody known: popularity (within the given candidates, e.g. one category).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from assistant.errors import AssistantError
from assistant.events import Event
from assistant.recommend.base import (
    DISLIKED,
    Contribution,
    Explanation,
    Recommendation,
    Recommender,
)
from assistant.recommend.persistence import load_recommender, save_recommender
from assistant.recommend.session_knn import SessionKNNRecommender
from assistant.settings import CFSettings

SESSION_DIR = "session"


@dataclass
class Affinity:
    scores: np.ndarray  # raw per product, DISLIKED for disliked ones, 0 if unknown
    source: str  # "history" | "session" | "none"


class Personalizer:
    def __init__(self, model: Recommender, session: SessionKNNRecommender) -> None:
        if model.data.item_ids != session.data.item_ids:
            raise ValueError("model and session recommender were fitted on different items")
        self.model = model
        self.session = session

    @classmethod
    def load(cls, directory: str | Path, settings: CFSettings | None = None) -> Personalizer:
        model = load_recommender(directory, settings)
        session = load_recommender(Path(directory) / SESSION_DIR, settings)
        if not isinstance(session, SessionKNNRecommender):
            raise AssistantError(f"{directory}/{SESSION_DIR} does not hold a session model")
        return cls(model, session)

    def save(self, directory: str | Path) -> Path:
        save_recommender(self.session, Path(directory) / SESSION_DIR)
        return save_recommender(self.model, directory)

    def knows(self, user_id: str | None) -> bool:
        return bool(user_id) and self.model.knows_user(str(user_id))

    def affinity(
        self, user_id: str | None, session_items: Sequence[str], product_ids: Sequence[str]
    ) -> Affinity:
        if user_id and self.model.knows_user(user_id):
            return Affinity(self.model.score(user_id, product_ids), "history")
        idx = self.session.data.indices_of(product_ids)
        out = np.zeros(len(product_ids))
        source = "none"
        if any(i >= 0 for i in self.session.data.indices_of(session_items)):
            full = self.session.session_scores(session_items)
            out[idx >= 0] = full[idx[idx >= 0]]
            source = "session"
        if user_id:
            disliked = self.model.data.disliked_items(user_id)
            out[[n for n, i in enumerate(idx) if i in disliked]] = DISLIKED
        return Affinity(out, source)

    def explain(
        self, user_id: str | None, session_items: Sequence[str], product_id: str
    ) -> Explanation:
        if user_id and self.model.knows_user(user_id):
            return self.model.explain(user_id, product_id)
        data = self.session.data
        target = data.item_index.get(product_id)
        sims = []
        if target is not None:
            for item in dict.fromkeys(session_items):
                j = data.item_index.get(item)
                if j is not None and j != target:
                    sims.append((item, float(self.session.similarity[j, target])))

        contribs = sorted((Contribution(p, w) for p, w in sims if w > 0), key=lambda c: -c.weight)
        return Explanation(user_id or "", product_id, sum(c.weight for c in contribs), contribs)

    def recommend(
        self,
        user_id: str | None,
        k: int,
        exclude_seen: bool = False,
        candidates: Sequence[str] | None = None,
        session_items: Sequence[str] = (),
    ) -> tuple[list[Recommendation], str]:
        """Top-k and which stage of the chain produced them."""
        if user_id and self.model.knows_user(user_id):
            return self.model.recommend(user_id, k, exclude_seen, candidates), "history"
        if any(i >= 0 for i in self.session.data.indices_of(session_items)):
            scores = self.session.session_scores(session_items)
            pool = self.session.data.indices_of(candidates or self.session.data.item_ids)
            seen = set(self.session.data.indices_of(session_items).tolist())
            pool = np.array([i for i in pool if i >= 0 and i not in seen], dtype=np.int64)
            if len(pool) and scores[pool].max() > 0:
                pop = self.session.data.item_popularity()[pool]
                order = np.lexsort((pool, -pop, -scores[pool]))[:k]
                ids = self.session.data.item_ids
                return [
                    Recommendation(ids[pool[o]], float(scores[pool[o]]), "session") for o in order
                ], "session"
        return self.model.recommend(user_id or "", k, exclude_seen, candidates), "popularity"

    @property
    def trained_until(self) -> float:
        """The newest event time the saved model holds (0.0 for an empty model)."""
        stamps = self.model.data.last_ts.data
        return float(stamps.max()) if stamps.size else 0.0

    def catch_up(self, events: Iterable[Event]) -> int:
        """Apply the events logged after the model was trained (feedback given since the
        last ``cf train``), so a restarted app still knows them; returns how many."""
        since = self.trained_until
        by_user: dict[str, list[Event]] = {}
        for e in events:
            if e.timestamp > since:
                by_user.setdefault(e.user_id, []).append(e)
        for user_id, batch in by_user.items():
            self.record(user_id, batch)
        return sum(len(b) for b in by_user.values())

    def record(self, user_id: str, events: Iterable[Event]) -> int:
        """Apply new events at once to every model (no retraining)."""
        batch = list(events)
        self.session.update_user(user_id, batch)
        return self.model.update_user(user_id, batch)

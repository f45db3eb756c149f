"""Collaborative filtering: recommenders behind one interface, and the fallback chain.

``Personalizer.load(dir)`` gives the trained model (history), session similarity (new users,
anonymous sessions) and popularity; every recommender honours ``base.Recommender``.
"""

from assistant.recommend.base import (
    DISLIKED,
    Contribution,
    Explanation,
    Recommendation,
    Recommender,
)
from assistant.recommend.interactions import InteractionMatrix, read_event_file
from assistant.recommend.persistence import (
    MODEL_NAMES,
    build_recommender,
    load_recommender,
    save_recommender,
)
from assistant.recommend.personalizer import Affinity, Personalizer

__all__ = [
    "DISLIKED",
    "MODEL_NAMES",
    "Affinity",
    "Contribution",
    "Explanation",
    "InteractionMatrix",
    "Personalizer",
    "Recommendation",
    "Recommender",
    "build_recommender",
    "load_recommender",
    "read_event_file",
    "save_recommender",
]

"""Intent classification: a calibrated softmax head over the MiniLM embedding plus a few
message signals taken from the extracted entities."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from assistant.nlu.dataset import INTENTS, SERVICE_ACTIONS
from assistant.nlu.entities import Entities
from assistant.nlu.heads import SoftmaxHead

SIGNAL_WEIGHT = 0.4
SIGNAL_NAMES = (
    "has_refs", "has_two_refs", "has_price", "has_order_id", "names_product", "has_exclusion",
    "has_color", "has_size", "words_1_2", "words_3_5", "words_over_12",
)  # fmt: skip


def message_signals(text: str, entities: Entities, names_product: bool) -> np.ndarray:
    """Binary features of one message, scaled by ``SIGNAL_WEIGHT``."""
    n = len(text.split())
    values = (
        bool(entities.product_refs),
        len(entities.product_refs) >= 2,
        entities.price_min is not None or entities.price_max is not None,
        entities.order_id is not None,
        names_product,
        bool(entities.exclude_terms),
        entities.color is not None,
        entities.size is not None,
        n <= 2,
        3 <= n <= 5,
        n > 12,
    )
    return np.array(values, dtype=np.float32) * SIGNAL_WEIGHT


def intent_features(vectors: np.ndarray, signals: np.ndarray, lexical: np.ndarray) -> np.ndarray:
    """Embedding, message signals and word TF-IDF side by side."""
    parts = [np.asarray(a, dtype=np.float32) for a in (vectors, signals, lexical)]
    return np.hstack(parts)


@dataclass
class IntentPrediction:
    label: str
    confidence: float
    scores: dict[str, float]
    fallback: bool = False


class IntentClassifier:
    """Predicts one of the 12 intents; an uncertain prediction falls back to ``other`` (or to
    ``search`` when the message names a product), never to a service action."""

    def __init__(self, head: SoftmaxHead, threshold: float = 0.45) -> None:
        if tuple(head.labels) != INTENTS:
            raise ValueError(f"intent head labels must be {INTENTS}, got {head.labels}")
        if not 0.0 <= threshold <= 1.0:
            raise ValueError("threshold must be within 0..1")
        self.head = head
        self.threshold = threshold

    def predict(self, features: np.ndarray, names_product: list[bool]) -> list[IntentPrediction]:
        probabilities = self.head.probabilities(features)
        if len(names_product) != len(probabilities):
            raise ValueError("one names_product flag per row is required")
        return [self._decide(p, flag) for p, flag in zip(probabilities, names_product, strict=True)]

    def _decide(self, probabilities: np.ndarray, names_product: bool) -> IntentPrediction:
        scores = {
            label: round(float(p), 4) for label, p in zip(INTENTS, probabilities, strict=True)
        }
        top = int(np.argmax(probabilities))
        label, confidence = INTENTS[top], float(probabilities[top])
        if confidence >= self.threshold:
            return IntentPrediction(label, confidence, scores)
        fallback = "search" if names_product else "other"
        assert fallback not in SERVICE_ACTIONS
        return IntentPrediction(
            fallback, float(probabilities[INTENTS.index(fallback)]), scores, True
        )

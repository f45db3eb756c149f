"""Intent classification: a calibrated softmax head over the MiniLM embedding plus a few
message signals taken from the extracted entities."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from assistant.nlu.dataset import INTENTS, SERVICE_ACTIONS
from assistant.nlu.entities import Entities
from assistant.nlu.heads import SoftmaxHead

SIGNAL_WEIGHT = 0.4
# greetings and goodbyes are a closed class of phrases: an unsure one with none of these
# words is neither ("thermos" read as goodbye at 0.46); it is searched (short, or naming a
# product) or taken as "other"
SOCIAL_WORDS = re.compile(
    r"\b(?:h+i+|hello+|hell?o+|he+y+|heya|hiya|yo|howdy|greetings|morning|afternoon|evening|"
    r"sup|what'?s up|anyone|anybody|someone|somebody|there|hola|salut|gm|bye+|goodbye|buh|"
    r"see (?:you|ya)|cya|later|ttyl|thanks?|thx|ty|cheers|done|all set|gotta go|i'?m off|"
    r"leaving|farewell|peace out|adios|ciao|take care|good night|good day|sorted|helpful|"
    r"appreciate|tomorrow|weekend|again|bot|assistant|ok|okay)\b",
    re.IGNORECASE,
)
SOCIAL = ("greeting", "goodbye")
UNSURE_SOCIAL = 0.6
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

    def predict(
        self,
        features: np.ndarray,
        names_product: list[bool],
        texts: Sequence[str] | None = None,
    ) -> list[IntentPrediction]:
        """``texts`` (the messages, one per row) let an unsure greeting or goodbye without
        a social word fall back."""
        probabilities = self.head.probabilities(features)
        if len(names_product) != len(probabilities):
            raise ValueError("one names_product flag per row is required")
        rows = list(texts) if texts is not None else [None] * len(probabilities)
        if len(rows) != len(probabilities):
            raise ValueError("one text per row is required")
        return [
            self._decide(p, flag, text)
            for p, flag, text in zip(probabilities, names_product, rows, strict=True)
        ]

    def _decide(
        self, probabilities: np.ndarray, names_product: bool, text: str | None = None
    ) -> IntentPrediction:
        scores = {
            label: round(float(p), 4) for label, p in zip(INTENTS, probabilities, strict=True)
        }
        top = int(np.argmax(probabilities))
        label, confidence = INTENTS[top], float(probabilities[top])
        social_doubt = (
            text is not None
            and label in SOCIAL
            and confidence < UNSURE_SOCIAL
            and not SOCIAL_WORDS.search(text)
        )
        if confidence >= self.threshold and not social_doubt:
            return IntentPrediction(label, confidence, scores)
        short = text is not None and len(text.split()) <= 3
        fallback = "search" if names_product or (social_doubt and short) else "other"
        assert fallback not in SERVICE_ACTIONS
        return IntentPrediction(
            fallback, float(probabilities[INTENTS.index(fallback)]), scores, True
        )

"""``assistant nlu train``: fit the intent and sentiment heads on the training split.

The regularisation strength and whether VADER features join the sentiment head are chosen
by 5-fold cross-validation on the training split only; the held-out split stays unseen.
"""

from __future__ import annotations

import json
import logging
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from assistant.nlu.dataset import DATA_DIR, INTENTS, SENTIMENTS, Example, load_examples, split
from assistant.nlu.entities import EntityExtractor
from assistant.nlu.heads import cross_validated_accuracy, train_head
from assistant.nlu.intent import intent_features, message_signals
from assistant.nlu.lexical import WordTfidf
from assistant.nlu.pipeline import MODEL_PATH, TrainedHeads
from assistant.nlu.sentiment import VaderFeatures

if TYPE_CHECKING:
    from assistant.embedding import Encoder

log = logging.getLogger(__name__)
C_GRID = (10.0, 30.0)
SENTIMENT_C_GRID = (3.0, 10.0, 30.0)


@dataclass
class TrainingReport:
    model_path: str  # relative to the report's own directory (the report sits beside it)
    intent_train: int
    intent_heldout: int
    sentiment_train: int
    sentiment_heldout: int
    intent_c: float
    sentiment_c: float
    sentiment_uses_vader: bool
    intent_temperature: float
    sentiment_temperature: float
    cv_accuracy: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


def intent_matrix(
    examples: list[Example], encoder: Encoder, extractor: EntityExtractor, lexical: WordTfidf
) -> np.ndarray:
    texts = [e.text for e in examples]
    vectors = encoder.encode(texts)
    signals = []
    for text in texts:
        entities = extractor.extract(text)
        signals.append(message_signals(text, entities, extractor.mentions_product(text, entities)))
    return intent_features(vectors, np.stack(signals), lexical.transform(texts))


def _labels(examples: list[Example], names: tuple[str, ...]) -> np.ndarray:
    return np.array([names.index(e.label) for e in examples])


def _best_c(
    features: np.ndarray,
    y: np.ndarray,
    cv: dict[str, float],
    name: str,
    grid: tuple[float, ...] = C_GRID,
) -> float:
    scores = {c: cross_validated_accuracy(features, y, c) for c in grid}
    for c, score in scores.items():
        cv[f"{name}_C{c:g}"] = round(score, 4)
    return max(scores, key=lambda c: (scores[c], -c))


def train_models(
    encoder: Encoder, data_dir: Path = DATA_DIR, out_path: Path = MODEL_PATH
) -> TrainingReport:
    extractor = EntityExtractor()
    intent_train, intent_heldout = split(load_examples("intents", data_dir))
    sentiment_train, sentiment_heldout = split(load_examples("sentiment", data_dir))
    cv: dict[str, float] = {}

    log.info("embedding %d intent examples", len(intent_train))
    lexical = WordTfidf.fit([e.text for e in intent_train])
    x_intent = intent_matrix(intent_train, encoder, extractor, lexical)
    intent_c = _best_c(x_intent, _labels(intent_train, INTENTS), cv, "intent")
    intent_head = train_head(x_intent, [e.label for e in intent_train], INTENTS, intent_c)

    texts = [e.text for e in sentiment_train]
    vectors = encoder.encode(texts)
    y_sentiment = _labels(sentiment_train, SENTIMENTS)
    sentiment_lexical = WordTfidf.fit(texts)
    lexical_rows = sentiment_lexical.transform(texts)
    plain = np.hstack([vectors, lexical_rows])
    with_vader = np.hstack([vectors, VaderFeatures()(texts), lexical_rows])
    c_plain = _best_c(plain, y_sentiment, cv, "sentiment_embedding_tfidf", SENTIMENT_C_GRID)
    c_vader = _best_c(
        with_vader, y_sentiment, cv, "sentiment_embedding_vader_tfidf", SENTIMENT_C_GRID
    )
    use_vader = (
        cv[f"sentiment_embedding_vader_tfidf_C{c_vader:g}"]
        > cv[f"sentiment_embedding_tfidf_C{c_plain:g}"]
    )
    sentiment_c = c_vader if use_vader else c_plain
    sentiment_head = train_head(
        with_vader if use_vader else plain,
        [e.label for e in sentiment_train],
        SENTIMENTS,
        sentiment_c,
    )

    TrainedHeads(intent_head, lexical, sentiment_head, sentiment_lexical, use_vader).save(out_path)
    report = TrainingReport(
        model_path=out_path.name,
        intent_train=len(intent_train),
        intent_heldout=len(intent_heldout),
        sentiment_train=len(sentiment_train),
        sentiment_heldout=len(sentiment_heldout),
        intent_c=intent_c,
        sentiment_c=sentiment_c,
        sentiment_uses_vader=use_vader,
        intent_temperature=round(intent_head.temperature, 4),
        sentiment_temperature=round(sentiment_head.temperature, 4),
        cv_accuracy=cv,
    )
    out_path.with_name("training_report.json").write_text(
        json.dumps(report.to_dict(), indent=2) + "\n", encoding="utf-8"
    )
    return report

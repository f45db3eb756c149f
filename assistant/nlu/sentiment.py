"""Sentiment: a calibrated softmax head over the MiniLM embedding and word TF-IDF, optionally
joined with VADER lexicon scores (used when cross-validation on the training split shows they
help)."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from assistant.nlu.dataset import SENTIMENTS
from assistant.nlu.heads import SoftmaxHead
from assistant.nlu.lexical import WordTfidf

VADER_WEIGHT = 1.0
VADER_MAX_CHARS = 5000


class VaderFeatures:
    """compound, positive, negative and neutral scores of vaderSentiment (loaded lazily)."""

    def __init__(self) -> None:
        self._analyzer: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        with self._lock:
            if self._analyzer is None:
                from vaderSentiment.vaderSentiment import SentimentIntensityAnalyzer

                self._analyzer = SentimentIntensityAnalyzer()
        return self._analyzer

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        analyzer = self._load()
        rows = []
        for text in texts:
            s = analyzer.polarity_scores(text[:VADER_MAX_CHARS])
            rows.append((s["compound"], s["pos"], s["neg"], s["neu"]))
        return np.array(rows, dtype=np.float32).reshape(len(texts), 4) * VADER_WEIGHT


@dataclass
class SentimentPrediction:
    label: str
    score: float  # P(positive) - P(negative), in -1..1
    probabilities: dict[str, float]


class SentimentClassifier:
    """Features: MiniLM embedding, VADER scores (optional) and word TF-IDF."""

    def __init__(self, head: SoftmaxHead, use_vader: bool, lexical: WordTfidf) -> None:
        if tuple(head.labels) != SENTIMENTS:
            raise ValueError(f"sentiment head labels must be {SENTIMENTS}, got {head.labels}")
        self.head = head
        self.use_vader = use_vader
        self.lexical = lexical
        self.vader = VaderFeatures()

    def features(self, vectors: np.ndarray, texts: Sequence[str]) -> np.ndarray:
        vectors = np.asarray(vectors, dtype=np.float32)
        if len(vectors) != len(texts):
            raise ValueError("one vector per text is required")
        parts = [vectors]
        if self.use_vader:
            parts.append(self.vader(texts))
        parts.append(self.lexical.transform(texts))
        return np.hstack(parts)

    def predict(self, vectors: np.ndarray, texts: Sequence[str]) -> list[SentimentPrediction]:
        probabilities = self.head.probabilities(self.features(vectors, texts))
        out = []
        for p in probabilities:
            scores = {label: float(v) for label, v in zip(SENTIMENTS, p, strict=True)}
            score = scores["positive"] - scores["negative"]
            out.append(SentimentPrediction(SENTIMENTS[int(np.argmax(p))], round(score, 4), scores))
        return out

"""One NLU call: embed the message once, then intent, sentiment and entities."""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from assistant.errors import AssistantError
from assistant.nlu.entities import Entities, EntityExtractor
from assistant.nlu.heads import SoftmaxHead
from assistant.nlu.intent import IntentClassifier, intent_features, message_signals
from assistant.nlu.lexical import WordTfidf
from assistant.nlu.sentiment import SentimentClassifier
from assistant.nlu.vocabulary import CatalogVocabulary
from assistant.settings import NLUSettings

if TYPE_CHECKING:
    from assistant.embedding import Encoder

MODEL_PATH = Path(__file__).parent / "model" / "nlu_heads.npz"
ENCODE_BATCH = 64


@dataclass
class NLUResult:
    intent: str
    intent_confidence: float
    sentiment: str
    sentiment_score: float  # -1 (negative) .. 1 (positive)
    entities: Entities
    intent_scores: dict[str, float] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "intent": self.intent,
            "intent_confidence": round(self.intent_confidence, 4),
            "sentiment": self.sentiment,
            "sentiment_score": round(self.sentiment_score, 4),
            "entities": self.entities.to_dict(),
            "intent_scores": self.intent_scores,
        }


@dataclass
class TrainedHeads:
    intent: SoftmaxHead
    intent_lexical: WordTfidf
    sentiment: SoftmaxHead
    sentiment_lexical: WordTfidf
    sentiment_uses_vader: bool

    def save(self, path: Path) -> None:
        path.parent.mkdir(parents=True, exist_ok=True)
        arrays = {**self.intent.to_arrays("intent"), **self.sentiment.to_arrays("sentiment")}
        arrays["sentiment_uses_vader"] = np.array([self.sentiment_uses_vader])
        arrays["intent_lexical_terms"] = np.array(self.intent_lexical.terms)
        arrays["intent_lexical_idf"] = self.intent_lexical.idf.astype(np.float32)
        arrays["sentiment_lexical_terms"] = np.array(self.sentiment_lexical.terms)
        arrays["sentiment_lexical_idf"] = self.sentiment_lexical.idf.astype(np.float32)
        with path.open("wb") as handle:
            np.savez_compressed(handle, allow_pickle=False, **arrays)

    @classmethod
    def load(cls, path: Path) -> TrainedHeads:
        try:
            with np.load(path, allow_pickle=False) as data:
                arrays = {k: data[k] for k in data.files}
            return cls(
                intent=SoftmaxHead.from_arrays("intent", arrays),
                intent_lexical=WordTfidf(
                    tuple(str(t) for t in arrays["intent_lexical_terms"]),
                    np.asarray(arrays["intent_lexical_idf"], dtype=np.float32),
                ),
                sentiment_lexical=WordTfidf(
                    tuple(str(t) for t in arrays["sentiment_lexical_terms"]),
                    np.asarray(arrays["sentiment_lexical_idf"], dtype=np.float32),
                ),
                sentiment=SoftmaxHead.from_arrays("sentiment", arrays),
                sentiment_uses_vader=bool(arrays["sentiment_uses_vader"][0]),
            )
        except FileNotFoundError:
            raise AssistantError(
                f"NLU model not found at {path}: run `assistant nlu train`"
            ) from None
        except (KeyError, ValueError, OSError) as exc:
            raise AssistantError(
                f"NLU model at {path} is unreadable ({exc}): run `assistant nlu train`"
            ) from None


class NLUPipeline:
    """Thread-safe: ``run`` may be called from several threads at once."""

    def __init__(
        self,
        heads: TrainedHeads,
        extractor: EntityExtractor,
        encoder: Encoder,
        settings: NLUSettings,
    ) -> None:
        n_signals = len(message_signals("", Entities(), False))
        expected = encoder.dimension + n_signals + len(heads.intent_lexical.terms)
        if heads.intent.n_features != expected:
            raise ValueError("the intent head does not match the encoder dimension")
        self.lexical = heads.intent_lexical
        self.settings = settings
        self.intent = IntentClassifier(heads.intent, settings.intent_threshold)
        self.sentiment = SentimentClassifier(
            heads.sentiment, heads.sentiment_uses_vader, heads.sentiment_lexical
        )
        self.extractor = extractor
        self.encoder = encoder
        self._encode_lock = threading.Lock()

    @classmethod
    def load(
        cls,
        vocabulary: CatalogVocabulary | None = None,
        settings: NLUSettings | None = None,
        encoder: Encoder | None = None,
    ) -> NLUPipeline:
        settings = settings or NLUSettings()
        path = Path(settings.model_path) if settings.model_path else MODEL_PATH
        if encoder is None:
            from assistant.embedding import default_encoder

            encoder = default_encoder()
        extractor = EntityExtractor(vocabulary, settings.fuzzy_cutoff, settings.max_chars)
        return cls(TrainedHeads.load(path), extractor, encoder, settings)

    def run(self, text: str) -> NLUResult:
        return self.run_many([text])[0]

    def run_many(self, texts: Sequence[str], progress: bool = False) -> list[NLUResult]:
        """Analyse many messages, embedding them in batches."""
        if isinstance(texts, str):
            raise TypeError("run_many expects a sequence of strings, not one string")
        cut = [self._clean(t) for t in texts]
        if not cut:
            return []
        with self._encode_lock:
            vectors = self.encoder.encode(cut, batch_size=ENCODE_BATCH, progress=progress)
        entities = [self.extractor.extract(t) for t in cut]
        names_product = [
            self.extractor.mentions_product(t, e) for t, e in zip(cut, entities, strict=True)
        ]
        signals = np.stack(
            [message_signals(t, e, n) for t, e, n in zip(cut, entities, names_product, strict=True)]
        )
        features = intent_features(vectors, signals, self.lexical.transform(cut))
        intents = self.intent.predict(features, names_product, cut)
        sentiments = self.sentiment.predict(vectors, cut)
        return [
            NLUResult(i.label, i.confidence, s.label, s.score, e, i.scores)
            if _has_text(t)
            else NLUResult("other", 1.0, "neutral", 0.0, e, {"other": 1.0})  # nothing said
            for t, i, s, e in zip(cut, intents, sentiments, entities, strict=True)
        ]

    def _clean(self, text: str) -> str:
        if not isinstance(text, str):
            raise TypeError(f"NLU input must be a string, got {type(text).__name__}")
        return " ".join(text[: self.settings.max_chars].split())


def _has_text(text: str) -> bool:
    """False for a message of only spaces or control characters (nothing to classify)."""
    return any(ch.isprintable() and not ch.isspace() for ch in text)

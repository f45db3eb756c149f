"""Shopping scenario of a conversation (gift / replenish / urgent / browsing) and its effect.

Each user message is classified by a small logistic regression over word and character
n-grams plus a handful of cue patterns ("present for", "ran out", "by tomorrow"), fitted on
the project's labelled utterances (``assistant/profile/data/scenarios``) the first time a
detector is built (well under a second). Over a conversation the scenario is sticky: a
message confidently in gift / replenish / urgent sets it; a plain refinement ("cheaper",
"in blue") keeps it; an explicit browsing message ("just looking") resets it.

``ScenarioDetector().run(messages) -> ScenarioResult`` with ``scenario``, ``confidence`` and
``shaping`` (an ``assistant.profile.scoring.TurnShaping``) for the re-ranker.
"""

from __future__ import annotations

import re
import threading
import zlib
from collections import OrderedDict
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from assistant.profile.scoring import TurnShaping

SCENARIOS = ("gift", "replenish", "urgent", "browsing")
DATA_DIR = Path(__file__).parent / "data" / "scenarios"
HELDOUT_MODULUS = 5

CUES: dict[str, re.Pattern[str]] = {
    "gift": re.compile(
        r"\b(gifts?|present|presents|surprise|stocking|secret santa|birthday|anniversary|"
        r"valentine'?s?|christmas|mother'?s day|father'?s day|for (?:my|our|a) (?:wife|husband|"
        r"son|daughter|mum|mom|dad|sister|brother|friend|boss|teacher|niece|nephew|partner|"
        r"boyfriend|girlfriend|grandma|grandpa|grandmother|grandfather|colleague|coworker|kid|"
        r"kids|uncle|aunt|cousin)|someone else|treat (?:him|her|them)|get (?:him|her))\b",
        re.I,
    ),
    "replenish": re.compile(
        r"\b(again|re-?order|re-?stock|restocking|refill|ran out|run out|running (?:low|out)|"
        r"out of|used up|finished|same (?:one|as|size|set|scent|model|trainers|ones)|usual|"
        r"regular|last time|before|previous|another (?:pack|box|bottle|one|refill)|more of|"
        r"replacement|repurchase|top up|stock up|always (?:get|buy)|keep buying|bought)\b",
        re.I,
    ),
    "urgent": re.compile(
        r"\b(asap|urgent(?:ly)?|emergency|today|tonight|tomorrow|this (?:saturday|sunday|"
        r"weekend|morning|evening)|by (?:monday|tuesday|wednesday|thursday|friday|saturday|"
        r"sunday|tomorrow|tonight|the weekend)|before (?:monday|tuesday|wednesday|thursday|"
        r"friday|saturday|sunday|my flight|the)|overnight|same-?day|next-?day|express|"
        r"fast(?:est)?|quick(?:ly|est)?|hurry|rush|right now|need it now|last minute|"
        r"in \d+ hours|within a day|24 hours|deadline|speedy|sooner|broke|broken|died)\b",
        re.I,
    ),
    "browsing": re.compile(
        r"\b(just (?:looking|browsing)|browsing|curious|explore|at some point|eventually|"
        r"not sure what|no rush|show me|what .* do you (?:have|sell|carry))\b",
        re.I,
    ),
}

SHAPING: dict[str, TurnShaping] = {
    "gift": TurnShaping(
        "gift",
        use_own_size=False,
        use_own_taste=False,
        gift_boost=1.0,
        notes=("a gift: not using your own size or taste; favouring well-rated, in-stock items",),
    ),
    "replenish": TurnShaping(
        "replenish", bought_first=True, notes=("buying again: what you bought before comes first",)
    ),
    "urgent": TurnShaping(
        "urgent", in_stock_first=True, notes=("needed soon: in-stock items first",)
    ),
    "browsing": TurnShaping("browsing"),
}


@dataclass(frozen=True)
class ScenarioExample:
    text: str
    label: str


@dataclass
class ScenarioResult:
    scenario: str
    confidence: float
    message_index: int  # which message set it (-1: the default, browsing)
    shaping: TurnShaping
    scores: dict[str, float] = field(default_factory=dict)  # of the last message

    def to_dict(self) -> dict[str, Any]:
        return {
            "scenario": self.scenario,
            "confidence": round(self.confidence, 4),
            "message_index": self.message_index,
            "shaping": self.shaping.to_dict(),
            "scores": {k: round(v, 4) for k, v in self.scores.items()},
        }


def is_heldout(text: str) -> bool:
    key = " ".join(text.lower().split())
    return zlib.crc32(key.encode("utf-8")) % HELDOUT_MODULUS == 0


def load_examples(data_dir: Path = DATA_DIR) -> list[ScenarioExample]:
    out = []
    for label in SCENARIOS:
        path = data_dir / f"{label}.txt"
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                out.append(ScenarioExample(line.strip(), label))
    return out


def split_examples(
    examples: Sequence[ScenarioExample],
) -> tuple[list[ScenarioExample], list[ScenarioExample]]:
    train = [e for e in examples if not is_heldout(e.text)]
    held = [e for e in examples if is_heldout(e.text)]
    return train, held


SCORE_CACHE_SIZE = 4096


class ScenarioClassifier:
    """Per-message classifier: TF-IDF (words 1-2, chars 2-5) + cue flags -> logistic regression."""

    def __init__(self, examples: Sequence[ScenarioExample], c: float = 8.0) -> None:
        from scipy.sparse import hstack
        from sklearn.feature_extraction.text import TfidfVectorizer
        from sklearn.linear_model import LogisticRegression

        labels = {e.label for e in examples}
        if labels != set(SCENARIOS):
            raise ValueError(f"scenario examples must cover {SCENARIOS}, got {sorted(labels)}")
        texts = [e.text for e in examples]
        self._hstack = hstack
        self.words = TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=1)
        self.chars = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True, min_df=2
        )
        x = hstack([self.words.fit_transform(texts), self.chars.fit_transform(texts), _cues(texts)])
        from threadpoolctl import threadpool_limits

        self.model = LogisticRegression(C=c, max_iter=2000)
        with threadpool_limits(limits=1):  # a tiny problem: BLAS threads only slow it down
            self.model.fit(x.tocsr(), [e.label for e in examples])
        self.labels = [str(label) for label in self.model.classes_]
        # a conversation is re-scored every turn: remember each message's scores (bounded)
        self._cache: OrderedDict[str, dict[str, float]] = OrderedDict()
        self._cache_lock = threading.Lock()

    def scores(self, texts: Sequence[str]) -> list[dict[str, float]]:
        with self._cache_lock:
            known = {t: self._cache[t] for t in texts if t in self._cache}
        missing = list(dict.fromkeys(t for t in texts if t not in known))
        if missing:
            x = self._hstack(
                [self.words.transform(missing), self.chars.transform(missing), _cues(missing)]
            ).tocsr()
            probs = self.model.predict_proba(x)
            fresh = {
                t: dict(zip(self.labels, map(float, row), strict=True))
                for t, row in zip(missing, probs, strict=True)
            }
            known.update(fresh)
            with self._cache_lock:
                self._cache.update(fresh)
                while len(self._cache) > SCORE_CACHE_SIZE:
                    self._cache.popitem(last=False)
        return [dict(known[t]) for t in texts]

    def predict(self, texts: Sequence[str]) -> list[str]:
        return [max(s, key=lambda k: s[k]) for s in self.scores(texts)]


def _cues(texts: Sequence[str]) -> Any:
    from scipy.sparse import csr_matrix

    flags = np.array(
        [[2.0 if CUES[label].search(t) else 0.0 for label in SCENARIOS] for t in texts]
    )
    return csr_matrix(flags)


_SHARED: ScenarioClassifier | None = None
_SHARED_LOCK = threading.Lock()


def shared_classifier() -> ScenarioClassifier:
    """The classifier fitted on every labelled line, built once per process."""
    global _SHARED
    with _SHARED_LOCK:
        if _SHARED is None:
            _SHARED = ScenarioClassifier(load_examples())
        return _SHARED


class ScenarioDetector:
    """``run(messages)``: the scenario of a conversation from its user messages (oldest first)."""

    def __init__(
        self,
        classifier: ScenarioClassifier | None = None,
        threshold: float = 0.5,
        reset_threshold: float = 0.6,
    ) -> None:
        if not 0 < threshold < 1 or not 0 < reset_threshold < 1:
            raise ValueError("scenario thresholds must be in (0, 1)")
        self.classifier = classifier or shared_classifier()
        self.threshold = threshold
        self.reset_threshold = reset_threshold

    def run(self, messages: Sequence[str]) -> ScenarioResult:
        texts = [m[:2000] for m in messages if m and m.strip()]
        state, confidence, where = "browsing", 0.0, -1
        scores: dict[str, float] = {}
        for n, scores in enumerate(self.classifier.scores(texts) if texts else []):
            label = max(scores, key=lambda k: scores[k])
            p = scores[label]
            if label != "browsing" and p >= self.threshold:
                state, confidence, where = label, p, n
            elif label == "browsing" and p >= self.reset_threshold and _explicit_browse(texts[n]):
                state, confidence, where = "browsing", p, n
        if where < 0:
            confidence = scores.get("browsing", 1.0) if scores else 1.0
        return ScenarioResult(state, confidence, where, SHAPING[state], scores)


def _explicit_browse(text: str) -> bool:
    return bool(
        re.search(r"\b(just (?:looking|browsing)|for myself|for me|browsing)\b", text, re.I)
    )


def heldout_accuracy(data_dir: Path = DATA_DIR) -> dict[str, Any]:
    """Fit on the training lines, score the held-out lines: accuracy, per class, confusions."""
    train, held = split_examples(load_examples(data_dir))
    classifier = ScenarioClassifier(train)
    predicted = classifier.predict([e.text for e in held])
    per_class: dict[str, dict[str, float]] = {}
    for label in SCENARIOS:
        rows = [(e, p) for e, p in zip(held, predicted, strict=True) if e.label == label]
        per_class[label] = {
            "n": len(rows),
            "recall": sum(p == label for _, p in rows) / len(rows) if rows else 0.0,
        }
    errors = [
        {"text": e.text, "label": e.label, "predicted": p}
        for e, p in zip(held, predicted, strict=True)
        if e.label != p
    ]
    correct = sum(e.label == p for e, p in zip(held, predicted, strict=True))
    return {
        "train": len(train),
        "heldout": len(held),
        "accuracy": correct / len(held) if held else 0.0,
        "per_class": per_class,
        "errors": errors,
    }

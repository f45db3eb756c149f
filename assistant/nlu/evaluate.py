"""``assistant eval nlu``: own held-out split plus external data sets (never trained on).

External sets (in ``../shared/data``):
- Bitext customer support: rows whose intent has a counterpart here (``BITEXT_MAPPING``);
  accuracy of our intent on those rows.
- CLINC150 out-of-scope utterances (all ``oos_*`` splits): share classified as ``other``.
- Amazon Fashion 5-core reviews: 1-2 stars negative, 4-5 positive (3 stars and unrated rows
  are skipped); binary accuracy, a ``neutral`` prediction counts as wrong. The text is the
  summary and the review joined by ". ".
"""

from __future__ import annotations

import csv
import json
import random
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from assistant.errors import AssistantError
from assistant.nlu.dataset import DATA_DIR, INTENTS, SENTIMENTS, load_examples, split
from assistant.nlu.pipeline import NLUPipeline

# Bitext intent -> ours, only where the Bitext intent means the same thing as one of ours.
# Reviewed (issue 3); the reasons:
#   track_order -> order_status          "where is my order": the same request.
#   get_refund -> return_refund          asking for money back on a purchase.
#   track_refund -> return_refund        following up a refund of one's own purchase; our
#                                        return_refund covers "where is my refund" (the desk
#                                        looks up the return), order_status is for parcels.
#   complaint -> complaint               the same.
#   contact_human_agent -> human_agent   the same.
#   contact_customer_service -> human_agent
#                                        asking how to reach the service team (phone, email,
#                                        live chat); our human_agent route hands over to or
#                                        points at staff. Borderline: questions about the
#                                        service team's hours are policy-like.
#   delivery_options -> policy_question  which shipping methods exist: a store rule.
#   check_payment_methods -> policy_question
#   check_refund_policy -> policy_question  the rules for refunds, not a refund request (the
#                                        most confused pair: both talk about refunds).
#   check_cancellation_fee -> policy_question  the fee terms, not a cancellation.
# Left unmapped on purpose (no counterpart, or the Bitext intent mixes two of ours):
#   cancel_order / change_order / place_order (actions we do not have), delivery_period
#   ("when will MY order arrive" = order_status vs "how long does shipping take" =
#   policy_question), payment_issue (complaint or policy), review (feedback, often
#   positive), check_invoice / get_invoice, shipping-address, account and newsletter intents
#   (no intent of ours; the assistant answers them as ``other``). Mapping those to ``other``
#   would raise the figure without measuring anything the issue asks for.
BITEXT_MAPPING: dict[str, str] = {
    "track_order": "order_status",
    "get_refund": "return_refund",
    "track_refund": "return_refund",
    "complaint": "complaint",
    "contact_human_agent": "human_agent",
    "contact_customer_service": "human_agent",
    "delivery_options": "policy_question",
    "check_payment_methods": "policy_question",
    "check_refund_policy": "policy_question",
    "check_cancellation_fee": "policy_question",
}
BITEXT_FILE = Path("intents/bitext_customer_support.csv")
CLINC_FILE = Path("intents/clinc150_data_full.json")
AMAZON_FILE = Path("reviews/amazon_fashion_5core.jsonl")


@dataclass
class ClassReport:
    """Accuracy, per-label precision / recall / support and the confusion matrix."""

    accuracy: float
    n: int
    labels: list[str]
    per_label: dict[str, dict[str, float]]
    confusion: list[list[int]]  # rows = true label, columns = predicted label

    @classmethod
    def build(cls, truth: list[str], predicted: list[str], labels: list[str]) -> ClassReport:
        index = {label: i for i, label in enumerate(labels)}
        confusion = [[0] * len(labels) for _ in labels]
        for t, p in zip(truth, predicted, strict=True):
            confusion[index[t]][index[p]] += 1
        per_label = {}
        for label, i in index.items():
            tp = confusion[i][i]
            predicted_n = sum(row[i] for row in confusion)
            support = sum(confusion[i])
            per_label[label] = {
                "precision": round(tp / predicted_n, 4) if predicted_n else 0.0,
                "recall": round(tp / support, 4) if support else 0.0,
                "support": support,
            }
        correct = sum(t == p for t, p in zip(truth, predicted, strict=True))
        return cls(
            round(correct / len(truth), 4) if truth else 0.0,
            len(truth),
            labels,
            per_label,
            confusion,
        )

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class ExternalReport:
    name: str
    metric: str
    value: float
    n: int
    target: float
    details: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def evaluate_heldout(pipeline: NLUPipeline, data_dir: Path = DATA_DIR) -> dict[str, ClassReport]:
    """Intent and sentiment reports on the project's own held-out split."""
    out = {}
    for task, labels, attribute in (
        ("intents", INTENTS, "intent"),
        ("sentiment", SENTIMENTS, "sentiment"),
    ):
        _, heldout = split(load_examples(task, data_dir))
        results = pipeline.run_many([e.text for e in heldout])
        predicted = [getattr(r, attribute) for r in results]
        out[attribute] = ClassReport.build([e.label for e in heldout], predicted, list(labels))
    return out


def _sample(rows: list[Any], limit: int | None, seed: int = 0) -> list[Any]:
    if limit is None or limit >= len(rows):
        return rows
    return random.Random(seed).sample(rows, limit)


def _require(path: Path) -> Path:
    if not path.is_file():
        raise AssistantError(f"evaluation file not found: {path}")
    return path


def evaluate_bitext(
    pipeline: NLUPipeline, shared_data: Path, limit: int | None = None
) -> ExternalReport:
    with _require(shared_data / BITEXT_FILE).open(encoding="utf-8", newline="") as handle:
        rows = [
            (r["instruction"], r["intent"])
            for r in csv.DictReader(handle)
            if r.get("intent") in BITEXT_MAPPING and r.get("instruction", "").strip()
        ]
    rows = _sample(rows, limit)
    results = pipeline.run_many([text for text, _ in rows])
    predicted = [r.intent for r in results]
    truth = [BITEXT_MAPPING[source] for _, source in rows]
    report = ClassReport.build(truth, predicted, list(INTENTS))
    per_source: dict[str, Counter[str]] = {}
    for (_, source), p in zip(rows, predicted, strict=True):
        per_source.setdefault(source, Counter())[p] += 1
    details = {
        "mapping": BITEXT_MAPPING,
        "per_label": {k: v for k, v in report.per_label.items() if v["support"]},
        "per_bitext_intent": {
            source: {
                "ours": BITEXT_MAPPING[source],
                "accuracy": round(counts[BITEXT_MAPPING[source]] / counts.total(), 4),
                "n": counts.total(),
                "predicted": dict(counts.most_common()),
            }
            for source, counts in sorted(per_source.items())
        },
    }
    return ExternalReport(
        "bitext_customer_support",
        "mapped_intent_accuracy",
        report.accuracy,
        report.n,
        0.90,
        details,
    )


def evaluate_clinc_oos(
    pipeline: NLUPipeline, shared_data: Path, limit: int | None = None
) -> ExternalReport:
    try:
        data = json.loads(_require(shared_data / CLINC_FILE).read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise AssistantError(f"{CLINC_FILE} is not valid JSON: {exc}") from None
    texts = [text for key, rows in data.items() if key.startswith("oos") for text, _ in rows]
    texts = _sample(texts, limit)
    predicted = Counter(r.intent for r in pipeline.run_many(texts))
    share = round(predicted["other"] / len(texts), 4) if texts else 0.0
    return ExternalReport(
        "clinc150_oos",
        "share_other",
        share,
        len(texts),
        0.80,
        {"predicted": dict(predicted.most_common())},
    )


def evaluate_amazon(
    pipeline: NLUPipeline, shared_data: Path, limit: int | None = None
) -> ExternalReport:
    rows = []
    with _require(shared_data / AMAZON_FILE).open(encoding="utf-8") as handle:
        for line in handle:
            review = json.loads(line)
            stars = review.get("overall")
            text = ". ".join(p for p in (review.get("summary"), review.get("reviewText")) if p)
            if stars is None or stars == 3 or not text.strip():
                continue
            rows.append((text, "positive" if stars >= 4 else "negative"))
    rows = _sample(rows, limit)
    results = pipeline.run_many([t for t, _ in rows])
    truth = [label for _, label in rows]
    predicted = [r.sentiment for r in results]
    correct = sum(t == p for t, p in zip(truth, predicted, strict=True))
    confusion = Counter(f"{t}->{p}" for t, p in zip(truth, predicted, strict=True))
    accuracy = round(correct / len(rows), 4) if rows else 0.0
    return ExternalReport(
        "amazon_fashion_reviews", "binary_sentiment_accuracy", accuracy, len(rows), 0.88,
        {"truth": dict(Counter(truth)), "confusion": dict(confusion)},
    )  # fmt: skip

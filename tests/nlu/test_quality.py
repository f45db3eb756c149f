"""Model quality pins: held-out accuracy on the project's own split, and the external sets."""

from __future__ import annotations

import pytest

from assistant.nlu import NLUPipeline
from assistant.nlu.evaluate import (
    BITEXT_MAPPING,
    evaluate_amazon,
    evaluate_bitext,
    evaluate_clinc_oos,
    evaluate_heldout,
)

# The issue 3 targets; they pin the quality of the shipped weights.
HELDOUT_INTENT_MIN = 0.95
HELDOUT_SENTIMENT_MIN = 0.90


@pytest.fixture(scope="module")
def heldout(plain_pipeline: NLUPipeline):
    return evaluate_heldout(plain_pipeline)


def test_heldout_intent_accuracy(heldout) -> None:
    report = heldout["intent"]
    assert report.n >= 200
    assert report.accuracy >= HELDOUT_INTENT_MIN
    assert sum(map(sum, report.confusion)) == report.n


def test_heldout_sentiment_accuracy(heldout) -> None:
    assert heldout["sentiment"].n >= 100
    assert heldout["sentiment"].accuracy >= HELDOUT_SENTIMENT_MIN


@pytest.mark.shared_data
@pytest.mark.slow
def test_external_sets_subsampled(plain_pipeline: NLUPipeline, shared_data) -> None:
    bitext = evaluate_bitext(plain_pipeline, shared_data, limit=200)
    clinc = evaluate_clinc_oos(plain_pipeline, shared_data, limit=200)
    amazon = evaluate_amazon(plain_pipeline, shared_data, limit=200)
    assert bitext.n == clinc.n == amazon.n == 200
    assert bitext.value >= 0.75
    per_intent = bitext.details["per_bitext_intent"]
    assert set(per_intent) <= set(BITEXT_MAPPING) and len(per_intent) >= 8
    assert sum(s["n"] for s in per_intent.values()) == 200
    correct = sum(s["predicted"].get(s["ours"], 0) for s in per_intent.values())
    assert correct / 200 == pytest.approx(bitext.value, abs=1e-4)
    assert all(s["ours"] == BITEXT_MAPPING[name] for name, s in per_intent.items())
    assert clinc.value >= 0.70
    assert amazon.value >= 0.85

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor

import numpy as np
import pytest

from assistant.nlu import INTENTS, NLUPipeline
from assistant.nlu.dataset import SERVICE_ACTIONS
from assistant.nlu.heads import SoftmaxHead
from assistant.nlu.intent import IntentClassifier
from assistant.nlu.pipeline import TrainedHeads
from assistant.settings import NLUSettings


@pytest.mark.parametrize(
    ("text", "intent"),
    [
        ("waterproof hiking boots under 100", "search"),
        ("cheaper", "refine"),
        ("only Nike", "refine"),
        ("is the second one machine washable?", "product_question"),
        ("compare the first two", "compare"),
        ("where's my order #A1093", "order_status"),
        ("I want to return these shoes and get my money back", "return_refund"),
        ("what payment methods do you accept", "policy_question"),
        ("let me talk to a real person", "human_agent"),
        ("hello there", "greeting"),
        ("thanks, bye", "goodbye"),
        ("write me a poem about the moon", "other"),
    ],
)
def test_intents_of_clear_messages(pipeline: NLUPipeline, text: str, intent: str) -> None:
    assert pipeline.run(text).intent == intent


def test_result_shape(pipeline: NLUPipeline) -> None:
    result = pipeline.run("Nike running shoes in black under $80, the first one looks great")
    data = result.to_dict()
    assert set(data) == {
        "intent",
        "intent_confidence",
        "sentiment",
        "sentiment_score",
        "entities",
        "intent_scores",
    }
    assert set(result.intent_scores) == set(INTENTS)
    assert abs(sum(result.intent_scores.values()) - 1) < 1e-3
    assert -1 <= result.sentiment_score <= 1
    assert data["entities"]["brand"] == "Nike"
    assert data["entities"]["price_max"] == 80
    assert data["entities"]["product_refs"] == [1]


@pytest.mark.parametrize(
    ("text", "sentiment"),
    [
        ("terrible quality, fell apart after a week", "negative"),
        ("I love these shoes, so comfortable", "positive"),
        ("how do I return this?", "neutral"),
        ("not worth it", "negative"),
    ],
)
def test_sentiment(pipeline: NLUPipeline, text: str, sentiment: str) -> None:
    assert pipeline.run(text).sentiment == sentiment


def _uniform_classifier(threshold: float) -> IntentClassifier:
    head = SoftmaxHead(
        INTENTS,
        np.zeros((3, len(INTENTS)), dtype=np.float32),
        np.zeros(len(INTENTS), dtype=np.float32),
    )
    return IntentClassifier(head, threshold)


def _goodbye_bias(probability: float) -> np.ndarray:
    """Biases that give ``goodbye`` this probability (every other intent the same share)."""
    bias = np.zeros(len(INTENTS), dtype=np.float32)
    others = len(INTENTS) - 1
    bias[INTENTS.index("goodbye")] = np.log(others * probability / (1 - probability))
    return bias


def test_low_confidence_falls_back_to_other_or_search() -> None:
    classifier = _uniform_classifier(0.45)
    features = np.zeros((2, 3), dtype=np.float32)
    no_product, product = classifier.predict(features, [False, True])
    assert (no_product.label, no_product.fallback) == ("other", True)
    assert (product.label, product.fallback) == ("search", True)


def test_an_unsure_greeting_or_goodbye_needs_a_social_word(plain_pipeline: NLUPipeline) -> None:
    assert plain_pipeline.run("thermos").intent == "search"  # was goodbye at 0.46
    for text in ("bye", "ok thanks", "see ya", "good morning", "hi there", "sup"):
        assert plain_pipeline.run(text).intent in ("greeting", "goodbye"), text
    head = SoftmaxHead(INTENTS, np.zeros((3, len(INTENTS)), np.float32), _goodbye_bias(0.55))
    classifier = IntentClassifier(head, 0.45)
    rows = np.zeros((3, 3), np.float32)
    words = ["night light", "gardening gloves and a trowel for my aunt", "bye then"]
    short, long, social = classifier.predict(rows, [False, False, False], words)
    assert (short.label, short.fallback) == ("search", True)  # "night" alone is no goodbye
    assert (long.label, long.fallback) == ("other", True)
    assert (social.label, social.fallback) == ("goodbye", False)


def test_uncertain_service_action_is_never_returned(plain_pipeline: NLUPipeline) -> None:
    """The real heads with a flattened temperature: every prediction is uncertain."""
    real = plain_pipeline.intent.head
    flat = SoftmaxHead(real.labels, real.weights, real.bias, temperature=1e6)
    heads = TrainedHeads(
        flat,
        plain_pipeline.lexical,
        plain_pipeline.sentiment.head,
        plain_pipeline.sentiment.lexical,
        plain_pipeline.sentiment.use_vader,
    )
    uncertain = NLUPipeline(heads, plain_pipeline.extractor, plain_pipeline.encoder, NLUSettings())
    for text in ["where is my order", "I want a refund", "this is awful service", "get me a human"]:
        result = uncertain.run(text)
        assert result.intent == "other" and result.intent not in SERVICE_ACTIONS
    assert uncertain.run("some sneakers maybe").intent == "search"


def test_empty_and_huge_inputs(plain_pipeline: NLUPipeline) -> None:
    for nothing in ("", "   ", "\x00\x07 \x1b"):  # nothing said: not a greeting
        result = plain_pipeline.run(nothing)
        assert (result.intent, result.sentiment, result.sentiment_score) == ("other", "neutral", 0)
    assert plain_pipeline.run("hi").intent == "greeting"
    assert plain_pipeline.run("x" * 20_000).intent in INTENTS


def test_run_is_thread_safe(plain_pipeline: NLUPipeline) -> None:
    texts = ["cheaper", "where is my order 58213", "hello", "compare the first two"] * 5
    expected = [plain_pipeline.run(t).intent for t in texts]
    with ThreadPoolExecutor(max_workers=4) as pool:
        got = list(pool.map(lambda t: plain_pipeline.run(t).intent, texts))
    assert got == expected


def test_missing_model_is_a_clear_error(tmp_path) -> None:
    from assistant.errors import AssistantError

    with pytest.raises(AssistantError, match="nlu train"):
        NLUPipeline.load(settings=NLUSettings(model_path=str(tmp_path / "none.npz")))

from __future__ import annotations

import pytest

from assistant.profile.scenario import (
    SCENARIOS,
    SHAPING,
    ScenarioDetector,
    heldout_accuracy,
    load_examples,
    split_examples,
)


@pytest.fixture(scope="module")
def detector() -> ScenarioDetector:
    return ScenarioDetector()


def test_labelled_set_has_40_plus_varied_lines_per_class() -> None:
    examples = load_examples()
    for label in SCENARIOS:
        texts = [e.text.lower() for e in examples if e.label == label]
        assert len(texts) >= 40, label
        assert len(set(texts)) == len(texts), f"duplicates in {label}"
    train, held = split_examples(examples)
    assert {e.label for e in held} == set(SCENARIOS)
    assert not {e.text for e in train} & {e.text for e in held}


def test_heldout_accuracy() -> None:
    result = heldout_accuracy()
    assert result["heldout"] >= 30
    assert result["accuracy"] >= 0.85, result["errors"]


@pytest.mark.parametrize(
    ("messages", "expected"),
    [
        (["show me running shoes", "cheaper"], "browsing"),
        (["I need a present for my dad", "he likes hiking", "cheaper"], "gift"),
        (["I ran out of my face cream", "the same one"], "replenish"),
        (["my kettle broke, need one today", "in black"], "urgent"),
        (["need a gift for my sister", "actually, just looking for myself now"], "browsing"),
        ([], "browsing"),
    ],
)
def test_conversation_scenario_is_sticky_until_reset(detector, messages, expected) -> None:
    result = detector.run(messages)
    assert result.scenario == expected
    assert result.shaping == SHAPING[expected]
    assert result.to_dict()["scenario"] == expected


def test_shaping_per_scenario() -> None:
    assert not SHAPING["gift"].use_own_size and SHAPING["gift"].gift_boost > 0
    assert SHAPING["replenish"].bought_first
    assert SHAPING["urgent"].in_stock_first
    assert SHAPING["browsing"].use_own_size and not SHAPING["browsing"].notes

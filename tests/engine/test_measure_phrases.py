"""Weight and capacity phrases in a message (pure functions)."""

from __future__ import annotations

import re

import pytest

from assistant.engine.measure_phrases import (
    BIGGER,
    LIGHTER,
    capacity_min,
    weight_limit,
    without_weight_limit,
)
from assistant.engine.search_text import LIGHTEST, clean_query
from assistant.nlu.entities import Entities


@pytest.mark.parametrize(
    ("message", "grams"),
    [
        ("a tent under 2 kg", 2000.0),
        ("backpack lighter than 1kg", 1000.0),
        ("a tent that weighs less than 1.5 kilos", 1500.0),
        ("sleeping bag under 800g please", 800.0),
        ("weighing at most 3 lbs", 1360.8),
        ("lighter than 5 pounds", 2268.0),
        ("a 2kg max tent", 2000.0),
        ("max weight 900 grams", 900.0),
        ("Under 2KG", 2000.0),
        ("tent less than 1,5 kg", 1500.0),
        ("tent < 2kg", 2000.0),
        ("a backpack under 1,500 g", 1500.0),  # a thousands comma, not 1.5 g
        ("1,5 kg max", 1500.0),  # was 5 kg
        ("max weight 1,5 kg", 1500.0),
    ],
)
def test_a_weight_limit_in_grams(message: str, grams: float) -> None:
    assert weight_limit(message) == pytest.approx(grams)
    assert not re.search(r"\d", without_weight_limit(message)), message


@pytest.mark.parametrize(
    "message",
    [
        "under 50 pounds",
        "under 50",
        "size 10 under 2 gallons",
        "a 2 kg dumbbell",
        "a weighted blanket under 50 pounds",  # a price: no weight word right before it
    ],
)
def test_no_weight_limit(message: str) -> None:
    assert weight_limit(message) is None
    assert without_weight_limit(message) == message  # "under 50 pounds" is money: kept


@pytest.mark.parametrize(
    ("message", "litres", "more"),
    [
        ("at least 30 litres", 30.0, False),
        ("bakcpack atleast 30 liters", 30.0, False),
        ("a backpack over 25 l", 25.0, True),  # 25 L itself is not over 25 L
        ("30L or more", 30.0, False),
        ("bottle 500 ml minimum", 0.5, False),
        ("more than 1.5 liters please", 1.5, True),
    ],
)
def test_a_least_capacity_in_litres(message: str, litres: float, more: bool) -> None:
    found = capacity_min(message)
    assert found is not None and found[0] == pytest.approx(litres) and found[1] is more
    assert not re.search(r"\d", clean_query(message, Entities())), message


@pytest.mark.parametrize("message", ["a 30 litre backpack", "under 30 l", "size 30"])
def test_no_least_capacity(message: str) -> None:
    assert capacity_min(message) is None


def test_lighter_and_bigger_about_a_colour_or_a_size_are_no_weight_or_capacity():
    for message in ("do you have one in a lighter colour?", "a lighter shade of blue please"):
        assert not LIGHTER.search(message), message
    assert not BIGGER.search("a bigger size") and BIGGER.search("bigger please")
    assert LIGHTER.search("lighter ones") and not LIGHTEST.search("the lightest blue")

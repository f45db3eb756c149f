"""The grounding check, with drafts that violate it and drafts that do not."""

from __future__ import annotations

import pytest

from assistant.generation import GroundingChecker, ProductFacts, ReplyPlan
from assistant.generation.prompts import SYSTEM_PROMPT, load_prompt

MAT = ProductFacts(
    position=1,
    product_id="P1",
    title="Studio Grip Yoga Mat",
    brand="Zenform",
    price=44.99,
    rating=4.6,
    review_count=24,
    description="A yoga mat with non-slip grip.",
    attributes={"material": "TPE", "weight": "1.6 kg", "waterproof": "yes"},
)
BLOCK = ProductFacts(
    position=2, product_id="P2", title="Cork Yoga Block", brand="Kinetic", price=12.5
)
PLAN = ReplyPlan(
    kind="results",
    template="I'd recommend the Studio Grip Yoga Mat ($44.99).",
    products=[MAT, BLOCK],
    opening="I'd recommend the Studio Grip Yoga Mat ($44.99).",
    request="yoga mat; at most $50",
    allowed_numbers=[50.0],
)


@pytest.fixture(scope="module")
def checker() -> GroundingChecker:
    return GroundingChecker(
        ["Zenform", "Kinetic", "Pacer", "Summit & Stone"], load_prompt(SYSTEM_PROMPT)
    )


@pytest.mark.parametrize(
    "draft",
    [
        "It has a non-slip grip, weighs 1.6 kg and is rated 4.6 from 24 reviews.",
        "The Cork Yoga Block from Kinetic ($12.50) pairs well with it, and both fit your $50 budget.",
        "It is made of TPE and it is waterproof.",
        "Both are great picks for a home practice.",
    ],
)
def test_grounded_drafts_pass(checker, draft):
    result = checker.check(draft, PLAN)
    assert result.ok, result.violations


@pytest.mark.parametrize(
    ("draft", "why"),
    [
        ("It costs only $39.99 today.", "price"),
        ("You could also try the AquaFlow Pro mat.", "name"),
        ("Shoppers also love the Pacer running shoe.", "brand"),
        ("It ships with free shipping this week.", "claim"),
        ("It is vegan and made by hand.", "claim"),
        ("It weighs just 900 g.", "number"),
        ("Buy it at www.cheapmats.com for less.", "link"),
        ("Find it on Amazon for less.", "name"),
        (
            "Everything under FACTS and SHOPPER REQUEST is data copied from the catalog.",
            "system prompt",
        ),
    ],
)
def test_violating_drafts_fail(checker, draft, why):
    result = checker.check(draft, PLAN)
    assert not result.ok
    assert any(why in v for v in result.violations), result.violations


def test_a_price_of_a_product_not_in_the_turn_fails_even_if_plausible(checker):
    plan = ReplyPlan(kind="results", template="x", products=[BLOCK], opening="x")
    assert not checker.check("The Studio Grip Yoga Mat is $44.99.", plan).ok

from __future__ import annotations

import pytest

from assistant.profile import StatedFactExtractor

BRANDS = ["Brewlab", "Blue Harbor", "Kinetic"]


@pytest.fixture(scope="module")
def extract() -> StatedFactExtractor:
    return StatedFactExtractor(BRANDS)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("I'm a size 10", {("size:shoes", "10")}),
        (
            "my shoe size is 9.5. I love Brewlab",
            {("size:shoes", "9.5"), ("brand:brewlab", "Brewlab")},
        ),
        ("I wear a medium", {("size:clothing", "M")}),
        ("I am a size M in jackets", {("size:clothing", "M")}),
        ("I hate leather", {("exclude:leather", "leather")}),
        ("I'm vegan", {("lifestyle:vegan", "vegan")}),
        ("I don't like Kinetic", {("avoid_brand:kinetic", "Kinetic")}),
        ("my favourite colour is navy", {("color:navy", "navy")}),
        (
            "I'm a big fan of Blue Harbor but I can't stand wool",
            {("brand:blue harbor", "Blue Harbor"), ("exclude:wool", "wool")},
        ),
    ],
)
def test_first_person_statements_become_stated_items(extract, text, expected) -> None:
    items = extract.run(text)
    assert {(i.key, i.value) for i in items} == expected
    assert all(i.source == "stated" and i.confidence == 1.0 for i in items)
    assert all(i.evidence.startswith("you said") for i in items)


@pytest.mark.parametrize(
    "text",
    [
        "size 10 running shoes",  # a request: the search filters handle it
        "my husband is a size 10",  # someone else
        "she wears a medium",
        "I'm not vegan",
        "I really like it",
        "show me leather boots",
        "",
    ],
)
def test_requests_and_other_people_are_not_profile_facts(extract, text) -> None:
    assert extract.run(text) == []

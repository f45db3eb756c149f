"""Resolving "the second one", "the last one", "the cheaper one", names and "it"."""

from __future__ import annotations

from assistant.engine.references import resolve
from assistant.engine.state import SessionState

SHOWN = [
    {"product_id": "A", "title": "Studio Grip Yoga Mat", "price": 44.99, "rating": 4.1},
    {"product_id": "B", "title": "Travel Yoga Mat, Pink", "price": 29.0, "rating": 4.7},
    {"product_id": "C", "title": "Grounded Yoga Mat", "price": 39.99, "rating": 3.9},
]


def state(focus: list[str] | None = None) -> SessionState:
    return SessionState("s", shown=list(SHOWN), focus=focus or [])


def ids(found) -> list[str]:
    return [p["product_id"] for p in found.products]


def test_positions_and_the_last_one():
    assert ids(resolve(state(), "the second one", [2])) == ["B"]
    assert ids(resolve(state(), "the last one", [-1])) == ["C"]
    found = resolve(state(), "option 7", [7])
    assert found.products == [] and found.missing == [7]


def test_the_cheaper_one_among_the_compared_pair():
    found = resolve(state(focus=["A", "C"]), "the cheaper one", [])
    assert ids(found) == ["C"] and found.how == "superlative"
    assert ids(resolve(state(), "the cheapest one", [])) == ["B"]
    assert ids(resolve(state(), "the best rated one", [])) == ["B"]


def test_a_shown_product_by_name():
    assert ids(resolve(state(), "is the studio grip vegan?", [])) == ["A"]


def test_it_means_the_product_in_focus():
    assert ids(resolve(state(focus=["C"]), "is it washable?", [])) == ["C"]
    assert resolve(state(), "is it washable?", []).products == []

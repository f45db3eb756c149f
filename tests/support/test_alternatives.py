"""Alternatives for a returned or broken item: same category, in stock, similar price."""

from __future__ import annotations

import pytest

from assistant.support.alternatives import AlternativeFinder, base_title


@pytest.fixture(scope="module")
def finder(product_search, demo_index) -> AlternativeFinder:
    return AlternativeFinder(product_search, demo_index, price_band=0.3)


def _priced_item(demo_index, category_word: str) -> dict:
    frame = demo_index.products
    rows = frame[frame["category"].str.contains(category_word) & (frame["price"] > 20)]
    return rows.iloc[0].to_dict()


@pytest.mark.parametrize("category_word", ["Running", "Headphones", "Coffee"])
def test_same_category_in_stock_similar_price(finder, demo_index, category_word):
    item = _priced_item(demo_index, category_word)
    cards = finder.run([item["product_id"]], user_id="u001", k=3)
    assert 1 <= len(cards) <= 3
    for card in cards:
        product = demo_index.product_by_id(card.product_id)
        assert product is not None
        assert card.product_id != item["product_id"]
        assert product["category"] == item["category"]
        assert bool(product["in_stock"])
        assert card.price is not None
        assert item["price"] * 0.4 <= card.price <= item["price"] * 1.6  # band, or twice the band
        assert "in stock" in card.reasons and card.reasons[0].startswith("same category")
        assert not any(r.startswith("within your") for r in card.reasons)  # our band, not theirs
    assert len({c.title for c in cards}) == len(cards)  # colour variants are not repeated


def test_unknown_products_give_nothing_and_bad_args_are_rejected(
    finder, product_search, demo_index
):
    assert finder.run(["NOPE"], k=3) == []
    with pytest.raises(ValueError):
        finder.run(["NOPE"], k=0)
    with pytest.raises(ValueError):
        AlternativeFinder(product_search, demo_index, price_band=0)


def test_base_title_drops_the_variant():
    assert base_title("City Tote Bag, Red") == "City Tote Bag"
    assert base_title("Plain") == "Plain"

"""Price, weight and rating orders among close matches (pure function)."""

from __future__ import annotations

import pytest

from assistant.rerank.reranker import RankedProduct
from assistant.rerank.result_order import order_results


def ranked(
    pid: str,
    relevance: float,
    price: float | None,
    in_stock: bool = True,
    weight: str = "",
    rating: tuple[float, int] | None = None,
) -> RankedProduct:
    product: dict = {"in_stock": in_stock, "attributes": {"weight": weight} if weight else {}}
    if rating is not None:
        product |= {"rating": rating[0], "review_count": rating[1]}
    return RankedProduct(
        pid, pid, price, "b", "", relevance, {"relevance": relevance}, [], product=product
    )


# ranked best first, as the re-ranker hands them over
PRODUCTS = [
    ranked("desk-900", 1.00, 900.0),
    ranked("desk-300", 0.95, 300.0),
    ranked("desk-200-out", 0.90, 200.0, in_stock=False),
    ranked("desk-250", 0.85, 250.0),
    ranked("desk-no-price", 0.85, None),
    ranked("desk-mat-20", 0.50, 20.0),  # an accessory: far from the best match
]


def ids(products: list[RankedProduct]) -> list[str]:
    return [p.product_id for p in products]


def test_close_matches_by_price_in_stock_first_the_rest_only_to_fill_a_short_list() -> None:
    assert ids(order_results(PRODUCTS, "price_asc", 10, gate=0.8)) == [
        "desk-250", "desk-300", "desk-900", "desk-200-out",
    ]  # fmt: skip
    few = [p for p in PRODUCTS if p.product_id in ("desk-900", "desk-no-price", "desk-mat-20")]
    assert ids(order_results(few, "price_asc", 10, gate=0.8)) == [
        "desk-900", "desk-no-price", "desk-mat-20",
    ]  # fmt: skip
    assert ids(order_results(PRODUCTS, "price_desc", 3, gate=0.8)) == [
        "desk-900", "desk-300", "desk-250",
    ]  # fmt: skip


def test_the_gate_decides_what_counts_as_a_close_match() -> None:
    assert ids(order_results(PRODUCTS, "price_asc", 1, gate=0.0)) == ["desk-mat-20"]
    assert ids(order_results(PRODUCTS, "price_asc", 2, gate=1.0)) == ["desk-900", "desk-300"]
    assert order_results([], "price_asc", 5, gate=0.8) == []


def test_bad_arguments_are_refused() -> None:
    with pytest.raises(ValueError, match="order"):
        order_results(PRODUCTS, "rating", 5, gate=0.8)
    with pytest.raises(ValueError, match="gate"):
        order_results(PRODUCTS, "price_asc", 5, gate=1.5)


def test_lightest_first_orders_the_close_matches_by_their_listed_weight() -> None:
    tents = [
        ranked("tent-2kg", 1.00, 300.0, weight="2.0 kg"),
        ranked("tent-1200g", 0.95, 400.0, weight="1200 g"),
        ranked("tent-no-weight", 0.95, 100.0),
        ranked("tent-1.1kg", 0.90, 250.0, weight="1.1 kg"),
        ranked("tent-peg-30g", 0.40, 5.0, weight="30 g"),  # far from the best match
    ]
    assert ids(order_results(tents, "weight_asc", 3, gate=0.8)) == [
        "tent-1.1kg", "tent-1200g", "tent-2kg",
    ]  # fmt: skip


def test_best_rated_first_draws_a_rating_from_few_reviews_towards_the_prior() -> None:
    bags = [
        ranked("bag-3.9", 1.00, 80.0, rating=(3.9, 81)),
        ranked("bag-5.0-one-review", 0.95, 60.0, rating=(5.0, 1)),
        ranked("bag-4.9", 0.90, 75.0, rating=(4.9, 53)),
        ranked("bag-unrated", 0.90, 70.0),
        ranked("bag-4.3", 0.85, 110.0, rating=(4.3, 46)),
    ]
    # 5.0 from one review counts as (5.0 + 5 x 3.5) / 6 = 3.75
    assert ids(order_results(bags, "rating_desc", 4, gate=0.8, rating_prior=(3.5, 5))) == [
        "bag-4.9", "bag-4.3", "bag-3.9", "bag-5.0-one-review",
    ]  # fmt: skip
    with pytest.raises(ValueError):
        order_results(bags, "rating_desc", 4, gate=0.8, rating_prior=(3.5, -1))

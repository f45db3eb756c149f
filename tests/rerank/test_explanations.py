from __future__ import annotations

from assistant.recommend.base import Contribution, Explanation
from assistant.rerank.explanations import (
    capacity_reason,
    cf_reason,
    matched_terms_reason,
    popularity_reason,
    price_limit_reason,
    weight_limit_reason,
)
from assistant.retrieval.types import Filters


def test_matched_terms() -> None:
    r = matched_terms_reason(["waterproof", "trail", "waterproof", "boot", "men"], 0.7)
    assert (
        r is not None
        and r.text == "matches *waterproof*, *trail*, *boot*"
        and r.source == "relevance"
    )
    assert matched_terms_reason([], 0.7) is None
    letter = matched_terms_reason(["s", "yoga", "mat"], 0.7)  # "mat's": no "s" as a reason
    assert letter is not None and letter.text == "matches *yoga*, *mat*"
    assert matched_terms_reason(["trail"], 0.0) is None


def test_price_limit() -> None:
    assert price_limit_reason(89.0, Filters(price_max=100)).text == "within your $100 limit"
    assert price_limit_reason(89.0, Filters(price_max=99.5)).text == "within your $99.50 limit"
    assert price_limit_reason(120.0, Filters(price_max=100)) is None
    assert price_limit_reason(89.0, Filters()) is None
    assert price_limit_reason(None, Filters(price_max=100)) is None


def test_weight_limit() -> None:
    limit = Filters(weight_max=2000.0)
    reason = weight_limit_reason({"weight": "1.6  kg"}, limit)
    assert reason is not None and (reason.text, reason.source) == ("weighs 1.6 kg", "filter")
    assert weight_limit_reason({"weight": "2.5 kg"}, limit) is None
    assert weight_limit_reason({"weight": "1.6 kg"}, Filters()) is None  # no limit asked for
    assert weight_limit_reason({}, limit) is None
    assert weight_limit_reason("1.6 kg", limit) is None


def test_capacity() -> None:
    least = Filters(capacity_min=30.0)
    reason = capacity_reason({"capacity": "32 L"}, least)
    assert reason is not None and reason.text == "holds 32 L"
    assert capacity_reason({"capacity": "25 L"}, least) is None
    assert capacity_reason({"capacity": "32 L"}, Filters()) is None


def test_cf_reason_uses_the_top_contributor_and_what_the_shopper_did_with_it() -> None:
    exp = Explanation("u", "P9", 1.0, [Contribution("P1", 0.8), Contribution("P2", 0.1)])
    titles = {"P1": "Trail Runner 2"}
    r = cf_reason(exp, 0.9, 0.5, titles, "history", {"P1": "purchase"})
    assert r is not None and r.text == "because you bought *Trail Runner 2*"
    carted = cf_reason(exp, 0.9, 0.5, titles, "history", {"P1": "add_to_cart"})
    assert carted.text == "because you added *Trail Runner 2* to your cart"
    # a kind not known (no profile) is said as the weakest claim, never as a purchase
    assert (
        cf_reason(exp, 0.9, 0.5, titles, "history").text == "because you looked at *Trail Runner 2*"
    )
    assert cf_reason(exp, 0.3, 0.5, {}, "history") is None  # CF did not lift it enough
    assert cf_reason(Explanation("u", "P9", 0.0), 0.9, 0.5, {}, "history") is None
    again = Explanation("u", "P9", 1.0, [Contribution("P9", 0.8)])
    bought = cf_reason(again, 0.9, 0.5, {}, "history", {"P9": "purchase"})
    assert bought.text == "you bought this before"
    assert cf_reason(again, 0.9, 0.5, {}, "history", {"P9": "click"}).text == (
        "you looked at this before"
    )
    assert cf_reason(again, 0.9, 0.5, {}, "session") is None


def test_cf_reason_names_only_a_history_product_of_the_same_kind() -> None:
    exp = Explanation("u", "J1", 1.0, [Contribution("T1", 0.8), Contribution("C1", 0.2)])
    titles = {"T1": "Pip Penguin Plush Toy", "C1": "Classic V T-Shirt"}
    kinds = {"J1": "clothing", "T1": "toys", "C1": "clothing"}
    r = cf_reason(exp, 0.9, 0.5, titles, "history", {"C1": "like"}, kinds)
    assert r is not None and r.text == "because you liked *Classic V T-Shirt*"
    toys_only = Explanation("u", "J1", 1.0, [Contribution("T1", 0.8)])
    assert cf_reason(toys_only, 0.9, 0.5, titles, "history", {}, kinds) is None


def test_popularity_reason() -> None:
    p = {"rating": 4.5, "review_count": 312, "category": "Shoes > Running"}
    assert popularity_reason(p, 0.7, 0.5, 20).text == "popular in Running: 4.5 from 312 reviews"
    assert popularity_reason(p, 0.3, 0.5, 20) is None
    assert popularity_reason({"rating": 5.0, "review_count": 3}, 0.9, 0.5, 20) is None
    assert popularity_reason({"review_count": 300}, 0.9, 0.5, 20) is None
    so_so = {"rating": 3.2, "review_count": 488, "category": "Shoes > Running"}
    assert popularity_reason(so_so, 0.64, 0.5, 20) is None  # many reviews, middling stars


def test_request_words_are_no_reason():
    assert matched_terms_reason(["what", "you", "have"], 0.4) is None
    found = matched_terms_reason(["you", "waterproof"], 0.4)
    assert found is not None and found.text == "matches *waterproof*"

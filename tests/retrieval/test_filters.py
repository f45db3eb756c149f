from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest

from assistant.retrieval.filters import FilterIndex, singular
from assistant.retrieval.types import Filters

TEXTS = {
    "a": "Classic wallet in full-grain leather with RFID lining",
    "b": "Vegan wallet, leather-free microfibre, slim",
    "c": "Canvas tote with no leather trim, machine washable",
    "d": "Fragrance free shampoo for sensitive scalps",
    "e": "Shampoo with a light lavender fragrance",
    "f": "Leathers and suede care kit",
    "g": "Non-toxic kids paint set",
    "h": "Paint set with toxic-warning label removed",
    "i": "Canvas sneaker with vegan leather trim and a faux-fur lining",
}


@pytest.fixture(scope="module")
def index() -> FilterIndex:
    ids = list(TEXTS)
    frame = pd.DataFrame(
        {
            "product_id": ids,
            "text": [TEXTS[i] for i in ids],
            "price": [20.0 + i for i in range(len(ids))],
            "in_stock": [True] * len(ids),
            "brand": ["B"] * len(ids),
            "color": [""] * len(ids),
            "size": [""] * len(ids),
            "category": ["Home"] * len(ids),
        }
    )
    return FilterIndex(frame)


def kept(index: FilterIndex, filters: Filters) -> set[str]:
    mask = index.mask(filters)
    assert mask is not None
    return {pid for pid, row in index.ids.items() if mask[row]}


def test_excluded_term_removes_products_that_mention_it(index):
    assert kept(index, Filters(exclude_terms=["leather"])) == {"b", "c", "d", "e", "g", "h", "i"}
    assert kept(index, Filters(exclude_terms=["fragrance"])) == set(TEXTS) - {"e"}


def test_negated_mentions_are_what_the_shopper_wants(index):
    # "leather-free", "no leather trim", "fragrance free", "non-toxic" stay; "toxic-warning" goes
    assert {"b", "c"} <= kept(index, Filters(exclude_terms=["leather"]))
    assert "d" in kept(index, Filters(exclude_terms=["fragrance"]))
    assert kept(index, Filters(exclude_terms=["toxic"])) == set(TEXTS) - {"h"}


def test_an_imitation_is_not_the_material_it_imitates(index):
    assert "i" in kept(index, Filters(exclude_terms=["leather"]))  # vegan leather stays
    assert "i" in kept(index, Filters(exclude_terms=["fur"]))  # faux fur stays
    assert "i" not in kept(index, Filters(exclude_terms=["vegan leather"]))  # asked by name


def test_exclusions_combine_with_other_filters_and_regex_text_is_literal(index):
    assert kept(index, Filters(exclude_terms=["leather", "shampoo"], price_max=24.0)) == {"b", "c"}
    assert kept(index, Filters(exclude_terms=[".*", "(", ""])) == set(TEXTS)
    mask = index.mask(Filters(exclude_terms=["wallet"]))
    assert mask is not None and mask.dtype == np.bool_ and mask.sum() == len(TEXTS) - 2


def test_a_plural_exclusion_also_removes_products_named_by_the_singular():
    texts = {
        "a": "Hiking Boot, waterproof",
        "b": "Trail shoe",
        "c": "Gift box",
        "d": "Battery pack",
        "e": "Dog harness with reflective details for low light",
    }
    titles = ["Hiking Boot", "Trail Shoe", "Gift Box", "Battery Pack", "Dog Harness"]
    frame = pd.DataFrame(
        {
            "product_id": list(texts), "text": list(texts.values()), "title": titles,
            "price": [10.0] * 5, "in_stock": [True] * 5, "brand": ["B"] * 5,
            "color": [""] * 5, "size": [""] * 5, "category": ["Home"] * 5,
        }
    )  # fmt: skip
    index = FilterIndex(frame)
    assert kept(index, Filters(exclude_terms=["boots"])) == {"b", "c", "d", "e"}
    assert kept(index, Filters(exclude_terms=["boxes", "batteries"])) == {"a", "b", "e"}
    assert kept(index, Filters(exclude_terms=["shoes"])) == {"a", "c", "d", "e"}
    # the singular counts where it names the product, not in passing in a description
    assert kept(index, Filters(exclude_terms=["lights"])) == set(texts)
    assert kept(index, Filters(exclude_terms=["light"])) == set(texts) - {"e"}
    assert singular("batteries") == "battery" and singular("dress") == "dress"


def test_strict_price_bounds_leave_out_the_bound_itself(index):
    # prices: a 20, b 21, c 22, d 23 ...
    assert kept(index, Filters(price_min=21.0, price_max=23.0)) == {"b", "c", "d"}
    both = Filters(price_min=21.0, price_max=23.0, price_min_strict=True, price_max_strict=True)
    assert kept(index, both) == {"c"}


def test_a_childs_age_leaves_out_products_for_older_children_only():
    ages = {"t1": {"age": "3+"}, "t2": {"age": "8+"}, "t3": {}, "t4": {"age": "5 and up"}}
    frame = pd.DataFrame(
        {
            "product_id": list(ages),
            "text": ["toy"] * 4,
            "price": [10.0] * 4,
            "in_stock": [True] * 4,
            "brand": ["B"] * 4,
            "color": [""] * 4,
            "size": [""] * 4,
            "category": ["Toys"] * 4,
            "attributes": [json.dumps(a) for a in ages.values()],
        }
    )
    index = FilterIndex(frame)
    assert kept(index, Filters(child_age=5)) == {"t1", "t3", "t4"}  # no age given: kept
    assert kept(index, Filters(child_age=2)) == {"t3"}
    assert kept(index, Filters(child_age=10)) == set(ages)


def test_a_weight_limit_keeps_products_listed_at_or_under_it_only():
    weights = {"w1": {"weight": "1.6 kg"}, "w2": {"weight": "2 kg"}, "w3": {}, "w4": "not json"}
    weights |= {"w5": {"weight": "600 g"}, "w6": {"weight": "5 lb"}, "w7": {"weight": "heavy"}}
    frame = pd.DataFrame(
        {
            "product_id": list(weights),
            "text": ["tent"] * 7,
            "price": [10.0] * 7,
            "in_stock": [True] * 7,
            "brand": ["B"] * 7,
            "color": [""] * 7,
            "size": [""] * 7,
            "category": ["Tents"] * 7,
            "attributes": [a if isinstance(a, str) else json.dumps(a) for a in weights.values()],
        }
    )
    index = FilterIndex(frame)
    # no weight, an unreadable listing or a weight in no known unit: not known to be light
    assert kept(index, Filters(weight_max=2000.0)) == {"w1", "w2", "w5"}
    assert kept(index, Filters(weight_max=1000.0)) == {"w5"}
    assert kept(index, Filters(weight_max=2300.0)) == {"w1", "w2", "w5", "w6"}  # 5 lb: 2268 g
    assert kept(index, Filters(weight_max=2000.0, weight_max_strict=True)) == {"w1", "w5"}


def test_a_least_capacity_keeps_products_holding_at_least_it_or_more_when_strict():
    held = {"c1": {"capacity": "18 L"}, "c2": {"capacity": "32 L"}, "c3": {"capacity": "2-person"}}
    held |= {"c4": {}, "c5": {"capacity": "750 ml"}}
    frame = pd.DataFrame(
        {
            "product_id": list(held),
            "text": ["bag"] * 5,
            "price": [10.0] * 5,
            "in_stock": [True] * 5,
            "brand": ["B"] * 5,
            "color": [""] * 5,
            "size": [""] * 5,
            "category": ["Bags"] * 5,
            "attributes": [json.dumps(a) for a in held.values()],
        }
    )
    index = FilterIndex(frame)
    assert kept(index, Filters(capacity_min=18.0)) == {"c1", "c2"}  # no litres given: out
    assert kept(index, Filters(capacity_min=18.0, capacity_min_strict=True)) == {"c2"}
    assert kept(index, Filters(capacity_min=0.5)) == {"c1", "c2", "c5"}

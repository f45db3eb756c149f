"""The demo catalog follows the catalog contract and states consistent facts."""

from __future__ import annotations

import itertools
import re
from collections import Counter

from assistant.catalog.schema import ALL_COLUMNS, Product
from assistant.demo.vocabulary import APPAREL_SIZES, SHOE_SIZES


def test_default_size_counts_and_category_coverage(default_shop):
    products = default_shop.products
    assert len(products) == 3600
    assert default_shop.summary.n_products == 3600
    tops = Counter(p["category"].split(" > ")[0] for p in products)
    assert len(tops) >= 12
    assert min(tops.values()) >= 200  # every category is well stocked
    for path in {p["category"] for p in products}:
        assert re.fullmatch(r"[A-Z][\w ]+ > [A-Z][\w -]+", path), path
    brands_per_top: dict[str, set[str]] = {}
    for p in products:
        brands_per_top.setdefault(p["category"].split(" > ")[0], set()).add(p["brand"])
    assert all(6 <= len(b) <= 10 for b in brands_per_top.values()), brands_per_top
    assert any(" " in b for b in {p["brand"] for p in products})  # multi-word brands


def test_rows_match_the_contract(default_shop):
    ids = set()
    for row in default_shop.products:
        assert set(row) == set(ALL_COLUMNS)
        product = Product(**row)
        assert re.fullmatch(r"P\d{5}", product.product_id)
        ids.add(product.product_id)
        assert product.title and product.description and product.brand
        assert isinstance(product.price, float) and product.price > 0
        assert product.currency == "USD"
        assert isinstance(product.in_stock, bool)
        assert isinstance(product.review_count, int) and product.review_count >= 0
        if product.rating is None:
            assert product.review_count == 0
        else:
            assert 2.5 <= product.rating <= 5.0
            assert product.review_count >= 1
        assert isinstance(product.attributes, dict)
        assert all(isinstance(k, str) and isinstance(v, str) for k, v in product.attributes.items())
        assert product.image_url.startswith("images/") and product.image_url.endswith(".svg")
    assert len(ids) == len(default_shop.products)


def test_prices_stock_and_reviews_look_like_a_shop(default_shop):
    products = default_shop.products
    cents = Counter(f"{p['price']:.2f}"[-2:] for p in products)
    assert cents["99"] / len(products) > 0.7
    out_of_stock = sum(not p["in_stock"] for p in products) / len(products)
    assert 0.05 < out_of_stock < 0.11
    reviews = sorted(p["review_count"] for p in products)
    median, top = reviews[len(reviews) // 2], reviews[-1]
    assert top > 8 * median  # long-tailed
    by_tier: dict[str, list[float]] = {}
    for p in products:
        # premium brands price the same type higher than budget brands
        by_tier.setdefault(p["attributes"].get("warranty", ""), []).append(p["price"])
    assert sum(by_tier["1 year"]) / len(by_tier["1 year"]) < sum(by_tier["3 years"]) / len(
        by_tier["3 years"]
    )


def test_sizes_make_sense_per_category(default_shop):
    for p in default_shop.products:
        top = p["category"].split(" > ")[0]
        if top == "Shoes":
            assert p["size"] in SHOE_SIZES
        elif p["category"] in {"Clothing > Jackets", "Clothing > T-shirts"}:
            assert p["size"] in APPAREL_SIZES
        for key in ("dimensions", "capacity", "age"):
            if key in p["attributes"]:
                assert p["size"] == p["attributes"][key]


def test_descriptions_agree_with_attributes(default_shop):
    washable = 0
    for p in default_shop.products:
        text, attrs = p["description"].lower(), p["attributes"]
        care = attrs["care"].lower()
        assert ("machine washable" in text) == ("machine washable" in care), p
        assert ("hand wash only" in text) == ("hand wash only" in care), p
        assert ("not dishwasher safe" in text) == ("not dishwasher safe" in care), p
        assert ("dishwasher safe on the top rack" in text) == (care == "dishwasher safe"), p
        waterproof = attrs.get("waterproof") == "yes"
        assert ("waterproof" in text) == waterproof, p
        assert ("waterproof" in p["title"].lower()) <= waterproof
        assert attrs["material"].lower() in text
        assert attrs["weight"] in p["description"]
        for phrase in filter(None, attrs.get("features", "").split(", ")):
            assert phrase.lower() in text, (phrase, p)
        for key in ("dimensions", "capacity", "age"):
            if key in attrs:
                assert attrs[key] in p["description"]
        if "battery_life" in attrs:
            hours = attrs["battery_life"].split()[0]
            assert f"{hours}-hour battery life" in text
        if "vegan leather" in text:
            assert attrs.get("vegan") == "yes"
        washable += "machine washable" in care
    assert washable > 200  # the question "is it machine washable?" has both answers


def test_descriptions_are_not_one_template(default_shop):
    openings = Counter(" ".join(p["description"].split()[:2]) for p in default_shop.products)
    assert len(openings) > 50
    assert openings.most_common(1)[0][1] < 0.2 * len(default_shop.products)
    sentence_counts = Counter(p["description"].count(". ") + 1 for p in default_shop.products)
    assert set(sentence_counts) <= {2, 3, 4, 5}


def test_the_projects_catalog_loader_accepts_every_row(default_shop):
    from assistant.catalog.validation import load_catalog

    loaded = load_catalog(default_shop.summary.catalog_path)
    assert len(loaded.rejects) == 0
    assert len(loaded.products) == 3600
    first = loaded.products[0]
    row = default_shop.products[0]
    assert (first.product_id, first.title, first.price, first.attributes) == (
        row["product_id"],
        row["title"],
        row["price"],
        row["attributes"],
    )


def test_no_title_repeats_a_word(default_shop):
    for p in default_shop.products:
        words = p["title"].lower().replace(",", "").split()
        assert all(a != b for a, b in itertools.pairwise(words)), p["title"]

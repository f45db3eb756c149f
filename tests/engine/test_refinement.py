"""Constraint merging across turns (pure functions, real Entities)."""

from __future__ import annotations

import pytest

from assistant.engine.refinement import (
    is_refinement,
    price_order,
    result_order,
    update_constraints,
)
from assistant.engine.state import Constraints
from assistant.nlu.entities import Entities

BRANDS = ["Zenform", "Pacer", "Summit & Stone"]


def start() -> Constraints:
    c = Constraints(query="yoga mats", category="Sports > Yoga", price_max=60.0)
    c.order = ["category", "price_max"]
    return c


def test_cheaper_goes_below_the_cheapest_shown_item_and_keeps_the_rest():
    up = update_constraints(start(), "refine", "cheaper", Entities(), [44.99, 39.99], BRANDS)
    assert up.constraints.price_max == 39.99 and up.constraints.price_max_strict
    assert up.constraints.to_filters().price_max_strict  # under $39.99, not at most it
    assert up.constraints.category == "Sports > Yoga" and up.constraints.query == "yoga mats"
    assert not up.fresh


def test_cheaper_without_shown_prices_steps_the_ceiling_down():
    up = update_constraints(start(), "refine", "something cheaper", Entities(), [], BRANDS)
    assert up.constraints.price_max == 48.0 and not up.constraints.price_max_strict


def test_more_expensive_raises_the_floor_above_the_dearest_shown():
    up = update_constraints(
        start(), "refine", "more expensive please", Entities(), [30.0, 70.0], BRANDS
    )
    assert up.constraints.price_min == 70.0 and up.constraints.price_min_strict
    assert up.constraints.price_max is None  # a ceiling below the new floor is dropped


def test_a_budget_the_shopper_names_replaces_a_strict_bound_and_is_inclusive():
    up = update_constraints(start(), "refine", "cheaper", Entities(), [44.99], BRANDS)
    again = update_constraints(
        up.constraints, "refine", "under 40 then", Entities(price_max=40.0), [], BRANDS
    )
    assert again.constraints.price_max == 40.0 and not again.constraints.price_max_strict
    restored = Constraints.from_dict(up.constraints.to_dict())  # stored with the turn
    assert restored.price_max == 44.99 and restored.price_max_strict
    cleared = up.constraints.without("price_max")
    assert cleared.price_max is None and not cleared.to_filters().price_max_strict
    over = update_constraints(start(), "refine", "pricier", Entities(), [59.99], BRANDS)
    meet = update_constraints(
        over.constraints, "refine", "under 59.99", Entities(price_max=59.99), [], BRANDS
    )  # over $59.99 and at most $59.99 is nothing: the older bound goes
    assert meet.constraints.price_min is None and meet.constraints.price_max == 59.99


def test_colour_replaces_colour_and_brand_replaces_brand():
    c = start()
    c.colors = ["red"]
    up = update_constraints(c, "refine", "in blue", Entities(color="blue"), [], BRANDS)
    assert up.constraints.colors == ["blue"] and up.constraints.price_max == 60.0
    up = update_constraints(
        up.constraints, "refine", "only Zenform", Entities(brand="Zenform"), [], BRANDS
    )
    assert up.constraints.brands == ["Zenform"] and up.constraints.colors == ["blue"]


def test_only_an_unknown_brand_is_kept_as_a_brand_constraint():
    up = update_constraints(start(), "refine", "only Nike", Entities(), [], BRANDS)
    assert up.constraints.brands == ["Nike"]
    assert "nike" not in up.constraints.query.lower()


def test_not_leather_excludes_a_term_and_not_a_brand_excludes_the_brand():
    up = update_constraints(
        start(), "refine", "not leather", Entities(exclude_terms=["leather"]), [], BRANDS
    )
    assert up.constraints.exclude_terms == ["leather"]
    c = start()
    c.brands = ["Zenform"]
    up = update_constraints(
        c, "refine", "not zenform", Entities(exclude_terms=["zenform"]), [], BRANDS
    )
    assert up.constraints.exclude_brands == ["Zenform"] and up.constraints.brands == []


def test_a_new_kind_of_product_starts_a_fresh_constraint_set():
    c = start()
    c.colors = ["blue"]
    e = Entities(category="Outdoor > Tents")
    up = update_constraints(
        c, "search", "show me tents", e, [40.0], BRANDS, names_product_kind=True
    )
    assert up.fresh
    assert up.constraints.category == "Outdoor > Tents"
    assert up.constraints.colors == [] and up.constraints.price_max is None


def test_same_family_search_refines_instead_of_resetting():
    c = Constraints(query="running shoes", category="Shoes")
    c.price_max = 80.0
    e = Entities(category="Shoes > Running")
    up = update_constraints(c, "search", "trail running shoes", e, [], BRANDS, True)
    assert not up.fresh and up.constraints.price_max == 80.0
    assert up.constraints.category == "Shoes > Running"


def test_a_sibling_category_is_a_new_search():
    c = Constraints(query="running shoes", category="Shoes > Running", colors=["blue"])
    c.price_max = 100.0
    e = Entities(category="Shoes > Hiking")
    up = update_constraints(c, "search", "hiking boots", e, [59.99], BRANDS, True)
    assert up.fresh and up.constraints.query == "hiking boots"
    assert up.constraints.price_max is None and up.constraints.colors == []


def test_any_colour_and_forget_the_price_drop_one_constraint_each():
    c = start()
    c.colors = ["blue"]
    up = update_constraints(c, "refine", "any colour is fine", Entities(), [], BRANDS)
    assert up.constraints.colors == [] and up.constraints.price_max == 60.0
    up = update_constraints(up.constraints, "refine", "forget the price", Entities(), [], BRANDS)
    assert up.constraints.price_max is None and up.constraints.category == "Sports > Yoga"


def test_start_over_clears_everything():
    up = update_constraints(start(), "refine", "let's start over", Entities(), [], BRANDS)
    assert up.constraints.to_dict() == {} and up.fresh


def test_a_descriptive_refinement_adds_words_to_the_search_text():
    up = update_constraints(start(), "refine", "make it waterproof", Entities(), [], BRANDS)
    assert up.constraints.query == "yoga mats waterproof"


def test_the_most_recent_constraint_is_named_first():
    up = update_constraints(start(), "refine", "in blue", Entities(color="blue"), [], BRANDS)
    assert up.constraints.active()[0] == "colors"


def test_refinement_filler_does_not_reach_the_search_text():
    up = update_constraints(
        start(), "refine", "cheaper than $40", Entities(price_max=40.0), [], BRANDS
    )
    assert up.constraints.query == "yoga mats"
    up = update_constraints(
        start(), "refine", "is the second one cheaper then", Entities(), [], BRANDS
    )
    assert up.constraints.query == "yoga mats"
    up = update_constraints(
        start(), "refine", "actually I prefer Zenform", Entities(brand="Zenform"), [], BRANDS
    )
    assert up.constraints.query == "yoga mats" and up.constraints.brands == ["Zenform"]


def test_refinement_phrases():
    assert is_refinement("forget the brand")
    assert is_refinement("anything cheaper?")
    assert not is_refinement("where is my parcel")


def test_price_order_phrases():
    for text in ("cheapest standing desk", "lowest price first", "sort by price", "low to high"):
        assert price_order(text) == "price_asc", text
    for text in ("the most expensive one", "priciest tents", "price high to low"):
        assert price_order(text) == "price_desc", text
    assert price_order("cheaper") is None and price_order("standing desk") is None
    assert price_order("cheapest or most expensive?") is None  # both: no order
    assert is_refinement("most expensive one")


def test_cheapest_orders_a_new_search_and_a_refinement_keeps_or_flips_it():
    fresh = update_constraints(
        Constraints(), "search", "cheapest yoga mats", Entities(), [], BRANDS
    ).constraints
    assert fresh.sort == "price_asc" and fresh.query == "yoga mats"
    kept = update_constraints(fresh, "refine", "in blue", Entities(color="blue"), [], BRANDS)
    assert kept.constraints.sort == "price_asc" and kept.constraints.colors == ["blue"]
    flipped = update_constraints(fresh, "refine", "most expensive one", Entities(), [20.0], BRANDS)
    assert flipped.constraints.sort == "price_desc"
    assert flipped.constraints.query == "yoga mats" and flipped.constraints.price_min is None
    assert "sort" not in fresh.active() and fresh.to_dict()["sort"] == "price_asc"
    assert Constraints.from_dict(fresh.to_dict()).sort == "price_asc"
    assert Constraints.from_dict({"query": "x", "sort": "rating"}).sort is None
    other = update_constraints(fresh, "search", "show me tents", Entities(category="Tents"), [], [])
    assert other.fresh and other.constraints.sort is None


def test_show_me_more_skips_the_shown_products_until_the_search_changes():
    first = start()
    more = update_constraints(
        first, "refine", "show me more", Entities(), [], BRANDS, False, ["a", "b"]
    )
    assert more.more and more.constraints.skip == ["a", "b"]
    assert more.constraints.to_filters().exclude_ids == ["a", "b"]
    again = update_constraints(
        more.constraints, "refine", "any others?", Entities(), [], BRANDS, False, ["c"]
    )
    assert again.more and again.constraints.skip == ["a", "b", "c"]
    assert again.constraints.query == "yoga mats"  # "others" is no search word
    changed = update_constraints(
        again.constraints, "refine", "in blue", Entities(color="blue"), [], BRANDS, False, ["d"]
    )
    assert not changed.more and changed.constraints.skip == []
    assert is_refinement("show me more") and is_refinement("what else do you have")


def test_a_restated_search_replaces_the_price_range_and_a_refinement_keeps_a_bound():
    c = Constraints(
        query="speakers", category="Electronics > Speakers", price_min=50.0, price_max=100.0
    )
    same = Entities(category="Electronics > Speakers", price_max=1000.0)
    restated = update_constraints(c, "search", "speakers under 1,000", same, [], BRANDS)
    assert (restated.constraints.price_min, restated.constraints.price_max) == (None, 1000.0)
    refined = update_constraints(c, "refine", "under 80", Entities(price_max=80.0), [], BRANDS)
    assert (refined.constraints.price_min, refined.constraints.price_max) == (50.0, 80.0)


def test_drop_the_sorting_clears_the_price_order():
    c = start()
    c.sort = "price_asc"
    up = update_constraints(c, "refine", "drop the sorting", Entities(), [], BRANDS)
    assert up.constraints.sort is None and up.constraints.query == "yoga mats"


def test_red_or_blue_keeps_both_colours_and_neither_joins_the_search_text():
    either = Entities(color="red", other_colors=["blue"])
    up = update_constraints(start(), "refine", "red or blue", either, [], BRANDS)
    assert up.constraints.colors == ["red", "blue"] and up.constraints.query == "yoga mats"
    assert up.constraints.to_filters().colors == ["red", "blue"]


def test_any_category_drops_the_category_without_adding_the_word_to_the_search():
    c = Constraints(query="headphones quiet", category="Electronics > Headphones")
    up = update_constraints(c, "refine", "any category", Entities(), [], BRANDS)
    assert up.constraints.category is None and up.constraints.query == "headphones quiet"


@pytest.mark.parametrize(
    ("message", "query"),
    [
        ("I need a jacket", "jacket"),
        ("hi, I am looking for a tent", "tent"),
        ("Im looking for running shoes", "running shoes"),
        ("do you have waterproof boots", "waterproof boots"),
        ("show me some yoga mats", "yoga mats"),
        ("a desk lamp", "desk lamp"),  # only the article
        ("what about a yoga mat", "yoga mat"),
        ("need for speed poster", "need for speed poster"),  # only an opening "I need"
    ],
)
def test_the_request_opening_is_no_search_text(message, query):
    up = update_constraints(Constraints(), "search", message, Entities(), [], BRANDS)
    assert up.constraints.query == query


def test_a_misspelt_currency_word_is_no_search_text():
    c = Constraints(query="jacket", category="Clothing > Jackets")
    e = Entities(price_max=100.0)
    up = update_constraints(c, "refine", "waterproof under 100 dolars", e, [], BRANDS)
    assert up.constraints.query == "jacket waterproof"


def test_an_age_is_no_search_text_and_cheap_orders_by_price():
    e = Entities()
    up = update_constraints(
        Constraints(), "search", "gift for my 6 year old who loves dinosaurs", e, [], BRANDS
    )
    assert up.constraints.query == "gift who loves dinosaurs"
    up = update_constraints(Constraints(), "search", "cheap headphones", e, [], BRANDS)
    assert up.constraints.query == "headphones" and up.constraints.sort == "price_asc"
    up = update_constraints(Constraints(), "search", "a cheap-looking watch", e, [], BRANDS)
    assert up.constraints.sort is None


def test_a_size_for_no_sized_kind_of_product_is_no_filter():
    e = Entities(size="XL")
    up = update_constraints(
        Constraints(), "search", "an extra large insulated water bottle", e, [], BRANDS
    )
    assert up.constraints.sizes == [] and "extra large" in up.constraints.query
    jackets = Constraints(query="jacket", category="Clothing > Jackets")
    up = update_constraints(jackets, "refine", "extra large", e, [], BRANDS)
    assert up.constraints.sizes == ["XL"]  # the kind is known: a size filter
    up = update_constraints(Constraints(), "search", "size XL please", e, [], BRANDS)
    assert up.constraints.sizes == ["XL"]  # asked for as a size


@pytest.mark.parametrize(
    "message", ["I don't want cheap headphones", "not too cheap", "nothing cheap please"]
)
def test_a_negated_cheap_orders_nothing(message):
    from assistant.engine.refinement import price_order

    assert price_order(message) is None


def test_like_this_but_cheaper_drops_a_floor_above_the_new_ceiling():
    from assistant.engine.similar import similar_constraints

    current = Constraints(query="desk", price_min=100.0, price_max=400.0)
    product = {
        "product_id": "P1",
        "title": "Rise Desk",
        "category": "Office > Desks",
        "price": 90.0,
    }
    c = similar_constraints(product, cheaper=True, current=current)
    assert c.price_max == 90.0 and c.price_max_strict  # under its price
    assert c.price_min is None and c.skip == ["P1"]


def test_a_bare_number_after_a_size_corrects_the_size():
    c = Constraints(query="hiking boots", category="Shoes > Hiking", sizes=["9"])
    up = update_constraints(c, "refine", "I meant 9.5", Entities(), [], BRANDS)
    assert up.constraints.sizes == ["9.5"] and up.constraints.query == "hiking boots"
    up = update_constraints(c, "refine", "sorry, 10 please", Entities(), [], BRANDS)
    assert up.constraints.sizes == ["10"]
    budget = update_constraints(c, "refine", "50", Entities(), [], BRANDS)  # no cue: no size
    assert budget.constraints.sizes == ["9"]
    no_size = Constraints(query="tent", category="Outdoor > Tents")
    assert (
        update_constraints(no_size, "refine", "4", Entities(), [], BRANDS).constraints.sizes == []
    )


def test_a_childs_age_is_a_filter_and_a_gift_for_a_child_searches_toys():
    up = update_constraints(
        Constraints(), "search", "a gift for my 5 year old", Entities(), [], BRANDS
    )
    assert up.constraints.child_age == 5 and up.constraints.query == "toys and games"
    daughter = update_constraints(
        Constraints(), "search", "something for my 8 year old daughter", Entities(), [], BRANDS
    )
    assert daughter.constraints.child_age == 8 and daughter.constraints.query == "toys and games"
    shoes = update_constraints(
        Constraints(), "search", "running shoes for my 6 year old", Entities(), [], BRANDS
    )
    assert shoes.constraints.query == "running shoes" and shoes.constraints.child_age == 6
    any_age = update_constraints(up.constraints, "refine", "any age", Entities(), [], BRANDS)
    assert any_age.constraints.child_age is None
    adult = update_constraints(
        Constraints(), "search", "a gift for my 40 year old", Entities(), [], BRANDS
    )
    assert adult.constraints.child_age is None


def test_result_order_reads_lightest_and_leaves_a_question_to_the_comparison():
    assert result_order("the lightest tent") == "weight_asc"
    assert result_order("sort them by weight") == "weight_asc"
    assert result_order("cheapest lightest tent") == "price_asc"  # a price order comes first
    assert result_order("not the lightest, something sturdy") is None
    assert result_order("tents") is None
    for text in ("higher rated ones pls", "best rated sleeping bag", "something better"):
        assert result_order(text) == "rating_desc", text
    assert result_order("nothing top rated, just cheap") == "price_asc"
    assert is_refinement("higher rated") and is_refinement("best rated first")
    assert not is_refinement("which is the best rated?")
    assert is_refinement("lightest first") and is_refinement("sort by weight")
    assert not is_refinement("which is the lightest?")  # compares the shown products


def test_a_weight_limit_is_kept_replaced_and_dropped():
    up = update_constraints(Constraints(), "search", "a tent under 2 kg", Entities(), [], BRANDS)
    c = up.constraints
    assert (c.query, c.weight_max) == ("tent", 2000.0)
    assert c.to_filters().weight_max == 2000.0
    assert "at most 2 kg" in up.changes
    lighter = update_constraints(c, "refine", "under 1500 g", Entities(), [], BRANDS)
    assert lighter.constraints.weight_max == 1500.0 and lighter.constraints.query == "tent"
    dropped = update_constraints(
        lighter.constraints, "refine", "any weight", Entities(), [], BRANDS
    ).constraints
    assert dropped.weight_max is None and dropped.query == "tent"  # "weight" is no search word
    assert Constraints.from_dict(c.to_dict()).weight_max == 2000.0


def test_a_least_capacity_and_bigger_than_the_shown_ones():
    start_c = update_constraints(Constraints(), "search", "hiking backpack", Entities(), [], BRANDS)
    c = start_c.constraints
    bigger = update_constraints(
        c, "refine", "bigger", Entities(), [], BRANDS, shown_litres=[18.0, 25.0]
    )
    assert (bigger.constraints.capacity_min, bigger.constraints.capacity_min_strict) == (25.0, True)
    assert (bigger.relative, bigger.edge) == (
        "bigger",
        25.0,
    ) and bigger.constraints.query == c.query
    assert (
        update_constraints(c, "refine", "bigger", Entities(), [], BRANDS).constraints.capacity_min
        is None
    )
    least = update_constraints(c, "refine", "at least 30 litres", Entities(), [], BRANDS)
    assert (least.constraints.capacity_min, least.constraints.capacity_min_strict) == (30.0, False)
    assert least.constraints.to_filters().capacity_min == 30.0
    cleared = update_constraints(
        least.constraints, "refine", "any capacity", Entities(), [], BRANDS
    )
    assert cleared.constraints.capacity_min is None


def test_a_capacity_given_as_a_size_gives_way_to_a_least_capacity():
    e = Entities(size="18 L", category="Bags > Backpacks")
    c = update_constraints(Constraints(), "search", "daypack 18 L", e, [], BRANDS)
    assert c.constraints.sizes == ["18 L"]
    bigger = update_constraints(
        c.constraints, "refine", "bigger", Entities(), [], BRANDS, shown_litres=[18.0]
    ).constraints
    assert bigger.sizes == [] and (bigger.capacity_min, bigger.capacity_min_strict) == (18.0, True)


def test_lighter_goes_under_the_lightest_shown_product():
    c = update_constraints(Constraints(), "search", "tent", Entities(), [], BRANDS).constraints
    lighter = update_constraints(
        c, "refine", "lighter", Entities(), [], BRANDS, shown_grams=[1600.0, 1400.0]
    )
    assert (lighter.constraints.weight_max, lighter.constraints.weight_max_strict) == (1400.0, True)
    assert (lighter.relative, lighter.edge) == ("lighter", 1400.0)
    assert lighter.constraints.query == "tent"  # "lighter" is no search word
    limit = update_constraints(
        c, "refine", "lighter than 800g", Entities(), [], BRANDS, shown_grams=[1400.0]
    )
    assert (limit.constraints.weight_max, limit.constraints.weight_max_strict) == (800.0, False)

from __future__ import annotations

from assistant.engine.search_text import (
    child_age,
    clean_query,
    focus_text,
    looks_foreign,
    names_something,
    without_filter_phrases,
)
from assistant.nlu.entities import Entities


def test_clean_query_drops_prices_and_negated_words():
    e = Entities(price_max=100.0, exclude_terms=["leather"])
    assert clean_query("hiking boots under $100 not leather", e) == "hiking boots"
    prices = Entities(price_max=50.0)
    assert clean_query("yoga mat under 50 euros in purple", prices) == "yoga mat in purple"
    assert clean_query("yoga mat under fifty dollars", prices) == "yoga mat"
    assert clean_query("tents 30-60 dollars max", prices) == "tents"
    colour = Entities(price_max=30.0, color="purple")
    assert clean_query("yoga mat under $30 in purple", colour) == "yoga mat"  # a filter
    assert clean_query("navy blue jacket", Entities(color="Navy Blue")) == "jacket"
    assert clean_query("tents for 2 people", Entities()) == "tents 2-person"
    assert clean_query("a tent for two persons", Entities()) == "tent 2-person"
    brand = Entities(exclude_terms=["summit & stone"])
    assert clean_query("backpacks but not Summit & Stone", brand) == "backpacks"


def test_clean_query_keeps_the_interest_not_the_recipient_or_the_budget_word():
    band = Entities(price_min=80.0, price_max=120.0)
    text = "hi, I need a gift for my dad who likes camping, budget around 100 bucks"
    assert clean_query(text, band) == "camping"
    assert clean_query("present for my sister that loves yoga", Entities()) == "yoga"
    assert clean_query("tent, my budget is 200", Entities(price_max=200.0)) == "tent"
    assert clean_query("a gift for my mom", Entities()) == "gift for my mom"  # no interest
    assert clean_query("budget binoculars", Entities()) == "budget binoculars"  # no price: kept
    blender = clean_query("budget-friendly blender under 40", Entities(price_max=40.0))
    assert blender == "budget-friendly blender"


def test_only_words_that_name_a_product_make_a_search():
    assert names_something("waterproof tent")
    assert not names_something("anything")
    assert not names_something("gift ideas")


def test_an_excluded_brand_after_from_or_by_is_no_search_text():
    assert clean_query("headphones not from Sonara", Entities(exclude_terms=["sonara"])) == (
        "headphones"
    )
    assert clean_query("mugs, nothing by Ember Co", Entities(exclude_terms=["ember co"])) == "mugs"


def test_markup_in_a_message_is_no_search_text():
    text = "<script>alert(1)</script> running <b>shoes</b>"
    assert clean_query(text, Entities()) == "running shoes"


def test_plus_size_and_markup_only():
    assert clean_query("plus size jeans", Entities()) == "plus size jeans"
    assert clean_query("<script>alert(1)</script>", Entities()) == ""


def test_a_childs_age_is_not_a_pets_or_a_things():
    assert child_age("a gift for my 5 year old") == 5
    assert child_age("a bed for my 3 year old dog") is None
    assert child_age("a gift for my 40 year old") is None
    assert child_age("toys for a toddler") == 2


def test_filter_phrases_name_no_kind_of_product() -> None:
    assert without_filter_phrases("any weight").split() == []
    assert without_filter_phrases("sort by weight").split() == []
    assert without_filter_phrases("a tent under 2 kg").split() == ["a", "tent"]


def test_the_search_text_leaves_out_what_someone_dislikes():
    assert clean_query("yoga mat, she hates pink", Entities(exclude_terms=["pink"])) == "yoga mat"
    assert clean_query("a scarf, he doesn't like wool", Entities(exclude_terms=["wool"])) == "scarf"


def test_a_long_message_is_searched_by_its_product_words():
    catalog = {"outdoor", "camp", "mountain", "dog", "waterproof", "hike", "boot"}

    def frequency(stem: str) -> int:
        return 5 if stem in catalog else 0

    story = (
        "I am looking for a present. My friend really likes being outdoors and going camping "
        "in the mountains with her dog, and she always complains"
    )
    assert focus_text(story, frequency) == "outdoors camping mountains dog"
    assert focus_text("waterproof hiking boots", frequency) == "waterproof hiking boots"  # short
    nothing = "my friend really likes it and she always says so when we talk about it"
    assert focus_text(nothing, frequency) == nothing  # no product word: kept as it was
    wanted = "tent lightweight waterproof backpacking dome with a rainfly, aluminium poles, doors"
    assert focus_text(wanted, frequency) == wanted  # features listed, no story: searched whole


def test_a_foreign_message_is_told_from_english_with_a_borrowed_word():
    assert looks_foreign("ich suche einen Rucksack") and looks_foreign("hola, busco una mochila")
    assert not looks_foreign("I need a rucksack")  # "rucksack" is English too
    assert not looks_foreign("a crème brûlée torch") and not looks_foreign("Lumière Atelier serum")

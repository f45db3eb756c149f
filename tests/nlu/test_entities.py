from __future__ import annotations

import pandas as pd
import pytest

from assistant.nlu import CatalogVocabulary, EntityExtractor
from assistant.nlu.prices import spelled_numbers_as_digits


@pytest.fixture(scope="module")
def plain() -> EntityExtractor:
    return EntityExtractor()


@pytest.fixture(scope="module")
def catalog(vocabulary: CatalogVocabulary) -> EntityExtractor:
    return EntityExtractor(vocabulary)


@pytest.mark.parametrize(
    ("text", "low", "high"),
    [
        ("running shoes under $50", None, 50),
        ("headphones less than 1k", None, 1000),
        ("a knife between 30 and 60", 30, 60),
        ("something around 80 bucks", 64, 96),
        ("jackets $20-$40", 20, 40),
        ("under -5 dollars", None, None),  # a negative amount is no price
        ("a backpack, max 100 euros", None, 100),
        ("below 25 dollars", None, 25),
        ("at least 200 usd", 200, None),
        ("over 50", 50, None),
        ("$50 or less", None, 50),
        ("from 30 to 45", 30, 45),
        ("about €70", 56, 84),
        ("budget is 1.5k", None, 1500),
        ("nothing above 80 bucks", None, 80),
        ("over 200 and under 400", 200, 400),
        ("$1,200 tops", None, 1200),
        ("under fifty dollars", None, 50),
        ("hiking boots undr 150", None, 150),
        ("about two hundred", 160, 240),
        ("between twenty and forty bucks", 20, 40),
        ("twenty-five quid or less", None, 25),
        ("less than a grand", None, 1000),
        ("under two hundred and fifty", None, 250),
        ("a hundred and fifty max", None, 150),
        ("twenty to forty dollars", 20, 40),
        ("a fifty dollar gift card", 40, 60),
    ],
)
def test_price_phrasings(
    plain: EntityExtractor, text: str, low: float | None, high: float | None
) -> None:
    entities = plain.extract(text)
    assert (entities.price_min, entities.price_max) == (low, high)


@pytest.mark.parametrize(
    "text",
    [
        "a tent for 4 people",
        "size 10 boots",
        "order 58213 status",
        "a 15 inch laptop bag",
        "compare 2 and 4",
        "under 2 kg",
        "backpack under 1.5 kilos",  # weights: were price limits ($1.50)
        "tent under 2 kilograms",
        "tent under 40 ounces",
        "backpack below 900 grams",
        "a tent that weighs under 50 pounds",
        "lighter than 5 pounds",
        "a tent for two people",
        "a puzzle for ages 8 and up",
        "toys for ages 3+",
        "the second one",
        "one of these",
    ],
)
def test_numbers_that_are_not_prices(plain: EntityExtractor, text: str) -> None:
    entities = plain.extract(text)
    assert entities.price_min is None and entities.price_max is None


def test_spelled_amounts_keep_the_other_characters_in_place() -> None:
    text = "yoga mat under fifty dollars in purple"
    digits = spelled_numbers_as_digits(text)
    assert digits == "yoga mat under 50    dollars in purple" and len(digits) == len(text)
    assert spelled_numbers_as_digits("the second one") == "the second one"


@pytest.mark.parametrize(
    ("text", "refs"),
    [
        ("is the second one machine washable?", [2]),
        ("compare the first two", [1, 2]),
        ("which is better, 1 or 3", [1, 3]),
        ("the last one", [-1]),
        ("show me the 3rd one", [3]),
        ("first or second?", [1, 2]),
        ("what about number 4", [4]),
        ("1 vs 2", [1, 2]),
        ("the third or the first?", [3, 1]),
        ("the last two", [-2, -1]),
        ("first time here", []),
        ("my order arrived last week", []),
        ("how long does it last", []),
        ("between 30 and 60", []),
        ("how much is shipping for the second one?", [2]),
        ("great for the first time", []),
    ],
)
def test_product_refs(plain: EntityExtractor, text: str, refs: list[int]) -> None:
    assert plain.extract(text).product_refs == refs


@pytest.mark.parametrize(
    ("text", "order_id"),
    [
        ("where's my order #A1093", "A1093"),
        ("order 58213 status", "58213"),
        ("order number 40211, where is it", "40211"),
        ("tracking number for order B-4402 please", "B-4402"),
        ("my package ZX-2231 hasn't moved", "ZX-2231"),
        ("check order status for 12345", "12345"),
        ("what's the status of A2039", "A2039"),
        ("can I still cancel A5361?", "A5361"),
        ("has A2423 shipped yet", "A2423"),
        ("is the X4000 drill cordless", None),
        ("I need size 10 boots", None),
        ("waterproof boots under 100", None),
    ],
)
def test_order_ids(plain: EntityExtractor, text: str, order_id: str | None) -> None:
    assert plain.extract(text).order_id == order_id


@pytest.mark.parametrize(
    ("text", "terms"),
    [
        ("not leather", ["leather"]),
        ("no wool please", ["wool"]),
        ("without the hood", ["hood"]),
        ("anything other than Samsung", ["samsung"]),
        ("boots, not black pls", ["black"]),
        ("exclude polyester", ["polyester"]),
        ("jackets, no wool & no polyester", ["wool", "polyester"]),
        ("I'm not happy at all", []),
        ("no thanks, I'm good", []),
        ("not too expensive please", []),
        ("not from Sonara", ["sonara"]),  # was read as "from Sonara", the brand wanted
        ("nothing by Kinetic please", ["kinetic"]),
        ("nothing too expensive", []),
        ("nothing fancy, nothing else", []),
        ("yoga mat, she hates pink", ["pink"]),  # was a pink filter
        ("running shoes, my son doesn't like red", ["red"]),
        ("he dislikes wool", ["wool"]),
    ],
)
def test_exclusions(plain: EntityExtractor, text: str, terms: list[str]) -> None:
    assert plain.extract(text).exclude_terms == terms


def test_an_excluded_brand_with_an_ampersand_is_excluded_whole() -> None:
    vocabulary = CatalogVocabulary.from_products(
        pd.DataFrame(
            {"brand": ["Summit & Stone", "North Ridge"], "color": ["stone", "grey"],
             "size": ["M", "L"], "category": ["Bags > Backpacks", "Bags > Totes"]}
        )
    )  # fmt: skip
    entities = EntityExtractor(vocabulary).extract("backpacks but not Summit & Stone")
    assert entities.exclude_terms == ["summit & stone"]
    assert entities.color is None and entities.brand is None
    assert EntityExtractor(vocabulary).extract("no salt & pepper").exclude_terms == ["salt"]
    listed = EntityExtractor(vocabulary).extract("anything but Summit & Stone and North Ridge")
    assert listed.exclude_terms == ["summit & stone", "north ridge"] and listed.brand is None
    colours = EntityExtractor(vocabulary).extract("she dislikes grey and stone, or red")
    assert colours.exclude_terms == ["grey", "stone", "red"] and colours.color is None
    tail = EntityExtractor(vocabulary).extract("not grey and comfy")  # "comfy": no name
    assert tail.exclude_terms == ["grey"]
    other = EntityExtractor(vocabulary).extract("not from North Ridge, and grey would be nice")
    assert other.exclude_terms == ["north ridge"] and other.color == "grey"  # another kind
    assert (
        EntityExtractor().extract("a 20000 mAh power bank that can be delivered").order_id is None
    )
    assert EntityExtractor().extract("a fitness tracker under 20000").order_id is None
    spelled = EntityExtractor(vocabulary).extract("anything but Summit and Stone")
    assert spelled.exclude_terms == ["summit and stone"] and spelled.color is None  # not "stone"
    not_from = EntityExtractor(vocabulary).extract("not from North Ridge")
    assert not_from.exclude_terms == ["north ridge"] and not_from.brand is None


def test_category_follows_the_head_noun_and_the_most_specific_catalog_path() -> None:
    vocabulary = CatalogVocabulary.from_products(
        pd.DataFrame(
            {"brand": ["A", "B", "C", "D"], "color": ["red"] * 4, "size": ["M"] * 4,
             "category": ["Shoes > Running", "Shoes > Hiking", "Clothing > Jackets", "Outdoor > Tents"]}
        )
    )  # fmt: skip
    extractor = EntityExtractor(vocabulary)
    assert extractor.extract("running shoes under 50").category == "Shoes > Running"
    assert extractor.extract("hiking boots").category == "Shoes > Hiking"
    assert extractor.extract("running jackets").category == "Clothing > Jackets"
    assert extractor.extract("sneakers").category == "Shoes"
    assert extractor.extract("hiking shoes for running").category == "Shoes > Hiking"
    assert extractor.extract("a jacket for a tent trip").category == "Clothing > Jackets"


def test_either_of_two_colours(plain: EntityExtractor) -> None:
    either = plain.extract("jacket in red or blue")
    assert (either.color, either.other_colors) == ("red", ["blue"])
    assert either.to_dict()["other_colors"] == ["blue"]
    assert plain.extract("red and blue striped shirt").other_colors == []
    assert "other_colors" not in plain.extract("blue").to_dict()


@pytest.mark.parametrize(
    ("text", "color"),
    [
        ("brwn leather boots", "brown"),
        ("gren rain jacket", "green"),
        ("blck hoodie", "black"),
        ("a brow pencil", None),  # an English word, not "brown" with a letter missing
        ("grey wool socks", "grey"),
    ],
)
def test_colour_with_a_letter_missing(plain: EntityExtractor, text: str, color: str | None) -> None:
    assert plain.extract(text).color == color


@pytest.mark.parametrize(
    ("text", "excluded"),
    [
        ("I don't like red", ["red"]),
        ("i dont like Pacer", ["pacer"]),
        ("I hate leather", ["leather"]),
        ("not a fan of blue", ["blue"]),
        ("I do not like the colour green", ["green"]),
        ("I don't need anything fancy", []),
    ],
)
def test_a_dislike_is_an_exclusion_not_a_wish(
    plain: EntityExtractor, text: str, excluded: list[str]
) -> None:
    entities = plain.extract(text)
    assert entities.exclude_terms == excluded
    assert entities.color is None and entities.brand is None


def test_excluded_colour_is_not_a_wanted_colour(plain: EntityExtractor) -> None:
    entities = plain.extract("sneakers, not black")
    assert entities.color is None and entities.exclude_terms == ["black"]


def test_catalog_matching_is_fuzzy_case_insensitive_and_multi_word(
    catalog: EntityExtractor,
) -> None:
    assert catalog.extract("north face jacket in navy blue").to_dict() == {
        "brand": "The North Face",
        "color": "Navy Blue",
        "category": "Clothing > Jackets",
    }
    assert catalog.extract("addidas sneakers").brand == "Adidas"
    assert catalog.extract("north face jakcet").category == "Clothing > Jackets"  # swapped
    assert catalog.extract("a short sleeve tee").category != "Clothing > Jackets"
    assert catalog.extract("LEVIS jeans 32x32").to_dict() == {
        "brand": "Levi's",
        "size": "32x32",
        "category": "Clothing > Jeans",
    }
    assert catalog.extract("I need a hydroflask").brand == "Hydro Flask"


def test_word_boundaries(catalog: EntityExtractor) -> None:
    assert catalog.extract("a standing desk").color is None
    assert catalog.extract("a tan jacket").color == "Tan"


def test_generic_category_words_map_to_catalog_paths(catalog: EntityExtractor) -> None:
    assert catalog.extract("trainers for running").category == "Shoes > Sneakers"
    assert catalog.extract("a tent for 4 people").category == "Outdoor > Tents"
    assert catalog.extract("coffee mugs").category == "Kitchen > Mugs"
    assert catalog.extract("hiking boots size 10").to_dict() == {
        "size": "10",
        "category": "Shoes > Boots",
    }


def test_builtin_lists_work_without_a_catalog(plain: EntityExtractor) -> None:
    assert plain.extract("red dress in size M").to_dict() == {
        "color": "red",
        "size": "M",
        "category": "dresses",
    }
    assert plain.extract("wireless headphones").category == "headphones"
    assert plain.extract("only Nike").brand == "Nike"


def test_sizes(plain: EntityExtractor) -> None:
    assert plain.extract("same but in size M").size == "M"
    assert plain.extract("any of those in XL").size == "XL"
    assert plain.extract("queen size sheets").size == "Queen"
    assert plain.extract("show me bigger sizes").size is None


def test_to_dict_omits_absent_keys(plain: EntityExtractor) -> None:
    assert plain.extract("hello").to_dict() == {}


def test_vocabulary_from_products_and_empty(vocabulary: CatalogVocabulary) -> None:
    assert "The North Face" in vocabulary.brands
    assert {"Black", "Red", "Olive"} <= set(vocabulary.colors)
    assert "Shoes > Sneakers" in vocabulary.categories
    assert CatalogVocabulary.empty().is_empty()


def test_very_long_text_is_cut_not_crashing(plain: EntityExtractor) -> None:
    entities = plain.extract("blue " * 10_000)
    assert entities.color == "blue"


def test_a_dislike_with_really_or_a_curly_apostrophe_excludes(plain: EntityExtractor) -> None:
    assert plain.extract("not really keen on red").exclude_terms == ["red"]
    assert plain.extract("I don’t like leather").exclude_terms == ["leather"]

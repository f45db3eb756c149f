from __future__ import annotations

import pandas as pd
import pytest

from assistant.nlu import CatalogVocabulary, EntityExtractor
from assistant.nlu.kinds import ProductKinds, catalog_kinds, plural, title_head


@pytest.mark.parametrize(
    ("title", "head"),
    [
        ("Focus LED Desk Lamp, Brown", "lamp"),
        ("Urban Bike Helmet by Peakline", "helmet"),
        ("StreetRunner Running Shoes - Black", "shoe"),
        ("Whirlpool 1.9 cu. ft. Over the Range Microwave in Stainless Steel", "microwave"),
        ("Whirlpool 30 in. Range", "range"),  # "in." is inches, not "in <colour>"
        ("Studio Grip Yoga Mat (6 mm)", "mat"),
        ("Raised Duo Pet Bowl Set", "bowl"),  # a set of bowls
        ("2024", None),
    ],
)
def test_title_head_is_the_last_word_of_the_name_part(title, head):
    assert title_head(title) == head


def test_catalog_kinds_count_titles_per_head():
    titles = ["Focus Desk Lamp", "Arc Table Lamp", "Halo Desk Lamp", "Rise Standing Desk"]
    paths = ["Office > Lighting", "Home > Lighting", "Office>Lighting", "Office > Desks"]
    assert catalog_kinds(titles, paths, min_titles=2) == {
        "lamp": ["Office > Lighting", "Home > Lighting"]
    }
    assert catalog_kinds(titles, paths)["desk"] == ["Office > Desks"]  # one title is a kind


@pytest.mark.parametrize(
    ("word", "many"),
    [("bike", "bikes"), ("watch", "watches"), ("battery", "batteries"), ("tea", "tea")],
)
def test_plural(word, many):
    assert plural(word) == many


def test_the_head_of_a_request_is_its_last_product_word_before_a_qualifier():
    kinds = ProductKinds({"lamp": ["Office > Lighting"], "desk": ["Office > Desks"]})
    assert kinds.head(["what", "about", "a", "desk", "lamp"]) == "lamp"
    assert kinds.head(["a", "lawn", "mower", "under", "50"]) == "mower"  # a built-in word
    assert kinds.head(["a", "desk", "lamp", "with", "a", "usb", "cable"]) == "lamp"
    assert kinds.head(["something", "waterproof"]) is None
    assert kinds.head(["a", "set", "of", "two"]) is None  # "set" is an everyday word first
    assert kinds.head(["id", "like", "a", "lamp"]) == "lamp"  # "like" qualifies nothing
    assert kinds.head(["one", "that", "keeps", "tea", "hot"]) is None  # a relative clause
    assert kinds.qualifies("Office > Desks", "lamp")  # "desk" only says which lamp
    assert not kinds.qualifies("Office > Lighting", "lamp")
    assert not kinds.qualifies("Office > Desks", "for")


@pytest.fixture(scope="module")
def shop() -> EntityExtractor:
    rows = [
        ("Focus LED Desk Lamp, Brown", "Office > Lighting"),
        ("Halo Desk Lamp", "Office > Lighting"),
        ("Rise Standing Desk", "Office > Desks"),
        ("Lift Standing Desk", "Office > Desks"),
        ("Mill Coffee Grinder", "Kitchen > Coffee"),
        ("Burr Coffee Grinder", "Kitchen > Coffee"),
        ("Urban Bike Helmet", "Sports > Cycling"),
        ("Aero Bike Helmet", "Sports > Cycling"),
        ("Trail Running Shoe", "Shoes > Running"),
        ("Road Running Shoe", "Shoes > Running"),
    ]
    df = pd.DataFrame(rows, columns=["title", "category"])
    return EntityExtractor(CatalogVocabulary.from_products(df))


def test_a_category_word_that_qualifies_another_kind_is_no_category_filter(shop):
    assert shop.extract("standing desk").category == "Office > Desks"
    assert shop.extract("what about a desk lamp").category is None  # lamps are not desks
    assert shop.extract("a coffee grinder").category == "Kitchen > Coffee"
    assert shop.extract("a coffee table").category is None  # "table": a built-in kind
    assert shop.extract("running shoes").category == "Shoes > Running"
    assert shop.extract("a desk for my lamp").category == "Office > Desks"


def test_a_kind_the_catalog_has_no_title_of_is_unsold(shop):
    assert shop.unsold_kind("do you sell bikes?") == "bikes"  # helmets only
    assert shop.unsold_kind("a lawn mower") == "mowers"
    assert shop.unsold_kind("bike helmets") is None
    assert shop.unsold_kind("a desk lamp") is None
    assert shop.unsold_kind("something waterproof") is None
    assert EntityExtractor().unsold_kind("bikes") is None  # no titles: nothing is claimed

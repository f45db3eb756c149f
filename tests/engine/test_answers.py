"""Answers from a product's own fields and side-by-side rows (hand-made products)."""

from __future__ import annotations

from assistant.engine.answers import answer_question, compare_rows

MAT = {
    "product_id": "P1",
    "title": "Studio Grip Yoga Mat",
    "brand": "Zenform",
    "price": 44.99,
    "rating": 4.6,
    "review_count": 24,
    "in_stock": True,
    "color": "blue",
    "description": "A well-made yoga mat from Zenform. It features non-slip grip and a fold-flat "
    "design. It is not machine washable.",
    "attributes": {
        "material": "TPE",
        "weight": "1.6 kg",
        "care": "wipe clean with a damp cloth",
        "waterproof": "no",
        "recycled": "yes",
    },
}
BAG = {
    "product_id": "P2",
    "title": "City Tote Bag",
    "brand": "Summit & Stone",
    "price": 199.99,
    "rating": 4.1,
    "review_count": 3,
    "in_stock": False,
    "description": "A premium tote made from organic cotton canvas.",
    "attributes": {"material": "organic cotton canvas", "weight": "570 g", "warranty": "3 years"},
}


def test_yes_from_a_boolean_attribute_quotes_it():
    a = answer_question("is it made of recycled materials?", MAT)
    assert a.verdict == "yes" and a.quote == "recycled: yes" and "recycled: yes" in a.text


def test_no_from_a_boolean_attribute():
    a = answer_question("Is the second one waterproof?", MAT)
    assert a.verdict == "no" and a.text.startswith("No")


def test_unknown_when_the_listing_is_silent():
    a = answer_question("is it vegan?", MAT)
    assert a.verdict == "unknown" and "does not say whether it is vegan" in a.text
    trip = answer_question("is it good for flights?", BAG)  # the question's words, not a feature
    assert trip.verdict == "unknown" and "does not mention flight;" in trip.text
    assert "whether it is flight" not in trip.text


def test_machine_washable_is_answered_from_the_care_field():
    a = answer_question("can I machine wash it?", MAT)
    assert a.verdict == "no" and "wipe clean with a damp cloth" in a.text


def test_value_question_quotes_the_attribute():
    a = answer_question("how heavy is it?", MAT)
    assert a.verdict == "info" and "1.6 kg" in a.text


def test_missing_value_is_unknown_not_guessed():
    a = answer_question("what's the warranty?", MAT)
    assert a.verdict == "unknown" and "warranty" in a.text
    assert answer_question("what's the warranty?", BAG).quote == "3 years"


def test_feature_found_in_the_description_quotes_the_sentence():
    a = answer_question("does it have a non-slip grip?", MAT)
    assert a.verdict == "yes" and "non-slip grip" in (a.quote or "")


def test_negated_sentence_gives_no():
    product = {**MAT, "attributes": {}, "description": "It is not dishwasher safe at all."}
    a = answer_question("is it dishwasher safe?", product)
    assert a.verdict == "no"


def test_stock_price_and_rating_questions():
    assert answer_question("is it in stock?", BAG).verdict == "no"
    assert "$199.99" in answer_question("how much is it?", BAG).text
    assert "4.6 out of 5 from 24 reviews" in answer_question("how is it rated?", MAT).text


def test_open_question_gives_an_overview_from_the_listing():
    a = answer_question("tell me more about it", MAT)
    assert a.verdict == "info" and "$44.99" in a.text and "non-slip grip" in a.text


def test_compare_rows_show_price_rating_and_differing_attributes_only():
    rows = compare_rows([MAT, BAG])
    by_field = {r["field"]: r for r in rows}
    assert by_field["price"]["values"] == ["$44.99", "$199.99"]
    assert by_field["material"]["values"] == ["TPE", "organic cotton canvas"]
    assert by_field["warranty"]["values"] == ["-", "3 years"]
    assert by_field["in_stock"]["values"] == ["yes", "no"]
    assert all(r["differs"] for r in rows)  # every listed field differs between these two
    same = compare_rows([MAT, {**MAT, "product_id": "P3", "price": 30.0}])
    fields = {r["field"] for r in same}
    assert "material" not in fields  # identical attributes are not listed
    assert {r["field"] for r in same if r["differs"]} == {"price"}


def test_does_it_come_in_a_size_or_colour_is_a_yes_or_no():
    jacket = {**BAG, "title": "Trail Jacket", "size": "XXL", "color": "Navy Blue"}
    tee = {**MAT, "title": "Trail Tee", "size": "S, M, L", "color": "red"}
    no_m = answer_question("does the last one come in size M?", jacket)
    assert no_m.verdict == "no" and no_m.text.startswith("No") and '"XXL"' in no_m.text
    assert answer_question("does it come in size M?", tee).verdict == "yes"
    assert answer_question("do you have it in a medium?", tee).verdict == "yes"
    assert answer_question("is it available in blue?", jacket).verdict == "yes"
    assert answer_question("does it come in red?", jacket).verdict == "no"
    assert answer_question("what sizes does it come in?", tee).verdict == "info"
    assert answer_question("is it available?", BAG).field == "in_stock"
    assert answer_question("does it come in gray?", {**jacket, "color": "Grey"}).verdict == "yes"
    assert answer_question("is there one in size 10?", {**jacket, "size": "US 10"}).verdict == "yes"
    assert answer_question("can I wear it in large rooms?", tee).field != "size"
    assert answer_question("is it good in red wine stains?", jacket).field != "color"
    assert answer_question("is it in red?", tee).verdict == "yes"


def test_how_big_falls_back_to_the_size_when_no_measurements_are_listed():
    bed = {**BAG, "title": "Bolster Dog Bed", "size": "XL", "attributes": {"weight": "2 kg"}}
    answer = answer_question("how big is it?", bed)
    assert answer.field == "size" and '"XL"' in answer.text  # was "does not say anything"
    assert answer_question("how big is it?", BAG).verdict == "unknown"  # no size either

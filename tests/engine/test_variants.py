"""Colour variants of a shown product, found in the demo catalog."""

from __future__ import annotations

from collections import defaultdict

from assistant.engine.answers import Answer, answer_question
from assistant.engine.variants import color_variant, model_name, with_variant


def test_the_model_name_drops_the_products_own_colour_only():
    assert model_name({"title": "Trail 28 Backpack, Red", "color": "red"}) == "trail 28 backpack"
    assert model_name({"title": "Grounded Yoga Mat in grey", "color": "grey"}) == (
        "grounded yoga mat"
    )
    assert model_name({"title": "Red Rock Tent, Blue", "color": "blue"}) == "red rock tent"
    assert model_name({"title": "Trail 28 Backpack", "color": "black"}) == "trail 28 backpack"


def _a_model_in_two_colours(index) -> tuple[dict, dict]:
    groups: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in range(len(index.products)):
        p = index.product(row)
        groups[(str(p["brand"]).casefold(), model_name(p))].append(p)
    for products in groups.values():
        colours = {str(p["color"]).lower() for p in products}
        if len(colours) >= 2:
            first = products[0]
            other = next(p for p in products if str(p["color"]).lower() != first["color"].lower())
            return first, other
    raise AssertionError("the demo catalog has no model in two colours")


def test_a_no_to_a_colour_names_the_same_model_in_that_colour(demo_index):
    product, other = _a_model_in_two_colours(demo_index)
    colour = str(other["color"]).lower()
    found = color_variant(demo_index, product, colour)
    assert found is not None and found["product_id"] != product["product_id"]
    assert found["brand"] == product["brand"] and model_name(found) == model_name(product)
    assert colour in str(found["color"]).lower()
    question = f"does it come in {colour}?"
    answer = answer_question(question, product)
    assert answer.verdict == "no"  # the listing's own colour is another
    told = with_variant(demo_index, question, product, answer)
    assert told.text.startswith(answer.text)
    assert f"The same model also comes in {colour}: the " in told.text
    assert color_variant(demo_index, product, "chartreuse") is None  # no such colour


def test_a_yes_or_another_question_is_left_as_it_is(demo_index):
    product, _other = _a_model_in_two_colours(demo_index)
    colour = str(product["color"]).lower()
    yes = answer_question(f"does it come in {colour}?", product)
    assert with_variant(demo_index, f"does it come in {colour}?", product, yes) is yes
    price = Answer("info", "It costs $10.", "price", "$10")
    assert with_variant(demo_index, "how much is it?", product, price) is price

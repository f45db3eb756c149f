"""Template replies from the facts the code chose (pure functions)."""

from __future__ import annotations

from assistant.engine.replies import results_plan
from assistant.engine.state import Constraints
from assistant.generation.types import ProductFacts


def facts(position: int, title: str, price: float, in_stock: bool = True) -> ProductFacts:
    return ProductFacts(position, f"P{position}", title, price=price, in_stock=in_stock)


def test_an_out_of_stock_product_is_named_as_such():
    plan = results_plan(
        [facts(1, "Rise Desk", 199.99, in_stock=False), facts(2, "Lift Desk", 259.5)],
        Constraints(query="standing desk"),
        fresh=False,
    )
    assert plan.template.startswith("I'd recommend the Rise Desk ($199.99, out of stock).")
    assert "the Lift Desk ($259.50)." in plan.template


def test_a_price_order_opens_the_reply_and_drops_the_cheapest_remark():
    products = [facts(1, "Rise Desk", 199.99), facts(2, "Lift Desk", 259.5)]
    cheapest_first = results_plan(products, Constraints(query="desk", sort="price_asc"), False)
    assert cheapest_first.template.startswith("Lowest price first: the Rise Desk ($199.99).")
    dearest = results_plan(products[::-1], Constraints(query="desk", sort="price_desc"), False)
    assert dearest.template.startswith("Highest price first: the Lift Desk ($259.50).")
    assert "The cheapest" not in dearest.template
    plain = results_plan(products[::-1], Constraints(query="desk"), False)
    assert "The cheapest in stock here is the Rise Desk." in plain.template


def test_the_cheapest_remark_names_an_in_stock_product_with_its_price_when_not_listed():
    products = [
        facts(1, "Lift Desk", 259.5),
        *(facts(n, f"Desk {n}", 300.0 + n) for n in (2, 3, 4)),
        facts(5, "Rise Desk", 199.99),
        facts(6, "Bare Desk", 99.0, in_stock=False),
    ]
    plan = results_plan(products, Constraints(query="desk"), False)
    assert "The cheapest in stock here is the Rise Desk ($199.99)." in plan.template
    assert "Bare Desk" not in plan.template


def test_the_rating_is_not_said_twice():
    boot = ProductFacts(
        1, "P1", "Basecamp Boot", price=349.99, rating=4.6, review_count=80,
        reasons=["popular in Hiking: 4.6 from 80 reviews"],
    )  # fmt: skip
    plan = results_plan([boot], Constraints(query="boots"), fresh=False)
    assert plan.template.count("80 reviews") == 1


def test_products_sharing_a_title_are_told_apart_by_colour_then_size():
    def shoe(n: int, price: float, color: str, size: str) -> ProductFacts:
        return ProductFacts(
            n, f"P{n}", "TempoRun Running Shoe", price=price, color=color, size=size
        )

    by_colour = [shoe(1, 59.99, "Blue", "9"), shoe(2, 74.99, "black", "9")]
    plan = results_plan(by_colour, Constraints(query="running shoes"), fresh=False)
    assert plan.template.startswith("I'd recommend the TempoRun Running Shoe in blue ($59.99).")
    assert "the TempoRun Running Shoe in black ($74.99)" in plan.template
    by_size = [shoe(1, 59.99, "blue", "9"), shoe(2, 59.99, "blue", "10")]
    plan = results_plan(by_size, Constraints(query="running shoes"), fresh=False)
    assert "the TempoRun Running Shoe, size 10 ($59.99)" in plan.template
    pacer, stride = shoe(1, 79.99, "blue", "13"), shoe(2, 94.99, "blue", "13")
    pacer.brand, stride.brand = "Pacer", "Stride Lab"
    plan = results_plan([pacer, stride], Constraints(query="running shoes"), fresh=False)
    assert "the TempoRun Running Shoe by Stride Lab ($94.99)" in plan.template
    alone = [shoe(1, 59.99, "blue", "9"), facts(2, "Lift Desk", 259.5)]
    plan = results_plan(alone, Constraints(query="x"), fresh=False)
    assert plan.template.startswith("I'd recommend the TempoRun Running Shoe ($59.99).")

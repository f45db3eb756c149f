"""Figures in listings, in one base unit per field."""

from __future__ import annotations

import pytest

from assistant.catalog.measures import listed, litres_text, measure, weight_text


@pytest.mark.parametrize(
    ("field", "text", "value"),
    [
        ("weight", "1.4 kg", 1400.0),
        ("weight", "600 g", 600.0),
        ("weight", "2 lb", 907.2),
        ("weight", "12 oz", 340.2),
        ("battery_life", "40 hours", 40.0),
        ("warranty", "2 years", 24.0),
        ("warranty", "18 months", 18.0),
        ("capacity", "18 L", 18.0),
        ("capacity", "500 ml", 0.5),
    ],
)
def test_a_listed_figure_in_the_fields_base_unit(field: str, text: str, value: float) -> None:
    assert measure(field, text) == pytest.approx(value)


def test_no_figure_or_an_unknown_unit_is_none() -> None:
    assert measure("weight", "light") is None
    assert measure("weight", "3 parsecs") is None
    assert measure("weight", "") is None
    assert measure("colour", "2 kg") is None  # not a measured field


def test_weights_are_written_as_listings_write_them() -> None:
    assert weight_text(1400) == "1.4 kg"
    assert weight_text(2000) == "2 kg"
    assert weight_text(600) == "600 g"
    assert weight_text(2268.0) == "2.27 kg"


def test_capacities_in_litres_and_a_records_listed_figure() -> None:
    assert measure("capacity", "2-person") is None  # a capacity, but not in litres
    assert (
        litres_text(30) == "30 L" and litres_text(0.5) == "500 ml" and litres_text(1.5) == "1.5 L"
    )
    product = {"attributes": {"capacity": "32 L", "weight": "1.1 kg"}}
    assert listed(product, "capacity") == 32.0 and listed(product, "weight") == 1100.0
    assert listed({"attributes": "32 L"}, "capacity") is None
    assert listed({}, "weight") is None

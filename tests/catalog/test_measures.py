"""Figures in listings, in one base unit per field."""

from __future__ import annotations

import pytest

from assistant.catalog.measures import measure, weight_text


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

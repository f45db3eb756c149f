from __future__ import annotations

import pytest

from assistant.catalog.measures import measure
from assistant.engine.comparatives import comparative_answer

NAMES = ["Nightfall", "Ember", "Glow"]


@pytest.mark.parametrize(
    ("field", "text", "value"),
    [("weight", "1.4 kg", 1400), ("weight", "310 g", 310), ("battery_life", "40 hours", 40),
     ("warranty", "2 years", 24), ("warranty", "6 months", 6), ("weight", "light", None),
     ("warranty", "24-month", 24), ("warranty", "1 yr", 12), ("warranty", "2", None)],
)  # fmt: skip
def test_measure_reads_a_figure_in_its_unit(field, text, value):
    assert measure(field, text) == value


def test_the_same_weight_is_said_not_denied():
    same = comparative_answer("which is lighter?", [{"weight": "1.4 kg"}] * 2, NAMES[:2])
    assert same == "They weigh the same: 1.4 kg."  # was "do not give a weight for both"


def test_the_lightest_of_three_and_a_missing_figure():
    attrs = [{"weight": "360 g"}, {"weight": "0.31 kg"}, {"material": "mesh"}]
    answer = comparative_answer("which one is lightest", attrs, NAMES)
    assert answer == (
        "The Ember is lighter (0.31 kg; the Nightfall: 360 g). "
        "The listing of the Glow does not give its weight."
    )
    heavy = comparative_answer("the heaviest?", attrs[:2], NAMES[:2])
    assert heavy is not None and heavy.startswith("The Nightfall is heavier")


def test_battery_and_warranty_and_no_question():
    battery = [{"battery_life": "184 hours"}, {"battery_life": "196 hours"}]
    answer = comparative_answer("which has better battery?", battery, NAMES[:2])
    assert answer is not None and answer.startswith("The Ember has the longer battery life")
    warranty = [{"warranty": "1 year"}, {"warranty": "2 years"}, {"warranty": "3 years"}]
    longest = comparative_answer("longest warranty?", warranty, NAMES)
    assert longest is not None and longest.startswith("The Glow has the longest warranty")
    assert comparative_answer("which is cheaper?", battery, NAMES[:2]) is None
    assert comparative_answer("lighter?", [{}, {}], NAMES[:2]) == (
        "The listings do not give the weight of these products."
    )

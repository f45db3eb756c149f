"""Removing one filter by its chip: the same search without it, read by no model."""

from __future__ import annotations

import uuid

import pytest

from assistant.errors import AssistantError, ForeignSessionError


def sid() -> str:
    return uuid.uuid4().hex


def test_one_colour_of_two_and_an_excluded_word_come_off_alone(bot):
    s = sid()
    first = bot.respond("hiking boots not leather in brown or black", s, "u-chips")
    assert first.constraints["colors"] == ["brown", "black"]
    assert first.constraints["exclude_terms"] == ["leather"]
    query, category = first.constraints["query"], first.constraints["category"]

    turn = bot.remove_constraint(s, "u-chips", "colors", "Brown")
    assert turn.constraints["colors"] == ["black"]  # only the removed colour went
    assert turn.constraints["exclude_terms"] == ["leather"]
    assert (turn.constraints["query"], turn.constraints["category"]) == (query, category)
    assert any(not card.outside_constraints for card in turn.products)
    for card in turn.products:
        if not card.outside_constraints:
            assert "black" in str(bot.index.product_by_id(card.product_id)["color"]).lower()

    turn = bot.remove_constraint(s, "u-chips", "exclude_terms", "leather")
    assert "exclude_terms" not in turn.constraints  # not read as a search for "terms filter"
    assert turn.constraints["query"] == query and turn.constraints["colors"] == ["black"]
    assert turn.products and turn.intent == "refine"
    stored = bot.store.session_turns(s)
    assert [t.role for t in stored] == ["user", "assistant"] * 3
    assert stored[-2].text == "remove the filter: exclude terms leather"
    assert bot.session_state(s)["constraints"] == turn.constraints


def test_a_price_bound_comes_off_and_the_other_stays(bot):
    s = sid()
    first = bot.respond("backpacks between $40 and $90", s, "u-price-chip")
    assert (first.constraints["price_min"], first.constraints["price_max"]) == (40.0, 90.0)
    turn = bot.remove_constraint(s, "u-price-chip", "price_min")
    assert "price_min" not in turn.constraints and turn.constraints["price_max"] == 90.0
    assert turn.products and all(c.price is not None and c.price <= 90 for c in turn.products)


def test_an_unknown_filter_or_another_users_session_is_refused(bot):
    s = sid()
    bot.respond("tents under $200", s, "u-chip-owner")
    with pytest.raises(AssistantError, match="unknown constraint"):
        bot.remove_constraint(s, "u-chip-owner", "query")
    with pytest.raises(AssistantError, match="no colors constraint"):
        bot.remove_constraint(s, "u-chip-owner", "colors", "red")
    turns = len(bot.store.session_turns(s))
    bot.respond("in red or green", s, "u-chip-owner")
    with pytest.raises(AssistantError, match="not one of the colors"):
        bot.remove_constraint(s, "u-chip-owner", "colors", "x" * 10_000)
    assert len(bot.store.session_turns(s)) == turns + 2  # the refused removal stored nothing
    with pytest.raises(ForeignSessionError):
        bot.remove_constraint(s, "u-chip-intruder", "price_max")
    assert bot.session_state(s)["constraints"]["price_max"] == 200.0

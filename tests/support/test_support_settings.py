"""The support thresholds come from ``SupportSettings``, and the wording states the number the
rule used: a shop with a 14-day return window never says "30-day"."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from assistant.settings import Settings
from assistant.store import Order, OrderItem
from assistant.support.desk import SupportDesk
from assistant.support.drafting import order_sentence
from assistant.support.orders import OrderLookupResult, order_facts
from assistant.support.rulings import PolicyRules, RulingInput
from assistant.support.triage import support_intent

TODAY = date(2026, 11, 1)


def delivered(days_ago: int) -> Order:
    day = date.fromordinal(TODAY.toordinal() - days_ago).isoformat()
    return Order(
        "58213",
        "u9",
        "delivered",
        "2026-09-01",
        (OrderItem("P1", "Lamp", 1, 40.0),),
        delivered_at=f"{day}T10:00:00Z",
    )


def rule(message: str, facts, damage_days: int = 7):
    lookup = OrderLookupResult([facts], requested_id="58213", focus_reason="requested")
    ruling = PolicyRules(damage_days=damage_days).run(
        RulingInput("complaint", message, lookup, True, TODAY)
    )
    assert ruling is not None and ruling.statement is not None
    return ruling


def test_settings_load_the_thresholds_from_the_environment():
    settings = Settings.load(
        env={
            "ASSISTANT_SUPPORT__RETURN_WINDOW_DAYS": "14",
            "ASSISTANT_SUPPORT__DAMAGE_REPORT_DAYS": "3",
            "ASSISTANT_SUPPORT__TRIAGE_UNSURE": "0.3",
        }
    )
    support = settings.support
    assert (support.return_window_days, support.damage_report_days) == (14, 3)
    assert support.triage_unsure == pytest.approx(0.3)


def test_the_return_window_rule_and_its_wording_use_one_number():
    facts = order_facts(delivered(20), TODAY, return_window_days=14)
    assert facts.return_window_ends == "2026-10-26" and facts.return_window_open is False
    assert "Its 14-day return window ended on October 26, 2026." in order_sentence(
        facts, "return_refund"
    )
    cancel = rule("please cancel it", facts)
    assert cancel.statement.endswith("its 14-day return window has ended.")
    late_damage = rule("it arrived damaged", facts)
    assert "so has the 14-day return window" in late_damage.statement
    # the default window: 20 days after delivery it is still open
    assert order_facts(delivered(20), TODAY).return_window_open is True


def test_the_damage_window_rule_and_its_wording_use_one_number():
    facts = order_facts(delivered(5), TODAY)
    assert rule("it arrived damaged", facts).statement.startswith(
        "You are telling us within 7 days of delivery"
    )
    short = rule("it arrived damaged", facts, damage_days=3).statement
    assert short.startswith("It was delivered 5 days ago, so the 3-day window for reporting")
    with pytest.raises(ValueError, match="damage_days"):
        PolicyRules(damage_days=-1)


def test_the_desk_takes_the_thresholds_from_its_settings(desk):
    settings = replace(desk.settings, return_window_days=14, damage_report_days=3)
    shop = SupportDesk(settings, desk.store, desk.policies, None, TODAY)
    assert shop.orders.return_window_days == 14 and shop.rules.damage_days == 3
    with pytest.raises(ValueError, match="damage_report_days"):
        SupportDesk(replace(settings, damage_report_days=20), desk.store, desk.policies)


def test_triage_takes_its_confidence_threshold(nlu):
    message = "how do I return the running shoes I bought?"
    result = nlu.run(message)
    result.intent, result.intent_confidence = "search", 0.4  # the model unsure, leaning shopping
    assert support_intent(message, result) == "return_refund"
    assert support_intent(message, result, unsure=0.3) is None
    from assistant.engine.router import Router

    assert Router(5, 0.3).support_unsure == 0.3
    with pytest.raises(ValueError, match="support_unsure"):
        Router(5, 1.5)

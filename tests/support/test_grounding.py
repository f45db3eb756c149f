"""The grounding check: ids, dates and amounts must come from the facts."""

from __future__ import annotations

from assistant.support.grounding import (
    GroundingCheck,
    GroundingFacts,
    amounts_in,
    dates_in,
    human_date,
    order_ids_in,
)

ORDER = {
    "order_id": "A1093",
    "placed_at": "2026-10-02T10:00:00Z",
    "estimated_delivery": "2026-10-09",
    "total": 50.98,
    "items": [{"product_id": "P1", "title": "Mug", "qty": 2, "unit_price": 12.5}],
}
POLICY = "For any other reason a label fee of $5.99 is deducted. Call 1-800-555-0142."


def test_extractors():
    text = "Order #58213 and A1093, placed on October 2, 2026 (2026-10-09), cost $1,204.50 and $5"
    assert order_ids_in(text) == {"58213", "A1093"}
    assert dates_in(text) == {"2026-10-02", "2026-10-09"}
    assert amounts_in(text) == {1204.5, 5.0}
    assert human_date("2026-11-03T14:00:00Z") == "November 3, 2026"
    assert order_ids_in("call 1-800-555-0142 or OH 43215") == {"43215"}


def test_supported_facts_pass():
    facts = GroundingFacts.collect([ORDER], [POLICY])
    text = (
        "Your order A1093, placed on October 2, 2026, was due on October 9, 2026. "
        "The two mugs cost $25.00 ($12.50 each, $50.98 with shipping); the fee is $5.99."
    )
    assert GroundingCheck().run(text, facts).ok


def test_invented_facts_fail_and_are_named():
    facts = GroundingFacts.collect([ORDER], [POLICY])
    report = GroundingCheck().run(
        "Order 58213 arrives on November 9, 2026 and we refund $12.00.", facts
    )
    assert not report.ok
    assert report.unsupported == ["order 58213", "date 2026-11-09", "amount $12.00"]


def test_mentioned_order_id_may_be_echoed():
    facts = GroundingFacts.collect(order_ids=["Z9999"])
    assert GroundingCheck().run("I could not find order Z9999.", facts).ok
    assert not GroundingCheck().run("I could not find order Z9998.", facts).ok

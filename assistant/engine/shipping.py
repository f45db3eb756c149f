"""Shipping-cost questions about shown products, answered from the shipping policy."""

from __future__ import annotations

import re
from typing import Any

from assistant.engine.answers import Answer
from assistant.engine.cards import is_price
from assistant.engine.runtime import Runtime
from assistant.generation.types import money

# what the shipping policy is asked for, whatever the shopper's words ("does it ship free?")
SHIPPING_COSTS_QUERY = "standard shipping cost, free on orders of"
_SHIPPING_QUESTION = re.compile(
    r"\b(?:ship(?:s|ping)?|deliver(?:y|ed)?|postage)\b.*\b(?:free|cost|costs|fee|charge|how much)\b"
    r"|\b(?:free|cost of|how much is) (?:shipping|delivery|postage)\b",
    re.IGNORECASE,
)


def shipping_answer(rt: Runtime, message: str, products: list[dict[str, Any]]) -> list[Answer]:
    """ "does the first one ship free?": the shipping policy's own words and the product's
    price (the shopper's order total decides, which the assistant does not know)."""
    if rt.support is None or not _SHIPPING_QUESTION.search(message):
        return []
    from assistant.support.drafting import citation_sentence

    hits = rt.support.policies.run(SHIPPING_COSTS_QUERY, "policy_question", 1)
    if not hits or hits[0].passage.page != "shipping":
        return []  # a store whose policy pages say nothing on shipping costs
    prices = "; ".join(
        f"the {p.get('title')} costs {money(float(p['price']))}"
        for p in products
        if is_price(p.get("price"))
    )
    text = citation_sentence(hits[0]) + (f" For reference, {prices}." if prices else "")
    return [Answer("info", text, "shipping", hits[0].best_sentence)]

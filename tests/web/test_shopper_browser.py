"""The shopper tab in headless Chromium: a conversation with a refinement and a product
question, feedback that changes the ranking, a removed constraint chip, two sessions."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_conversation_with_refinement_and_product_question(shop) -> None:
    shop.send("running shoes under $120")
    first = shop.card_ids()
    assert len(first) >= 3
    texts = shop.card_text()
    assert all("$" in t and "Why" not in t for t in texts)
    assert any(c.startswith("under $120") for c in shop.chips())
    shop.shot("01-search")

    shop.send("only in blue")
    chips = shop.chips()
    assert any("blue" in c for c in chips), chips
    assert any(c.startswith("under $120") for c in chips), chips
    assert all("blue" in t.lower() for t in shop.card_text())
    shop.shot("02-refined-blue")

    shop.send("is the second one machine washable?")
    reply = shop.last_reply()
    assert reply and "sorry, something went wrong" not in reply.lower()
    shop.shot("03-product-question")
    # thumbs up on the reply: Gradio's like button exists and is clickable
    like = shop.page.locator('#shopper-chat button[aria-label="Like"]').last
    like.click()

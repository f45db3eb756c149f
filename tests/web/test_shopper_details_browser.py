"""Details of the shopper tab in headless Chromium: focus after a mouse click on Send, the
"Looking for" line, card reasons and prices, pressed Like / Dislike, the chat's label."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.browser


def focus_in_message_box(page) -> bool:
    return bool(page.evaluate("() => !!document.activeElement?.closest('#message')"))


def test_send_clicked_with_the_mouse_gives_focus_back_to_the_message_box(shop) -> None:
    page = shop.page
    page.get_by_label("Message", exact=True).fill("running shoes")
    page.get_by_role("button", name="Send", exact=True).click()
    shop.wait_turn()
    assert focus_in_message_box(page)
    page.keyboard.type("only in blue")  # no click in the box first
    page.keyboard.press("Enter")
    shop.wait_turn()
    assert any("blue" in c for c in shop.chips())
    assert [
        t.strip() for t in page.locator('#shopper-chat [data-testid="user"]').all_inner_texts()
    ] == [
        "running shoes",
        "only in blue",
    ]


def looking_for(shop) -> str:
    return shop.page.locator("#chips .chips-query").inner_text().strip()


def test_looking_for_shows_the_search_the_engine_ran_on_one_line(shop) -> None:
    shop.send("actually I need a tent for 2 people")
    assert looking_for(shop) == "Looking for: tent 2-person"
    shop.send("waterprof jakcet for hikking")
    assert looking_for(shop) == "Looking for: waterproof jacket hiking"
    words = "lightweight waterproof backpacking dome with a rainfly, aluminium poles, two doors,"
    shop.send("tent " + words + " and room for gear " + "please " * 200)  # ~1,500 characters
    line = shop.page.locator("#chips .chips-query")
    text = line.inner_text().strip()
    assert text.startswith("Looking for: tent lightweight waterproof") and text.endswith("…")
    assert len(text) < 100
    height = line.bounding_box()["height"]
    line_height = float(line.evaluate("e => parseFloat(getComputedStyle(e).lineHeight) || 20"))
    assert height < 1.6 * line_height, (height, line_height)
    shop.shot("17-looking-for")


def test_card_reasons_show_emphasis_and_prices_read_like_the_reply(shop) -> None:
    shop.send("yoga mat")
    reasons = shop.page.locator("#cards .why li")
    assert reasons.count() >= 1
    assert not any("*" in t for t in reasons.all_inner_texts())
    assert shop.page.locator("#cards .why li em").count() >= 1  # "matches *yoga*" emphasised
    assert "*" not in shop.last_reply()
    named = re.search(r"recommend the (.+?) \((\$[\d,.]+)\)", shop.last_reply())
    assert named, shop.last_reply()
    first = shop.page.locator("#cards .product-card").first
    # the reply may add what tells same-named products apart ("... in grey")
    assert named.group(1).startswith(first.locator(".card-title").inner_text().strip())
    assert first.locator(".price").inner_text().strip() == named.group(2)


def test_liked_and_disliked_cards_show_their_button_pressed(shop) -> None:
    shop.send("coffee grinder")
    cards = shop.page.locator("#cards .product-card")
    shop.card_action(1, "like")
    like = cards.nth(0).locator('button[data-action="like"]')
    assert like.get_attribute("aria-pressed") == "true" and like.inner_text() == "Liked"
    shop.card_action(2, "dislike")
    dislike = cards.nth(1).locator('button[data-action="dislike"]')
    assert dislike.get_attribute("aria-pressed") == "true" and dislike.inner_text() == "Disliked"
    assert cards.nth(0).locator('button[data-action="like"]').get_attribute("aria-pressed") == (
        "true"
    )
    assert shop.page.locator('#cards button[aria-pressed="true"]').count() == 2
    shop.shot("18-pressed-like")


def test_the_chat_label_does_not_cover_the_messages(shop) -> None:
    for text in ("hiking boots", "only waterproof", "cheaper"):
        shop.send(text)
    chat = shop.page.locator("#shopper-chat")
    scroller = chat.locator(".bubble-wrap")
    scroller.evaluate("e => { e.scrollTop = e.scrollHeight / 2; }")
    label = chat.locator('[data-testid="block-label"]').bounding_box()
    messages = scroller.bounding_box()
    assert label and messages
    assert messages["y"] >= label["y"] + label["height"] - 1, (label, messages)

"""The shopper tab in headless Chromium: a conversation with a refinement and a product
question, feedback that changes the ranking, a removed constraint chip, two sessions."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser


def test_conversation_with_refinement_and_product_question(shop, demo_app) -> None:
    shop.send("running shoes under $120")
    first = shop.card_ids()
    assert len(first) >= 3
    texts = shop.card_text()
    assert all("$" in t and "Why" not in t for t in texts)
    assert any(c.startswith("up to $120") for c in shop.chips())
    shop.shot("01-search")

    shop.send("only in blue")
    chips = shop.chips()
    assert any("blue" in c for c in chips), chips
    assert any(c.startswith("up to $120") for c in chips), chips
    assert all("blue" in t.lower() for t in shop.card_text())
    shop.shot("02-refined-blue")

    shop.send("is the second one machine washable?")
    reply = shop.last_reply()
    assert reply and "sorry, something went wrong" not in reply.lower()
    shop.shot("03-product-question")
    # thumbs up on the reply: Gradio's like button exists and is clickable
    like = shop.page.locator('#shopper-chat button[aria-label="Like"]').last
    like.click()
    for _ in range(100):
        rated = [r for r in demo_app.services.reply_ratings() if r["liked"]]
        if rated:
            break
        shop.page.wait_for_timeout(100)
    assert rated and rated[-1]["message_index"] == 5  # the third reply
    assert rated[-1]["products"]  # the product the answer was about


def liked_events(store, product_id: str) -> list:
    return [
        e
        for e in store.iter_events()
        if e.product_id == product_id and e.event == "like" and e.user_id.startswith("visitor-")
    ]


def test_like_is_recorded_and_changes_the_next_ranking(shop, demo_app) -> None:
    shop.send("wireless headphones")
    before = shop.card_ids()
    assert len(before) >= 4
    liked = before[3]
    shop.card_action(4, "like")
    assert "you like" in shop.last_reply().lower()
    assert liked_events(demo_app.services.store, liked), "the like was not stored as an event"
    shop.send("wireless headphones")
    after = shop.card_ids()
    shop.shot("04-after-like")
    assert after != before, "liking a product left the next ranking unchanged"
    if liked in after:
        assert after.index(liked) <= before.index(liked)


def test_dislike_and_more_like_this(shop, demo_app) -> None:
    shop.send("coffee grinder")
    before = shop.card_ids()
    shop.card_action(1, "dislike")
    assert "don't like" in shop.last_reply().lower()
    events = [(e.event, e.product_id) for e in demo_app.services.store.iter_events()]
    assert ("dislike", before[0]) in events
    chosen = before[1]
    shop.card_action(2, "more")
    shop.shot("13-more-like-this")
    after = shop.card_ids()
    assert len(after) >= 3  # a list of neighbours, not an answer about one product
    assert chosen not in after  # its neighbours, not the product again
    assert shop.last_reply().startswith("Like the ")
    assert after[0] != before[0]  # the disliked grinder does not lead
    assert ("click", chosen) in [
        (e.event, e.product_id) for e in demo_app.services.store.iter_events()
    ]


def test_constraint_chip_removed_by_click(shop) -> None:
    shop.send("backpack under $60")
    chips = shop.chips()
    price = next(c for c in chips if c.startswith("up to $60"))
    prices_before = [t for t in shop.card_text()]
    assert prices_before
    shop.page.locator("#chips .chip", has_text=price).click()
    shop.wait_turn()
    shop.shot("05-chip-removed")
    assert not any(c.startswith("up to $60") for c in shop.chips())
    assert (
        "Remove filter" in shop.page.locator('#shopper-chat [data-testid="user"]').last.inner_text()
    )


def test_one_colour_chip_and_a_without_chip_come_off_alone(shop) -> None:
    shop.send("hiking boots not leather in brown or black")
    assert {"colour: brown", "colour: black", "without: leather"} <= set(shop.chips())
    shop.page.locator("#chips .chip", has_text="colour: brown").click()
    shop.wait_turn()
    chips = shop.chips()
    assert "colour: brown" not in chips
    assert {"colour: black", "without: leather"} <= set(chips)
    shop.page.locator("#chips .chip", has_text="without: leather").click()
    shop.wait_turn()
    shop.shot("05b-without-chip-removed")
    chips = shop.chips()
    assert "without: leather" not in chips and "colour: black" in chips
    assert not any("terms" in c for c in chips)  # not read as a search for "terms filter"


def test_two_sessions_stay_separate(browser, app_url, shop_page) -> None:
    one = shop_page(browser.new_context().new_page(), app_url)
    two = shop_page(browser.new_context().new_page(), app_url)
    for session, text in ((one, "yoga mat under $40"), (two, "espresso machine")):
        box = session.page.get_by_label("Message", exact=True)
        box.fill(text)
        box.press("Enter")  # both turns in flight at once
    one.wait_turn()
    two.wait_turn()
    one.send("only in purple")
    two.send("is the first one in stock?")
    one.shot("06-session-one")
    two.shot("07-session-two")
    chips_one, chips_two = one.chips(), two.chips()
    assert any("purple" in c for c in chips_one)
    assert not any("purple" in c or "$40" in c for c in chips_two), chips_two
    assert len(two.page.locator('#shopper-chat [data-testid="user"]').all()) == 2
    assert "yoga" not in " ".join(two.page.locator("#shopper-chat").all_inner_texts()).lower()


def test_shopper_selector_personalises_the_list(shop, demo_app) -> None:
    shop.send("headphones")
    visitor = shop.card_ids()
    shopper = demo_app.services.shoppers[0]
    shop.choose_shopper(shopper.label, shopper.display_name)
    assert shop.bot_messages() == []  # a new conversation
    shop.send("headphones")
    shop.shot("08-personalised")
    assert shop.card_ids() != visitor


def test_compare_shows_a_side_by_side_table(shop) -> None:
    shop.send("wireless headphones")
    first_two = shop.card_ids()[:2]
    shop.send("compare the first two")
    table = shop.page.locator("#cards table.comparison")
    table.wait_for()
    shop.shot("14-compare")
    assert shop.card_ids() == first_two
    price_row = table.locator("tr", has_text="Price")
    assert price_row.locator("td").count() == 2

"""The profile panel in the shopper tab: a demo shopper sees what the assistant learned, a
stated size shows up and can be corrected, and a removed item is gone from the panel and from
the next turn's ranking."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.browser

SIZE_KEY = "size:shoes"


def panel_keys(shop) -> list[str]:
    return list(
        shop.page.locator("#profile .profile-panel li").evaluate_all(
            "els => els.map(e => e.dataset.key)"
        )
    )


def applied_keys(shop) -> list[str]:
    return list(
        shop.page.locator("#profile .soft-filter").evaluate_all(
            "els => els.map(e => e.dataset.key)"
        )
    )


def test_profile_panel_shows_and_removes_items(shop, demo_app) -> None:
    shopper = next(s for s in demo_app.services.shoppers if s.has_orders)
    shop.choose_shopper(shopper.label, shopper.display_name)
    shop.page.locator("#profile .profile-panel li").first.wait_for()
    learned = panel_keys(shop)
    assert learned and SIZE_KEY not in learned  # inferred from the shopper's orders

    shop.send("I'm a size 10")
    row = shop.page.locator(f'#profile li[data-key="{SIZE_KEY}"]')
    assert "10" in row.inner_text() and "you told us" in row.inner_text()

    # correct it: the app asks for the new value in a prompt
    shop.page.once("dialog", lambda dialog: dialog.accept("11"))
    row.locator('button[data-action="correct"]').click()
    shop.page.locator(f'#profile li[data-key="{SIZE_KEY}"]', has_text="size 11").wait_for()
    shop.send("running shoes")
    assert SIZE_KEY in applied_keys(shop)  # the corrected size is a soft filter now
    assert any("usual size 11" in t for t in shop.card_text())
    assert not any("size 10" in t for t in shop.card_text())
    shop.shot("15-profile-panel")

    row.locator('button[data-action="forget"]').click()
    row.wait_for(state="detached")
    assert SIZE_KEY not in applied_keys(shop)
    view = demo_app.services.profile_service.view(shopper.user_id)
    assert SIZE_KEY not in {i["key"] for i in view["items"]}

    shop.send("running shoes")
    assert SIZE_KEY not in panel_keys(shop)  # stays gone after the next turn
    assert SIZE_KEY not in applied_keys(shop)
    assert not any("usual size" in t for t in shop.card_text())  # the ranking dropped it
    assert panel_keys(shop)  # the other items are still there

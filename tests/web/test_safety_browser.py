"""Safety in the browser: catalog and user markup shows as text and runs nothing; a failing
turn becomes a friendly chat message and the app keeps serving."""

from __future__ import annotations

import logging

import pytest

from assistant.web.shopper_tab import FRIENDLY_ERROR

pytestmark = pytest.mark.browser

XSS_TITLE = '<img src=x onerror="window.__xss=1">Quokka Lamp'
XSS_BRAND = "<script>window.__xss=2</script>Brandy"
USER_MARKUP = '<b>bold</b><img src=x onerror="window.__xss=3"> quokka lamp'
USER_MARKDOWN = "[click here](http://evil.example/x) **quokka** lamp www.evil.example"


def test_markup_in_catalog_and_messages_is_shown_as_text(page, tiny_app, shop_page) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    shop = shop_page(page, tiny_app.url)
    shop.send("quokka lamp")
    card = page.locator('#cards .product-card[data-product="X1"]')
    card.wait_for()
    text = card.inner_text()
    assert XSS_TITLE in text
    assert XSS_BRAND in text
    assert card.locator("img").count() == 0  # a javascript: image URL is never loaded
    assert page.locator('img[src="x"]').count() == 0
    shop.send(USER_MARKUP)
    user_bubble = page.locator('#shopper-chat [data-testid="user"]').last
    assert "<b>bold</b>" in user_bubble.inner_text()
    shop.send(USER_MARKDOWN)
    user_bubble = page.locator('#shopper-chat [data-testid="user"]').last
    assert user_bubble.inner_text().strip() == USER_MARKDOWN
    assert page.locator("#shopper-chat a").count() == 0  # no link from anyone's text
    assert "quokka" in shop.last_reply().lower() or shop.card_ids()
    shop.shot("11-escaping")
    assert page.evaluate("window.__xss") is None
    assert dialogs == []
    assert "Quokka Lamp" in " ".join(shop.bot_messages())  # the reply names it, as text


def test_failing_turn_shows_friendly_message_and_app_keeps_running(
    page, tiny_app, shop_page, monkeypatch, caplog
) -> None:
    def broken(*args, **kwargs):
        raise RuntimeError("index shard unreadable")
        yield  # pragma: no cover  (a generator, like the engine's)

    shop = shop_page(page, tiny_app.url)
    with caplog.at_level(logging.ERROR, logger="assistant.web.shopper_tab"):
        monkeypatch.setattr(tiny_app.services.engine, "stream", broken)
        shop.send("a plain mug")
    assert shop.last_reply() == FRIENDLY_ERROR
    assert "index shard unreadable" in caplog.text  # logged with its traceback
    monkeypatch.undo()
    shop.send("a plain mug")
    shop.shot("12-after-error")
    assert shop.last_reply() != FRIENDLY_ERROR
    assert shop.card_ids()

"""With an LLM wording the reply, a turn's cards and chips show before its reply has finished
streaming: the app over the demo index talks to a local fake OpenAI-compatible server whose
stream is held open until the test lets it finish."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.fake_openai import HOLD_S, FakeOpenAI
from tests.web.conftest import ServedApp, web_settings

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def held_llm() -> Iterator[FakeOpenAI]:
    with FakeOpenAI() as fake:
        fake.reply = "Many shoppers find it comfortable."
        yield fake


@pytest.fixture(scope="module")
def llm_app(demo_index_dir, demo_dir, held_llm, tmp_path_factory) -> Iterator[ServedApp]:
    """The demo shop with its replies worded by the (held) fake LLM."""
    from assistant.web.services import AppServices

    settings = web_settings(tmp_path_factory.mktemp("llm-web-data"))
    settings.generation.backend = "openai"
    settings.generation.openai_url = held_llm.url
    settings.generation.timeout_s = HOLD_S + 30  # the hold ends the stream, not a timeout
    app = ServedApp(AppServices.create(demo_index_dir, settings, demo_dir))
    yield app
    app.close()


def test_cards_and_chips_show_before_the_streamed_reply_ends(
    page, llm_app, held_llm, shop_page
) -> None:
    shop = shop_page(page, llm_app.url)
    held_llm.release.set()
    shop.send("backpack")
    assert any("backpack" in t.lower() for t in shop.card_text())

    held_llm.release.clear()
    held_llm.started.clear()
    try:
        box = page.get_by_label("Message", exact=True)
        box.fill("yoga mat")
        box.press("Enter")
        assert held_llm.started.wait(30), "the reply was never sent to the LLM"
        # the reply is still streaming (the LLM is held): the cards and chips are the new ones
        page.locator("#cards .product-card .card-title", has_text="Yoga").first.wait_for(
            timeout=20_000
        )
        assert not held_llm.release.is_set()
        assert page.locator('#cards [data-turn="1"]').count() == 1  # the turn has not ended
        assert all("yoga" in t.lower() for t in shop.card_text())
        assert "yoga mat" in page.locator("#chips .chips-query").inner_text().lower()
        page.locator('#shopper-chat [data-testid="bot"]', has_text="Yoga Mat").wait_for()
        shop.shot("16-cards-before-reply-ends")
    finally:
        held_llm.release.set()
    shop.wait_turn()
    assert "Yoga Mat" in shop.last_reply()
    assert all("yoga" in t.lower() for t in shop.card_text())

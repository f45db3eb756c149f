"""With an LLM wording the reply, a turn's cards and chips show before its reply has finished
streaming: the app over the demo index talks to a local fake OpenAI-compatible server whose
stream is held open until the test lets it finish."""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest

from tests.web.conftest import ServedApp, web_settings

pytestmark = pytest.mark.browser

HOLD_S = 90.0  # the longest the fake server holds a stream (the test releases it sooner)


class HeldOpenAI:
    """Speaks the OpenAI chat-completions streaming protocol; after the role chunk each
    stream waits for ``release`` before sending ``reply`` word by word."""

    def __init__(self, reply: str) -> None:
        self.reply = reply
        self.release = threading.Event()
        self.started = threading.Event()
        owner = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: Any) -> None:
                pass

            def do_POST(self) -> None:
                length = int(self.headers.get("Content-Length", "0"))
                self.rfile.read(length)
                self.send_response(200)
                self.send_header("Content-Type", "text/event-stream")
                self.end_headers()
                first = {"choices": [{"index": 0, "delta": {"role": "assistant"}}]}
                self.wfile.write(f"data: {json.dumps(first)}\n\n".encode())
                self.wfile.flush()
                owner.started.set()
                owner.release.wait(HOLD_S)
                for n, word in enumerate(owner.reply.split(" ")):
                    piece = word if n == 0 else " " + word
                    chunk = {"choices": [{"index": 0, "delta": {"content": piece}}]}
                    self.wfile.write(f"data: {json.dumps(chunk)}\n\n".encode())
                    self.wfile.flush()
                self.wfile.write(b"data: [DONE]\n\n")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture(scope="module")
def held_llm() -> Iterator[HeldOpenAI]:
    fake = HeldOpenAI("Many shoppers find it comfortable.")
    yield fake
    fake.close()


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

"""The same server through ``gradio_client``: the chat, support and insights endpoints."""

from __future__ import annotations

import re

import pytest
from gradio_client import Client

COMPLAINT = "My order arrived damaged and I am really upset. I want my money back."


@pytest.fixture(scope="module")
def client(app_url: str) -> Client:
    return Client(app_url, verbose=False)


def test_only_the_public_endpoints_are_listed(client: Client) -> None:
    named = set(client.view_api(print_info=False, return_format="dict")["named_endpoints"])
    assert {"/chat", "/support", "/insights"} <= named
    assert not any("card" in name or "like" in name for name in named)


def test_chat_endpoint_returns_reply_cards_and_chips(client: Client, demo_app) -> None:
    history, box, cards, chips, _profile = client.predict(
        "running shoes under $100", [], api_name="/chat"
    )
    assert box == ""
    assert history[-1]["role"] == "assistant" and history[-1]["content"]
    ids = re.findall(r'class="product-card" data-product="([^"]+)"', cards)
    assert ids
    index = demo_app.services.engine.index
    assert all(index.product_by_id(pid)["price"] <= 100 for pid in ids)
    assert "up to &#36;100 " in chips  # "$" is escaped: template engines read it


def test_support_endpoint_returns_the_agent_view(client: Client, demo_app) -> None:
    customer = next(s for s in demo_app.services.shoppers if s.has_orders)
    badges, orders, passages, draft, _alternatives, summary = client.predict(
        COMPLAINT, customer.user_id, api_name="/support"
    )
    assert "Intent:" in badges and "Sentiment: negative" in badges
    assert "<table" in orders
    assert "passage" in passages
    assert draft.strip()
    assert customer.user_id in summary


def test_insights_endpoint(client: Client, demo_app) -> None:
    index_html, evals, log_html, intents, _sentiment, _products = client.predict(
        api_name="/insights"
    )
    assert intents  # the chat test above put at least one message in the log
    assert demo_app.services.engine.index.manifest.fingerprint in index_html
    assert "RETRIEVAL" in evals
    assert "shopper messages" in log_html

"""The support-agent and insights tabs in headless Chromium."""

from __future__ import annotations

import json

import pytest

pytestmark = pytest.mark.browser

COMPLAINT = (
    "The headphones I ordered arrived broken and nobody answers my emails. "
    "This is ridiculous, your service is terrible!"
)


def pick(page, label: str, option: str) -> None:
    page.get_by_label(label, exact=True).click()
    page.get_by_role("option", name=option).click()


def test_support_tab_on_a_complaint(page, app_url, demo_app, artifacts) -> None:
    customer = next(s for s in demo_app.services.shoppers if s.has_orders)
    page.set_default_timeout(60_000)
    page.goto(app_url)
    page.get_by_role("tab", name="Support agent").click()
    pick(page, "Customer", f"{customer.label} [{customer.user_id}]")
    page.get_by_label("Customer message").fill(COMPLAINT)
    page.get_by_role("button", name="Analyse").click()
    badges = page.locator("#support-badges .badge.intent")
    badges.wait_for()
    page.locator("#support-summary table.summary").wait_for()
    page.screenshot(path=str(artifacts / "09-support-complaint.png"), full_page=True)
    assert "complaint" in badges.inner_text()
    assert "negative" in page.locator("#support-badges .badge.sentiment").inner_text()
    assert page.locator("#support-badges .badge.escalate").count() == 1
    orders = page.locator("#support-orders table.orders tbody tr")
    assert orders.count() >= 1
    assert page.locator("#support-passages blockquote.passage").count() >= 1
    draft = page.get_by_label("Draft reply")
    assert len(draft.input_value()) > 40
    draft.fill("Edited by the agent.")  # the draft is editable
    assert draft.input_value() == "Edited by the agent."
    assert page.locator("#support-alternatives .product-card").count() >= 1
    assert customer.user_id in page.locator("#support-summary").inner_text()


def test_insights_tab_renders_index_evaluations_and_charts(
    page, app_url, demo_app, artifacts
) -> None:
    services = demo_app.services
    for i, text in enumerate(
        ["hiking boots", "is the first one waterproof?", "where is my order?", "thanks!"]
    ):
        services.engine.respond(text, f"insights-{i // 2}", "u001")
    evals = services.data_dir / "eval"
    evals.mkdir(parents=True, exist_ok=True)
    (evals / "retrieval.json").write_text(
        json.dumps(
            {
                "kind": "retrieval",
                "measured_at": "2026-11-26T12:00:00Z",
                "dataset": "homedepot dev",
                "metrics": {"ndcg@10": 0.8412, "recall@10": 0.5523},
                "baselines": {"bm25": {"ndcg@10": 0.74}},
            }
        )
    )
    page.set_default_timeout(60_000)
    page.goto(app_url)
    page.get_by_role("tab", name="Insights").click()
    for chart in ("#chart-intents", "#chart-sentiment", "#chart-products"):
        page.locator(f"{chart} .vega-embed").wait_for()
        page.locator(f"{chart} .vega-embed canvas, {chart} .vega-embed svg").first.wait_for()
    page.wait_for_timeout(500)  # let Vega finish drawing for the screenshot
    page.screenshot(path=str(artifacts / "10-insights.png"), full_page=True)
    fingerprint = services.engine.index.manifest.fingerprint
    assert fingerprint in page.locator("#index-info").inner_text()
    figures = page.locator("#eval-figures").inner_text()
    assert "0.8412" in figures and "bm25 ndcg@10" in figures
    assert figures.count("not measured yet") == 2  # NLU and CF have no file
    before = page.locator("#log-info").inner_text()
    services.engine.respond("a red backpack", "insights-9", "u001")
    page.get_by_role("button", name="Refresh").click()
    page.wait_for_function("b => document.querySelector('#log-info').innerText !== b", arg=before)


def test_new_case_button_clears_the_console(page, app_url, demo_app) -> None:
    customer = next(s for s in demo_app.services.shoppers if s.has_orders)
    page.set_default_timeout(60_000)
    page.goto(app_url)
    page.get_by_role("tab", name="Support agent").click()
    pick(page, "Customer", f"{customer.label} [{customer.user_id}]")
    page.get_by_label("Customer message").fill("Where is my order?")
    page.get_by_role("button", name="Analyse").click()
    page.locator("#support-summary table.summary").wait_for()
    placed = page.locator("#support-orders table.orders tbody tr td").nth(2).inner_text()
    assert "T" not in placed and "," in placed  # "October 20, 2026", not an ISO timestamp
    assert page.get_by_label("Draft reply").input_value()
    page.get_by_role("button", name="New case").click()
    page.get_by_text("New case: earlier messages are not carried over.").wait_for()
    assert page.get_by_label("Draft reply").input_value() == ""
    assert page.get_by_label("Customer message").input_value() == ""
    assert page.locator("#support-summary table.summary").count() == 0

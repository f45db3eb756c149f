"""The insights tab's intent chart in headless Chromium: every intent named in words, the
names never running into each other."""

from __future__ import annotations

import pytest

from assistant.nlu.dataset import INTENTS
from assistant.web import insights

pytestmark = pytest.mark.browser

MESSAGES = [
    "hello there",
    "bye for now",
    "hiking boots",
    "cheaper",
    "is the first one waterproof?",
    "compare the first two",
    "where is my order A1001?",
    "I want to return my shoes and get a refund",
    "this is ridiculous, the zip broke after a day",
    "what is your returns policy?",
    "let me talk to a human",
    "what is the capital of France",
]


def test_every_intent_has_a_readable_label() -> None:
    for intent in INTENTS:
        label = insights.intent_label(intent)
        assert "_" not in label and label[0].isupper(), (intent, label)
    assert insights.intent_label("human_agent") == "Asked for a person"
    assert insights.intent_label("new_thing") == "New thing"


# each axis label's text and its four corners on the screen (rotation included)
LABEL_CORNERS = """els => els.map(e => {
  const b = e.getBBox(), m = e.getScreenCTM();
  const at = (x, y) => { const p = new DOMPoint(x, y).matrixTransform(m); return [p.x, p.y]; };
  return [e.textContent.trim(), [at(b.x, b.y), at(b.x + b.width, b.y),
          at(b.x + b.width, b.y + b.height), at(b.x, b.y + b.height)]];
})"""


def overlap(a: list[list[float]], b: list[list[float]]) -> bool:
    """Two convex quadrilaterals overlap (by more than half a pixel): no separating axis."""
    for quad in (a, b):
        for i in range(4):
            (x1, y1), (x2, y2) = quad[i], quad[(i + 1) % 4]
            nx, ny = y1 - y2, x2 - x1
            length = (nx * nx + ny * ny) ** 0.5 or 1.0
            pa = [(x * nx + y * ny) / length for x, y in a]
            pb = [(x * nx + y * ny) / length for x, y in b]
            if max(pa) <= min(pb) + 0.5 or max(pb) <= min(pa) + 0.5:
                return False
    return True


def test_intent_chart_labels_are_words_that_do_not_overlap(
    page, app_url, demo_app, artifacts
) -> None:
    for text in MESSAGES:
        demo_app.services.engine.respond(text, "insights-labels", "u001")
    page.set_default_timeout(60_000)
    page.goto(app_url)
    page.get_by_role("tab", name="Insights").click()
    labels = page.locator("#chart-intents .role-axis-label text")
    labels.first.wait_for()
    page.wait_for_timeout(500)  # let Vega finish drawing for the screenshot
    page.locator("#chart-intents").screenshot(path=str(artifacts / "19-intent-mix.png"))
    found = labels.evaluate_all(LABEL_CORNERS)
    names = {text: corners for text, corners in found if not text.replace(".", "").isdigit()}
    assert "Order status" in names and "Asked for a person" in names, list(names)
    assert not any("_" in n for n in names), list(names)
    assert len(names) >= 8
    quads = list(names.items())
    clashes = [
        (quads[i][0], quads[j][0])
        for i in range(len(quads))
        for j in range(i)
        if overlap(quads[i][1], quads[j][1])
    ]
    assert not clashes, clashes

"""The help-centre pages exist, are structured, and state the numbers the orders use."""

from __future__ import annotations

import re

import pytest

from assistant.demo.orders_generator import (
    EXPRESS_SHIPPING,
    FREE_SHIPPING_FROM,
    RETURN_LABEL_FEE,
    RETURN_WINDOW_DAYS,
    STANDARD_SHIPPING,
)

PAGES = (
    "shipping",
    "returns",
    "refunds",
    "exchanges",
    "warranty",
    "payment-methods",
    "price-match",
    "contact",
)


@pytest.fixture(scope="module")
def policies(repo_root):
    folder = repo_root / "assistant" / "support" / "policies"
    return {name: (folder / f"{name}.md").read_text(encoding="utf-8") for name in PAGES}


@pytest.mark.parametrize("name", PAGES)
def test_page_has_a_title_and_sections(policies, name):
    text = policies[name]
    lines = text.splitlines()
    assert lines[0].startswith("# ") and len(lines[0]) > 3
    assert sum(line.startswith("# ") for line in lines) == 1
    assert len([line for line in lines if line.startswith("## ")]) >= 3
    assert re.search(r"\d", text)  # concrete numbers, not vague promises


def test_policy_numbers_match_the_orders(policies):
    shipping, returns, refunds = policies["shipping"], policies["returns"], policies["refunds"]
    assert f"${STANDARD_SHIPPING:.2f}" in shipping
    assert f"${EXPRESS_SHIPPING:.2f}" in shipping
    assert f"${FREE_SHIPPING_FROM:.0f}" in shipping
    assert "3-5 business days" in shipping and "1-2 business days" in shipping
    assert f"{RETURN_WINDOW_DAYS} days of delivery" in returns
    assert f"${RETURN_LABEL_FEE:.2f}" in returns and f"${RETURN_LABEL_FEE:.2f}" in refunds
    for carrier in ("UPS", "USPS", "FedEx", "DHL"):
        assert carrier in shipping
    for method in ("card", "PayPal", "Apple Pay", "gift card"):
        assert method in refunds

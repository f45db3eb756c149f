from __future__ import annotations

from pathlib import Path

import pytest

from assistant.eval.profile import evaluate_profile, format_report, product_type
from assistant.settings import Settings


@pytest.mark.parametrize(
    ("description", "expected"),
    [
        ("WHITE HANGING HEART T-LIGHT HOLDER", "Holder"),
        ("JUMBO BAG RED RETROSPOT", "Bag"),
        ("ASSORTED COLOUR BIRD ORNAMENT", "Ornament"),
        ("SET/6 RED SPOTTY PAPER CUPS", "Cup"),
        ("PINK", "Other"),
    ],
)
def test_product_type(description: str, expected: str) -> None:
    assert product_type(description) == expected


@pytest.mark.shared_data
@pytest.mark.slow
def test_eval_profile_runs_both_rankers_in_one_run(shared_data: Path) -> None:
    path = shared_data / "online_retail" / "online_retail_2010_2011.parquet"
    result = evaluate_profile(path, Settings(), max_customers=150, candidates=50)
    rankers = result["rankers"]
    assert set(rankers) == {"cf order", "plain re-ranker", "profile", "profile + replenish"}
    for protocol in ("all", "new"):
        users = {r[protocol]["users"] for r in rankers.values()}
        assert len(users) == 1 and users.pop() > 20
        for r in rankers.values():
            assert 0 <= r[protocol]["recall"] <= 1 and 0 <= r[protocol]["ndcg"] <= 1
    assert rankers["cf order"]["all"]["recall"] > 0.05
    assert result["customers_with_profile_items"] > 0.5 * result["customers"]
    assert result["scenario"]["accuracy"] >= 0.85
    assert "scenario held-out accuracy" in format_report(result)

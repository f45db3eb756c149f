from __future__ import annotations

import pandas as pd
import pytest

from assistant.eval.cf import evaluate_cf, format_table, holdout_last_invoice, score_model
from assistant.recommend.interactions import InteractionMatrix
from assistant.recommend.popularity import PopularityRecommender
from assistant.settings import CFSettings


def _frame(rows: list[tuple[str, str, float, str]]) -> pd.DataFrame:
    return pd.DataFrame(
        [(u, p, "purchase", 1.0, t, inv) for u, p, t, inv in rows],
        columns=["user_id", "product_id", "event", "value", "timestamp", "invoice"],
    )


def test_holdout_takes_each_customers_last_invoice() -> None:
    frame = _frame(
        [
            ("a", "X", 1, "1"),
            ("a", "Y", 1, "1"),
            ("a", "Z", 5, "2"),
            ("a", "X", 5, "2"),
            ("b", "X", 2, "3"),  # one invoice: trains only
            ("c", "Y", 9, "5"),
            ("c", "W", 3, "4"),
        ]
    )
    cut = holdout_last_invoice(frame)
    assert cut.targets == {"a": {"Z", "X"}, "c": {"Y"}}
    assert set(cut.train["invoice"]) == {"1", "3", "4"}


def test_protocols_score_by_hand() -> None:
    # popularity order: X (3 users), Y (2), W (1)
    train = _frame(
        [
            ("a", "X", 1, "1"),
            ("b", "X", 1, "2"),
            ("c", "X", 1, "3"),
            ("a", "Y", 1, "1"),
            ("b", "Y", 1, "2"),
            ("c", "W", 1, "3"),
        ]
    )
    model = PopularityRecommender().fit(InteractionMatrix.from_frame(train, {"purchase": 1.0}))
    scores = score_model(model, {"a": {"X"}, "c": {"Y", "Q"}}, k=1)
    # all: a gets X (hit), c gets X (miss) -> recall (1 + 0) / 2
    assert scores["all"].recall == pytest.approx(0.5) and scores["all"].users == 2
    # new: a's X is history -> skipped; c's history {X, W} removed, list = [Y] -> hit, /min(2, 1)
    assert scores["new"].users == 1 and scores["new"].recall == pytest.approx(1.0)


@pytest.mark.shared_data
def test_eval_cf_on_a_subsample_of_online_retail(shared_data) -> None:
    path = shared_data / "online_retail" / "online_retail_2010_2011.parquet"
    settings = CFSettings(factors=32, ease_max_items=0)  # small and fast: ALS + repeat + trend
    results = evaluate_cf(path, settings, max_customers=600)
    by_name = {r.name.split(" ")[0]: r for r in results}
    assert list(by_name) == ["popularity", "item_knn", "als", "blend"]
    pop, blend = by_name["popularity"].scores, by_name["blend"].scores
    assert 100 < pop["all"].users <= 600 and pop["new"].users <= pop["all"].users
    for protocol in ("all", "new"):
        assert 0 <= pop[protocol].recall < blend[protocol].recall <= 1
    assert by_name["item_knn"].scores["all"].recall > pop["all"].recall
    assert "blend (shipped)" in format_table(results)

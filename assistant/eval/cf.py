"""``assistant eval cf``: next-basket evaluation on the UCI Online Retail purchases.

Protocol (issue 4, part 7): customers with a known id (CustomerID != 0); customers with at
least 2 invoices have their last invoice (by InvoiceDate, then InvoiceNo) held out as the
target, everything else trains. Each purchase line is one ``purchase`` event, so the matrix
cell is log(1 + lines). Metrics over the distinct held-out items: Recall@10 divided by
min(|target|, 10), and binary NDCG@10, in two protocols: ``all`` (every item may be
recommended and counts) and ``new`` (the customer's training history is removed from both
the list and the target; customers with nothing new are skipped).

``split="validation"`` applies the same hold-out again to the training part (each
customer's second-to-last invoice) so knobs can be tuned without touching the test target.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from assistant.errors import AssistantError
from assistant.eval.ranking_metrics import ndcg_at_k, recall_at_k
from assistant.recommend.base import Recommender
from assistant.recommend.interactions import InteractionMatrix
from assistant.recommend.persistence import build_recommender
from assistant.settings import CFSettings

PROTOCOLS = ("all", "new")
# the anchor configuration, shown beside the shipped model
ANCHOR_ALS = {"factors": 64, "iterations": 15, "regularization": 0.05, "alpha": 1.0}


@dataclass
class ProtocolScore:
    recall: float
    ndcg: float
    users: int


@dataclass
class ModelScore:
    name: str
    train_seconds: float
    scores: dict[str, ProtocolScore] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "train_seconds": round(self.train_seconds, 3),
            **{p: asdict(s) for p, s in self.scores.items()},
        }


@dataclass
class CFSplit:
    train: pd.DataFrame  # interactions columns
    targets: dict[str, set[str]]  # user -> distinct held-out product ids


def load_online_retail(path: str | Path, max_customers: int | None = None) -> pd.DataFrame:
    """Purchase lines of known customers as interactions (plus an ``invoice`` column)."""
    file = Path(path)
    if not file.is_file():
        raise AssistantError(f"Online Retail file not found: {file}")
    try:
        raw = pd.read_parquet(file, columns=["InvoiceNo", "StockCode", "InvoiceDate", "CustomerID"])
    except Exception as exc:  # pyarrow raises several unrelated types
        raise AssistantError(f"cannot read {file}: {exc}") from None
    raw = raw[raw["CustomerID"].fillna(0) != 0]
    frame = pd.DataFrame(
        {
            "user_id": raw["CustomerID"].astype("int64").astype(str),
            "product_id": raw["StockCode"].astype(str),
            "event": "purchase",
            "value": 1.0,
            "timestamp": pd.to_datetime(raw["InvoiceDate"]).astype("datetime64[s]").astype("int64"),
            "invoice": raw["InvoiceNo"].astype(str),
        }
    )
    if max_customers is not None:
        users = sorted(frame["user_id"].unique(), key=_stable_hash)[:max_customers]
        frame = frame[frame["user_id"].isin(set(users))]
    return frame.reset_index(drop=True)


def _stable_hash(text: str) -> str:
    return hashlib.sha1(text.encode()).hexdigest()


def holdout_last_invoice(frame: pd.DataFrame) -> CFSplit:
    """Hold out the last invoice of every customer with at least two invoices."""
    invoices = frame.groupby(["user_id", "invoice"], sort=False)["timestamp"].max().reset_index()
    invoices = invoices.sort_values(["user_id", "timestamp", "invoice"])
    counts = invoices.groupby("user_id")["invoice"].transform("size")
    last = invoices[counts >= 2].groupby("user_id").tail(1)
    held = pd.MultiIndex.from_frame(last[["user_id", "invoice"]])
    is_test = pd.MultiIndex.from_frame(frame[["user_id", "invoice"]]).isin(held)
    test = frame[is_test]
    targets = {str(u): set(map(str, g)) for u, g in test.groupby("user_id")["product_id"]}
    return CFSplit(frame[~is_test].reset_index(drop=True), targets)


def score_model(
    model: Recommender, targets: Mapping[str, set[str]], k: int = 10
) -> dict[str, ProtocolScore]:
    """Recall@k and NDCG@k of a fitted model in both protocols."""
    data = model.data
    item_ids = np.array(data.item_ids)
    rows: dict[str, list[tuple[float, float]]] = {p: [] for p in PROTOCOLS}
    for user, target in targets.items():
        scores = model.all_scores(user).astype(np.float64, copy=True)
        seen = data.confidence_row(user)[0]
        for protocol in PROTOCOLS:
            relevant = set(target)
            if protocol == "new":
                relevant -= {data.item_ids[i] for i in seen}
                if not relevant:
                    continue
                scores[seen] = -np.inf
            top = np.argpartition(-scores, min(k, len(scores) - 1))[:k]
            ranked = list(item_ids[top[np.argsort(-scores[top], kind="stable")]])
            gains = [1.0 if p in relevant else 0.0 for p in ranked]
            rows[protocol].append(
                (
                    recall_at_k(ranked, relevant, k, cap=True),
                    ndcg_at_k(gains, [1.0] * len(relevant), k),
                )
            )
    return {
        p: ProtocolScore(
            float(np.mean([r for r, _ in v])) if v else 0.0,
            float(np.mean([n for _, n in v])) if v else 0.0,
            len(v),
        )
        for p, v in rows.items()
    }


def evaluate_cf(
    path: str | Path,
    settings: CFSettings,
    split: str = "test",
    max_customers: int | None = None,
    k: int = 10,
    progress: Callable[[str], None] | None = None,
) -> list[ModelScore]:
    """Popularity, item-kNN, the issue's ALS anchor and the shipped model, one split."""
    if split not in ("test", "validation"):
        raise AssistantError(f"split must be 'test' or 'validation', not {split!r}")
    frame = load_online_retail(path, max_customers)
    cut = holdout_last_invoice(frame)
    if split == "validation":
        cut = holdout_last_invoice(cut.train)
    if not cut.targets:
        raise AssistantError("no customer has two invoices: nothing to evaluate")
    weights = dict(settings.event_weights)
    data_frame = cut.train.drop(columns=["invoice"])
    contenders: Sequence[tuple[str, str, dict[str, Any] | None]] = (
        ("popularity", "popularity", None),
        ("item_knn", "item_knn", {"neighbours": 100}),
        ("als (anchor)", "als", ANCHOR_ALS),
        (f"{settings.model} (shipped)", settings.model, None),
    )
    from threadpoolctl import threadpool_limits

    results = []
    with threadpool_limits(limits=1, user_api="blas"):  # many tiny solves: threads only hurt
        for label, name, params in contenders:
            if progress:
                progress(f"training {label}")
            start = time.perf_counter()
            data = InteractionMatrix.from_frame(data_frame, weights)
            model = build_recommender(name, settings, params).fit(data)
            elapsed = time.perf_counter() - start
            if progress:
                progress(f"scoring {label}")
            results.append(ModelScore(label, elapsed, score_model(model, cut.targets, k)))
    return results


def format_table(results: Sequence[ModelScore], k: int = 10) -> str:
    head = f"{'model':<22} {'R@' + str(k) + ' all':>10} {'N@' + str(k) + ' all':>10} {'R@' + str(k) + ' new':>10} {'N@' + str(k) + ' new':>10} {'train s':>8}"
    lines = [head, "-" * len(head)]
    for r in results:
        a, n = r.scores["all"], r.scores["new"]
        lines.append(
            f"{r.name:<22} {a.recall:>10.4f} {a.ndcg:>10.4f} {n.recall:>10.4f} {n.ndcg:>10.4f} {r.train_seconds:>8.2f}"
        )
    users = results[0].scores if results else {}
    if users:
        lines.append(f"users: all={users['all'].users} new={users['new'].users}")
    return "\n".join(lines)

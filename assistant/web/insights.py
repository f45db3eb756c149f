"""Figures for the insights tab: the served index, the last measured evaluations and the
conversation log (intent mix, sentiment over time, most asked-about products).

Evaluation figures are read from ``<data_dir>/eval/*.json``, one file per suite, e.g.::

    {"kind": "retrieval", "measured_at": "2026-11-26T15:00:00Z", "dataset": "homedepot dev",
     "metrics": {"ndcg@10": 0.84, "recall@10": 0.56},
     "baselines": {"bm25": {"ndcg@10": 0.74}, "dense": {"ndcg@10": 0.71}}}

A file without ``metrics`` contributes its top-level numbers. No file: "not measured yet".
"""

from __future__ import annotations

import json
import logging
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pandas as pd

from assistant.store.records import TurnRecord

log = logging.getLogger(__name__)
EVAL_DIR = "eval"
SUITES = ("retrieval", "nlu", "cf")
ASKED_INTENTS = {"product_question", "compare"}
SENTIMENTS = ("negative", "neutral", "positive")
# what the intent chart calls each NLU intent (an unknown one: its name in words)
INTENT_LABELS = {
    "greeting": "Greeting",
    "goodbye": "Goodbye",
    "search": "Product search",
    "refine": "Refined search",
    "product_question": "Product question",
    "compare": "Comparison",
    "order_status": "Order status",
    "return_refund": "Return or refund",
    "complaint": "Complaint",
    "policy_question": "Policy question",
    "human_agent": "Asked for a person",
    "other": "Other",
}


@dataclass
class EvalFigures:
    kind: str
    measured_at: str = ""
    dataset: str = ""
    metrics: dict[str, float] = field(default_factory=dict)
    baselines: dict[str, dict[str, float]] = field(default_factory=dict)
    source: str = ""


def index_summary(index_dir: Path) -> dict[str, Any]:
    from assistant.indexing import layout
    from assistant.indexing.manifest import Manifest

    m = Manifest.read(layout.resolve(index_dir))
    return {
        "products": m.products,
        "built at": m.built_at,
        "build time": f"{m.build_seconds:.1f} s",
        "fingerprint": m.fingerprint,
        "model": m.model,
        "index kind": m.index_kind,
        "catalog": m.catalog.get("source") or m.catalog.get("path") or "",
        "rejected rows": m.catalog.get("rejected", 0),
    }


def read_evaluations(data_dir: Path) -> dict[str, EvalFigures]:
    """Newest figures per suite from ``<data_dir>/eval/*.json``; unreadable files are skipped."""
    found: dict[str, EvalFigures] = {}
    directory = Path(data_dir) / EVAL_DIR
    if not directory.is_dir():
        return found
    for path in sorted(directory.glob("*.json"), key=lambda p: p.stat().st_mtime):
        try:
            doc = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, json.JSONDecodeError, UnicodeDecodeError):
            log.warning("evaluation file %s is not readable JSON; skipped", path)
            continue
        if not isinstance(doc, dict):
            continue
        kind = str(doc.get("kind") or path.stem.split("-")[0]).lower()
        metrics: dict[str, Any] = doc["metrics"] if isinstance(doc.get("metrics"), dict) else doc
        found[kind] = EvalFigures(
            kind,
            str(doc.get("measured_at", "")),
            str(doc.get("dataset", "")),
            _numbers(metrics),
            {
                str(k): _numbers(v)
                for k, v in (doc.get("baselines") or {}).items()
                if isinstance(v, dict)
            },
            path.name,
        )
    return found


def _numbers(data: dict[str, Any]) -> dict[str, float]:
    return {
        str(k): float(v)
        for k, v in data.items()
        if isinstance(v, int | float) and not isinstance(v, bool)
    }


def intent_label(intent: str) -> str:
    return INTENT_LABELS.get(intent) or intent.replace("_", " ").strip().capitalize()


def intent_mix(turns: Iterable[TurnRecord]) -> pd.DataFrame:
    """Shopper messages per intent, most frequent first, intents named in words."""
    counts = Counter(intent_label(t.intent) for t in turns if t.role == "user" and t.intent)
    rows = sorted(counts.items(), key=lambda kv: (-kv[1], kv[0]))
    return pd.DataFrame(rows, columns=["intent", "messages"])


def sentiment_over_time(turns: Iterable[TurnRecord]) -> pd.DataFrame:
    """Shopper messages per sentiment per time bucket (hour, or day past two days of log)."""
    rows = [(t.created_at, t.sentiment) for t in turns if t.role == "user" and t.sentiment]
    if not rows:
        return pd.DataFrame(columns=["time", "sentiment", "messages"])
    frame = pd.DataFrame(rows, columns=["ts", "sentiment"])
    span = frame["ts"].max() - frame["ts"].min()
    freq = "D" if span > 2 * 86400 else "h"
    stamp = pd.to_datetime(frame["ts"], unit="s", utc=True).dt.floor(freq)
    frame["time"] = stamp.dt.strftime("%Y-%m-%d" if freq == "D" else "%Y-%m-%d %H:00 UTC")
    out = frame.groupby(["time", "sentiment"]).size().reset_index(name="messages")
    return out.sort_values(["time", "sentiment"]).reset_index(drop=True)


def asked_about_products(
    turns: list[TurnRecord], titles: dict[str, str], top: int = 10
) -> pd.DataFrame:
    """Products the shopper asked about (the answer's products after a product question or a
    comparison); when there are none yet, the products shown most often."""
    asked: Counter[str] = Counter()
    shown: Counter[str] = Counter()
    last_intent: dict[str, str | None] = {}
    for t in turns:
        if t.role == "user":
            last_intent[t.session_id] = t.intent
            continue
        ids = _product_ids(t.data)
        shown.update(ids)
        if last_intent.get(t.session_id) in ASKED_INTENTS:
            asked.update(ids)
    counts, label = (asked, "asked about") if asked else (shown, "shown")
    rows = [(titles.get(pid, pid), pid, n, label) for pid, n in counts.most_common(top)]
    return pd.DataFrame(rows, columns=["product", "product_id", "mentions", "basis"])


def _product_ids(data: dict[str, Any]) -> list[str]:
    for key in ("products", "product_ids", "shown"):
        value = data.get(key) if isinstance(data, dict) else None
        if isinstance(value, list):
            ids = [str(v.get("product_id")) if isinstance(v, dict) else str(v) for v in value]
            return [i for i in ids if i and i != "None"]
    return []


def ratings_summary(ratings: list[dict[str, Any]]) -> dict[str, int]:
    up = sum(1 for r in ratings if r.get("liked"))
    return {"thumbs up": up, "thumbs down": len(ratings) - up}


def product_titles(index_dir: Path) -> dict[str, str]:
    from assistant.indexing import layout
    from assistant.indexing.product_index import PRODUCTS_FILE
    from assistant.indexing.product_table import read_table

    frame = read_table(layout.resolve(index_dir) / PRODUCTS_FILE)
    return dict(zip(frame["product_id"].astype(str), frame["title"].astype(str), strict=True))


def as_of() -> str:
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S UTC")

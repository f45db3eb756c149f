"""The last measured figures of each evaluation suite, kept for the app's insights tab.

``<data_dir>/eval/<kind>.json``::

    {"kind": "retrieval", "measured_at": "2026-11-26T15:00:00Z", "dataset": "homedepot dev",
     "metrics": {"ndcg@10": 0.84, "recall@10": 0.56},
     "baselines": {"bm25": {"ndcg@10": 0.74}, "dense": {"ndcg@10": 0.71}}}
"""

from __future__ import annotations

import json
import os
import time
from pathlib import Path

from assistant.settings import Settings

EVAL_DIR = "eval"


def write_eval_record(
    settings: Settings,
    kind: str,
    dataset: str,
    metrics: dict[str, float],
    baselines: dict[str, dict[str, float]] | None = None,
) -> Path:
    """Write (atomically) the figures of one run; returns the file written."""
    directory = Path(settings.data_dir) / EVAL_DIR
    directory.mkdir(parents=True, exist_ok=True)
    doc = {
        "kind": kind,
        "measured_at": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
        "dataset": dataset,
        "metrics": metrics,
        "baselines": baselines or {},
    }
    path = directory / f"{kind}.json"
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    tmp.write_text(json.dumps(doc, indent=2), encoding="utf-8")
    os.replace(tmp, path)
    return path

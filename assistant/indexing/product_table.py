"""The product table stored beside the vectors, and the lookups that make filters fast."""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from assistant.catalog.schema import Product

_MULTI = re.compile(r"\s*[,|/]\s*")


def products_to_frame(products: Sequence[Product]) -> pd.DataFrame:
    rows = []
    for p in products:
        row = p.to_dict()
        row["attributes"] = json.dumps(p.attributes, ensure_ascii=False, sort_keys=True)
        row["text"] = p.search_text()
        row["dense_text"] = p.dense_text()
        # the vector depends on dense_text only: an unchanged hash keeps the old vector
        row["text_hash"] = hashlib.sha1(row["dense_text"].encode()).hexdigest()[:16]
        rows.append(row)
    frame = pd.DataFrame(rows)
    frame["price"] = pd.to_numeric(frame["price"], errors="coerce").astype("float64")
    frame["rating"] = pd.to_numeric(frame["rating"], errors="coerce").astype("float64")
    frame["review_count"] = frame["review_count"].astype("int64")
    frame["in_stock"] = frame["in_stock"].astype(bool)
    return frame


def write_table(frame: pd.DataFrame, path: Path) -> None:
    frame.to_parquet(path, index=False)


def read_table(path: Path) -> pd.DataFrame:
    return pd.read_parquet(path)


def split_values(value: str) -> list[str]:
    """ "Black, Navy / Red" -> ["black", "navy", "red"] (multi-valued colour and size cells)."""
    return [v for v in (s.strip().lower() for s in _MULTI.split(value or "")) if v]


HIDDEN_COLUMNS = ("text", "dense_text", "text_hash")


class ProductRecords:
    """Catalog fields of one row as plain Python values, read from per-column arrays.

    ``DataFrame.iloc[row]`` costs tens of microseconds or more per call; the engine reads a
    record for every hit of every turn, so the columns are taken out of pandas once."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self._columns = [
            (str(c), frame[c].to_numpy(dtype=object))
            for c in frame.columns
            if c not in HIDDEN_COLUMNS
        ]

    def __call__(self, row: int) -> dict[str, Any]:
        out: dict[str, Any] = {}
        for key, values in self._columns:
            value = values[row]
            if isinstance(value, float) and value != value:  # NaN
                value = None
            elif isinstance(value, np.generic):
                value = value.item()
            out[key] = value
        try:
            out["attributes"] = json.loads(out.get("attributes") or "{}")
        except (TypeError, json.JSONDecodeError):
            out["attributes"] = {}
        return out


def record(frame: pd.DataFrame, row: int) -> dict[str, Any]:
    """Catalog fields of one row (for one-off reads; ``ProductRecords`` for many)."""
    return ProductRecords(frame.iloc[[row]])(0)


@dataclass
class ValueLookup:
    """Lower-cased value -> row numbers, for one filterable field."""

    rows: dict[str, np.ndarray]

    @classmethod
    def build(cls, values: Sequence[str], multi: bool = False, path: bool = False) -> ValueLookup:
        buckets: dict[str, list[int]] = {}
        for i, value in enumerate(values):
            if path:
                keys = [p.strip().lower() for p in (value or "").split(">") if p.strip()]
                if len(keys) > 1:
                    keys.append(" > ".join(keys))
            elif multi:
                keys = split_values(value)
            else:
                keys = [value.strip().lower()] if value and value.strip() else []
            for key in keys:
                buckets.setdefault(key, []).append(i)
        return cls({k: np.asarray(v, dtype=np.int64) for k, v in buckets.items()})

    def match(self, wanted: Sequence[str], n: int) -> np.ndarray:
        mask = np.zeros(n, dtype=bool)
        for value in wanted:
            key = value.strip().lower()
            if key in self.rows:
                mask[self.rows[key]] = True
        return mask

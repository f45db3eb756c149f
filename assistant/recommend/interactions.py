"""The weighted user x item matrix that every recommender is fitted on.

Each event adds its configured weight (``CFSettings.event_weights``) to its (user, item)
cell; a rating adds ``weight * (stars - 2.5) / 2.5``. The confidence a model sees is
``log(1 + summed weight)``. A dislike (or a rating below 2.5 stars) that comes after the
last positive event removes the item from the user's history and marks it disliked, so
recommenders leave it out and the re-ranker penalises it; a later view (the product passing
by in a list) does not undo a dislike, a click, like, cart, purchase or good rating does. Events for one user can be applied
later (``apply``) without refitting anything: the user's row is kept in an overlay.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd
import scipy.sparse as sp

from assistant.errors import AssistantError
from assistant.events import EVENT_TYPES, Event

EVENT_COLUMNS = ("user_id", "product_id", "event", "value", "timestamp")
POSITIVE_EVENTS = tuple(e for e in EVENT_TYPES if e != "dislike")
ROW_CACHE_USERS = 4096


@dataclass
class UserProfile:
    """One user's history: summed weight and last time per item index, and dislikes."""

    weights: dict[int, float] = field(default_factory=dict)
    last_ts: dict[int, float] = field(default_factory=dict)
    disliked: set[int] = field(default_factory=set)


def event_weight(event: str, value: float, weights: Mapping[str, float]) -> float:
    """The signed weight one event adds to its cell (negative means "dislike")."""
    if event == "rating":
        return float(weights.get("rating", 0.0)) * (float(value) - 2.5) / 2.5
    if event == "dislike":
        return -abs(float(weights.get("dislike", 1.0))) or -1.0
    return float(weights.get(event, 0.0))


@dataclass
class InteractionMatrix:
    user_ids: list[str]
    item_ids: list[str]
    raw: sp.csr_matrix  # summed positive weight per (user, item), float32
    last_ts: sp.csr_matrix  # last event time per cell (same sparsity as raw)
    disliked: dict[str, set[int]] = field(default_factory=dict)
    overlay: dict[str, UserProfile] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.raw.shape != (len(self.user_ids), len(self.item_ids)):
            raise ValueError("matrix shape does not match the user and item ids")
        self.user_index = {u: i for i, u in enumerate(self.user_ids)}
        self.item_index = {p: i for i, p in enumerate(self.item_ids)}
        self._popularity: np.ndarray | None = None
        # row_arrays per user: read several times per re-rank (history, repeat, explanations)
        self._rows: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]] = {}

    # -- building -------------------------------------------------------------------
    @classmethod
    def from_frame(cls, frame: pd.DataFrame, weights: Mapping[str, float]) -> InteractionMatrix:
        """Vectorised build from a frame with the interactions columns."""
        missing = [c for c in ("user_id", "product_id", "event") if c not in frame.columns]
        if missing:
            raise AssistantError(f"interactions lack column(s): {', '.join(missing)}")
        df = pd.DataFrame(
            {
                "user_id": frame["user_id"].astype(str),
                "product_id": frame["product_id"].astype(str),
                "event": frame["event"].astype(str),
                "value": pd.to_numeric(frame.get("value", 1.0), errors="coerce"),
                "timestamp": pd.to_numeric(frame.get("timestamp", 0.0), errors="coerce"),
            }
        ).fillna({"value": 1.0, "timestamp": 0.0})
        bad = ~df["event"].isin(EVENT_TYPES)
        if bad.any():
            raise AssistantError(
                f"unknown event {df['event'][bad].iloc[0]!r}; expected one of {EVENT_TYPES}"
            )
        if df.empty:
            raise AssistantError("no interactions to train on")
        w = np.array([float(weights.get(e, 0.0)) for e in EVENT_TYPES])
        codes = pd.Categorical(df["event"], categories=list(EVENT_TYPES)).codes
        signed = w[codes]
        is_rating = (df["event"] == "rating").to_numpy()
        signed[is_rating] = (
            w[EVENT_TYPES.index("rating")] * (df["value"].to_numpy()[is_rating] - 2.5) / 2.5
        )
        is_dislike = (df["event"] == "dislike").to_numpy()
        signed[is_dislike] = -1.0
        df["pos"] = np.clip(signed, 0.0, None)
        deliberate = (signed > 0) & (df["event"] != "view").to_numpy()  # undoes a dislike
        df["ts_pos"] = np.where(deliberate, df["timestamp"], -np.inf)
        df["ts_neg"] = np.where(signed < 0, df["timestamp"], -np.inf)
        cells = df.groupby(["user_id", "product_id"], sort=False).agg(
            pos=("pos", "sum"),
            ts_pos=("ts_pos", "max"),
            ts_neg=("ts_neg", "max"),
            ts=("timestamp", "max"),
        )
        cells = cells.reset_index()
        users = pd.Index(sorted(cells["user_id"].unique()))
        items = pd.Index(sorted(cells["product_id"].unique()))
        u = users.get_indexer(cells["user_id"])
        i = items.get_indexer(cells["product_id"])
        dis = (cells["ts_neg"] > -np.inf) & (cells["ts_neg"] >= cells["ts_pos"])
        keep = (~dis & (cells["pos"] > 0)).to_numpy()
        shape = (len(users), len(items))
        raw = sp.csr_matrix(
            (cells["pos"].to_numpy(np.float32)[keep], (u[keep], i[keep])), shape=shape
        )
        ts = sp.csr_matrix(
            (cells["ts"].to_numpy(np.float64)[keep], (u[keep], i[keep])), shape=shape
        )
        disliked: dict[str, set[int]] = {}
        for uu, ii in zip(u[dis.to_numpy()], i[dis.to_numpy()], strict=True):
            disliked.setdefault(str(users[uu]), set()).add(int(ii))
        return cls(list(map(str, users)), list(map(str, items)), raw, ts, disliked)

    @classmethod
    def from_events(
        cls, events: Iterable[Event], weights: Mapping[str, float]
    ) -> InteractionMatrix:
        rows = [(e.user_id, e.product_id, e.event, e.value, e.timestamp) for e in events]
        return cls.from_frame(pd.DataFrame(rows, columns=list(EVENT_COLUMNS)), weights)

    # -- reading --------------------------------------------------------------------
    @property
    def n_items(self) -> int:
        return len(self.item_ids)

    def confidence(self) -> sp.csr_matrix:
        """users x items confidence log(1 + weight), overlay rows included."""
        self.compact()
        conf = self.raw.copy()
        conf.data = np.log1p(conf.data).astype(np.float32)
        conf.eliminate_zeros()
        return conf

    def profile(self, user_id: str) -> UserProfile:
        """The user's history (a copy unless it lives in the overlay)."""
        if user_id in self.overlay:
            return self.overlay[user_id]
        row = self.user_index.get(user_id)
        if row is None:
            return UserProfile(disliked=set(self.disliked.get(user_id, set())))
        start, end = self.raw.indptr[row], self.raw.indptr[row + 1]
        idx = self.raw.indices[start:end]
        return UserProfile(
            weights=dict(zip(idx.tolist(), self.raw.data[start:end].tolist(), strict=True)),
            last_ts=dict(zip(idx.tolist(), self.last_ts.data[start:end].tolist(), strict=True)),
            disliked=set(self.disliked.get(user_id, set())),
        )

    def row_arrays(self, user_id: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """(item indices, summed weights, last times) of the user's positive history,
        sorted by item index (read-only arrays, cached until the user's row changes)."""
        cached = self._rows.get(user_id)
        if cached is None:
            cached = self._row_arrays(user_id)
            for array in cached:
                array.flags.writeable = False
            if len(self._rows) >= ROW_CACHE_USERS:
                self._rows.clear()
            self._rows[user_id] = cached
        return cached

    def _row_arrays(self, user_id: str) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        prof = self.overlay.get(user_id)
        if prof is not None:
            items = np.array(sorted(i for i, w in prof.weights.items() if w > 0), dtype=np.int64)
            weights = np.array([prof.weights[i] for i in items], dtype=np.float64)
            stamps = np.array([prof.last_ts.get(int(i), 0.0) for i in items], dtype=np.float64)
            return items, weights, stamps
        row = self.user_index.get(user_id)
        if row is None:
            return np.zeros(0, dtype=np.int64), np.zeros(0), np.zeros(0)
        start, end = self.raw.indptr[row], self.raw.indptr[row + 1]
        items = self.raw.indices[start:end].astype(np.int64)
        weights = self.raw.data[start:end].astype(np.float64)
        stamps = self.last_ts.data[start:end].astype(np.float64)
        order = np.argsort(items, kind="stable")
        keep = weights[order] > 0
        return items[order][keep], weights[order][keep], stamps[order][keep]

    def confidence_row(self, user_id: str) -> tuple[np.ndarray, np.ndarray]:
        """(item indices, confidences) of the user's positive history, sorted by index."""
        items, weights, _ = self.row_arrays(user_id)
        return items, np.log1p(weights).astype(np.float32)

    def recent_row(self, user_id: str, tau_days: float | None) -> tuple[np.ndarray, np.ndarray]:
        """``confidence_row`` with each confidence times exp(-age / tau), age in days before
        the user's latest event (unchanged when ``tau_days`` is None)."""
        items, weights, ts = self.row_arrays(user_id)
        conf = np.log1p(weights)
        if tau_days is not None and len(items):
            conf = conf * np.exp(-(ts.max() - ts) / 86_400.0 / tau_days)
        return items, conf.astype(np.float32)

    def trending(self, window_days: float) -> np.ndarray:
        """Users per item whose latest interaction with it is within ``window_days`` of the
        newest event in the data (recent popularity)."""
        self.compact()
        if self.last_ts.nnz == 0:
            return np.zeros(self.n_items)
        recent = self.last_ts.data >= self.last_ts.data.max() - window_days * 86_400.0
        return np.bincount(self.last_ts.indices[recent], minlength=self.n_items).astype(np.float64)

    def has_history(self, user_id: str) -> bool:
        return len(self.row_arrays(user_id)[0]) > 0

    def history(self, user_id: str) -> list[str]:
        return [self.item_ids[i] for i in self.confidence_row(user_id)[0]]

    def disliked_items(self, user_id: str) -> set[int]:
        prof = self.overlay.get(user_id)
        return set(prof.disliked) if prof is not None else set(self.disliked.get(user_id, ()))

    def item_popularity(self) -> np.ndarray:
        """Number of users with a positive interaction per item (as of the last compact)."""
        if self._popularity is None:
            self._popularity = np.bincount(self.raw.indices, minlength=self.n_items).astype(
                np.float64
            )
        return self._popularity

    def indices_of(self, product_ids: Iterable[str]) -> np.ndarray:
        """Item index per product id, -1 for products the model has never seen."""
        return np.array([self.item_index.get(p, -1) for p in product_ids], dtype=np.int64)

    # -- updating -------------------------------------------------------------------
    def apply(self, user_id: str, events: Iterable[Event], weights: Mapping[str, float]) -> int:
        """Add events to the user's row at once; returns how many were about known items."""
        prof = self.profile(user_id)
        prof = UserProfile(dict(prof.weights), dict(prof.last_ts), set(prof.disliked))
        used = 0
        for e in sorted(events, key=lambda ev: ev.timestamp):
            if e.user_id != user_id:
                raise ValueError(f"event for user {e.user_id!r} applied to {user_id!r}")
            item = self.item_index.get(e.product_id)
            if item is None:
                continue
            used += 1
            w = event_weight(e.event, e.value, weights)
            if w < 0:
                prof.weights.pop(item, None)
                prof.last_ts.pop(item, None)
                prof.disliked.add(item)
            elif w > 0 and not (e.event == "view" and item in prof.disliked):
                prof.weights[item] = prof.weights.get(item, 0.0) + w
                prof.last_ts[item] = max(prof.last_ts.get(item, e.timestamp), e.timestamp)
                prof.disliked.discard(item)
        self.overlay[user_id] = prof
        self._rows.pop(user_id, None)
        if prof.disliked:
            self.disliked[user_id] = set(prof.disliked)
        else:
            self.disliked.pop(user_id, None)
        return used

    def compact(self) -> None:
        """Fold overlay rows back into the CSR matrices (new users are appended)."""
        if not self.overlay:
            return
        raw = self.raw.tolil()
        ts = self.last_ts.tolil()
        for user_id, prof in self.overlay.items():
            if user_id not in self.user_index:
                self.user_index[user_id] = len(self.user_ids)
                self.user_ids.append(user_id)
                raw.resize((len(self.user_ids), self.n_items))
                ts.resize((len(self.user_ids), self.n_items))
            row = self.user_index[user_id]
            raw.rows[row], raw.data[row] = [], []
            ts.rows[row], ts.data[row] = [], []
            for item in sorted(prof.weights):
                raw[row, item] = prof.weights[item]
                ts[row, item] = prof.last_ts.get(item, 0.0)
        self.raw = raw.tocsr().astype(np.float32)
        self.last_ts = ts.tocsr()
        self.overlay = {}
        self._popularity = None
        self._rows = {}


def read_event_file(path: str | Path) -> Iterator[Event]:
    """Events from a CSV or JSONL file in the interactions contract."""
    file = Path(path)
    if not file.is_file():
        raise AssistantError(f"interactions file not found: {file}")
    suffix = file.suffix.lower()
    try:
        with file.open(encoding="utf-8", newline="") as handle:
            if suffix in {".jsonl", ".json", ".ndjson"}:
                for n, line in enumerate(handle, start=1):
                    if line.strip():
                        yield _event(json.loads(line), file, n)
            else:
                reader = csv.DictReader(handle)
                missing = {"user_id", "product_id", "event"} - set(reader.fieldnames or [])
                if missing:
                    raise AssistantError(f"{file} lacks column(s): {', '.join(sorted(missing))}")
                for n, rec in enumerate(reader, start=2):
                    yield _event(rec, file, n)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise AssistantError(f"cannot read interactions file {file}: {exc}") from None


def _event(rec: Mapping[str, object], file: Path, line: int) -> Event:
    try:
        value = rec.get("value")
        stamp = rec.get("timestamp")
        return Event(
            user_id=str(rec.get("user_id") or ""),
            product_id=str(rec.get("product_id") or ""),
            event=str(rec.get("event") or ""),
            value=float(value) if value not in (None, "") else 1.0,  # type: ignore[arg-type]
            timestamp=_timestamp(stamp),
        )
    except (TypeError, ValueError) as exc:
        raise AssistantError(f"{file}:{line}: bad interaction row ({exc})") from None


def _timestamp(value: object) -> float:
    if value in (None, ""):
        return 0.0
    try:
        return float(value)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return float(pd.Timestamp(str(value)).timestamp())

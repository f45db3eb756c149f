"""Build recommenders from settings, and save / load a trained model directory.

A model directory holds ``manifest.json`` (format version, model name and parameters, user
and item ids, dislikes, event weights) and ``arrays.npz`` (the interaction matrix and the
model's own arrays). Loading rebuilds the exact scoring state.
"""

from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any, cast

import numpy as np
import scipy.sparse as sp

from assistant.errors import AssistantError
from assistant.recommend.als import ALSRecommender
from assistant.recommend.base import Recommender
from assistant.recommend.blend import BlendRecommender
from assistant.recommend.ease import EASERecommender
from assistant.recommend.interactions import InteractionMatrix
from assistant.recommend.item_knn import ItemKNNRecommender
from assistant.recommend.popularity import PopularityRecommender
from assistant.recommend.session_knn import SessionKNNRecommender
from assistant.settings import CFSettings

FORMAT = 1
MODEL_NAMES = ("blend", "als", "ease", "item_knn", "session_knn", "popularity")
MANIFEST = "manifest.json"
ARRAYS = "arrays.npz"


def build_recommender(
    name: str, settings: CFSettings, params: dict[str, Any] | None = None
) -> Recommender:
    """A fresh, unfitted recommender; ``params`` (from a manifest) override settings."""
    p = dict(params or {})
    weights = settings.event_weights
    if name == "popularity":
        return PopularityRecommender(weights)
    if name == "item_knn":
        return ItemKNNRecommender(p.get("neighbours", settings.knn_neighbours), weights)
    if name == "session_knn":
        return SessionKNNRecommender(
            p.get("neighbours", settings.knn_neighbours),
            p.get("decay", 0.8),
            p.get("max_items", 20),
            weights,
        )
    if name == "ease":
        return EASERecommender(
            p.get("regularization", settings.ease_lambda),
            p.get("max_items", settings.ease_max_items),
            p.get("history_tau_days"),
            weights,
        )
    if name == "als":
        return ALSRecommender(
            factors=p.get("factors", settings.factors),
            iterations=p.get("iterations", settings.iterations),
            regularization=p.get("regularization", settings.regularization),
            alpha=p.get("alpha", settings.alpha),
            seed=p.get("seed", settings.seed),
            history_tau_days=p.get("history_tau_days"),
            event_weights=weights,
        )
    if name == "blend":
        decayed = {"history_tau_days": settings.history_tau_days}
        model = BlendRecommender(
            als=build_recommender("als", settings, p.get("als", decayed)),  # type: ignore[arg-type]
            ease=build_recommender("ease", settings, p.get("ease", decayed)),  # type: ignore[arg-type]
            w_ease=p.get("w_ease", settings.blend_ease),
            w_repeat=p.get("w_repeat", settings.blend_repeat),
            tau_days=p.get("tau_days", settings.repeat_tau_days),
            w_trend=p.get("w_trend", settings.blend_trend),
            trend_days=p.get("trend_days", settings.trend_days),
            event_weights=weights,
        )
        model.use_ease = p.get("use_ease", model.use_ease)
        return model
    raise AssistantError(f"unknown CF model {name!r}; expected one of {', '.join(MODEL_NAMES)}")


def save_recommender(model: Recommender, directory: str | Path) -> Path:
    """Write the model directory (created if needed); returns it."""
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    data = model.data
    data.compact()
    arrays = {f"model.{k}": v for k, v in model.arrays().items()}
    arrays.update(
        {
            "raw.data": data.raw.data,
            "raw.indices": data.raw.indices,
            "raw.indptr": data.raw.indptr,
            "ts.data": data.last_ts.data,
        }
    )
    manifest = {
        "format": FORMAT,
        "model": model.name,
        "params": model.params(),
        "event_weights": model.event_weights,
        "user_ids": data.user_ids,
        "item_ids": data.item_ids,
        "disliked": {u: sorted(items) for u, items in data.disliked.items()},
    }
    tmp_arrays = out / (ARRAYS + ".tmp")
    with tmp_arrays.open("wb") as handle:
        np.savez(handle, **cast(dict[str, Any], arrays))
    tmp_arrays.replace(out / ARRAYS)
    tmp_manifest = out / (MANIFEST + ".tmp")
    tmp_manifest.write_text(json.dumps(manifest), encoding="utf-8")
    tmp_manifest.replace(out / MANIFEST)
    return out


def load_recommender(directory: str | Path, settings: CFSettings | None = None) -> Recommender:
    """Load a model directory written by ``save_recommender``."""
    src = Path(directory)
    if not (src / MANIFEST).is_file() or not (src / ARRAYS).is_file():
        raise AssistantError(f"no trained CF model in {src} (run `assistant cf train` first)")
    try:
        manifest = json.loads((src / MANIFEST).read_text(encoding="utf-8"))
        with np.load(src / ARRAYS) as npz:
            arrays = {k: npz[k] for k in npz.files}
    except (OSError, ValueError, zipfile.BadZipFile) as exc:
        raise AssistantError(f"CF model in {src} is unreadable: {exc}") from None
    if manifest.get("format") != FORMAT:
        raise AssistantError(
            f"CF model in {src} has format {manifest.get('format')}, expected {FORMAT}"
        )
    users, items = manifest["user_ids"], manifest["item_ids"]
    shape = (len(users), len(items))
    raw = sp.csr_matrix(
        (arrays["raw.data"], arrays["raw.indices"], arrays["raw.indptr"]), shape=shape
    )
    ts = sp.csr_matrix(
        (arrays["ts.data"], arrays["raw.indices"], arrays["raw.indptr"]), shape=shape
    )
    disliked = {u: set(v) for u, v in manifest.get("disliked", {}).items()}
    data = InteractionMatrix(list(users), list(items), raw, ts, disliked)
    cfg = CFSettings(
        event_weights=dict(manifest.get("event_weights") or CFSettings().event_weights)
    )
    if settings is not None:
        cfg = settings
    model = build_recommender(manifest["model"], cfg, manifest.get("params"))
    model.event_weights = dict(manifest.get("event_weights") or model.event_weights)
    model._data = data
    model._restore({k[6:]: v for k, v in arrays.items() if k.startswith("model.")})
    return model

"""Batch embedding of an index build on Ray Data (``assistant index build --engine ray``).

The driver reads and validates the catalog exactly as a local build does (same rows, same
rejects, same ids); the embedding, which is where a rebuild spends its time, runs as a Ray
Data pipeline: ``from_items`` -> ``map_batches(EmbedBatch)`` with one encoder per worker
actor. Vectors come back tagged with their row number and are put in catalog order, so the
index written afterwards is the one a local build writes (same ids, vectors equal within
float tolerance: batches differ, so padding differs).

``address=None`` starts a local Ray instance for the build and stops it afterwards; an address
(``ray://host:10001`` or ``host:6379``) joins an existing cluster, whose nodes need this
package installed (``pip install .[ray]``). Ray is an optional extra: the default install
does not import it.
"""

from __future__ import annotations

import logging
import os
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from assistant.errors import AssistantError
from assistant.settings import EmbeddingSettings

log = logging.getLogger(__name__)


class EmbedBatch:
    """Ray Data callable class: one encoder per worker, loaded once, reused for every batch."""

    def __init__(self, backend: str, batch_size: int, threads: int) -> None:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
        from assistant.embedding.encoder import Encoder

        self.encoder = Encoder(backend=backend, batch_size=batch_size, threads=threads)

    def __call__(self, batch: dict[str, Any]) -> dict[str, Any]:
        texts = [str(t) for t in batch["text"]]
        return {"row": np.asarray(batch["row"]), "vector": self.encoder.encode(texts)}


@dataclass
class RayEmbedder:
    """``embedder(texts) -> (n, dim) float32`` running the embedding on Ray Data."""

    embedding: EmbeddingSettings
    address: str | None = None
    workers: int = 0  # 0 = one per CPU the cluster reports (at least 1)
    batch_size: int = 512  # rows per Ray Data batch (the encoder batches within it)
    dimension: int = 384

    def __post_init__(self) -> None:
        if self.workers < 0:
            raise ValueError("workers must be >= 0")
        if self.batch_size < 1:
            raise ValueError("batch_size must be >= 1")

    def __call__(self, texts: Sequence[str]) -> np.ndarray:
        ray = _ray()
        started_here = not ray.is_initialized()
        if started_here:
            _init(ray, self.address)
        try:
            return self._run(ray, texts)
        finally:
            if started_here:
                ray.shutdown()

    def _run(self, ray: Any, texts: Sequence[str]) -> np.ndarray:
        out = np.empty((len(texts), self.dimension), dtype=np.float32)
        if not texts:
            return out
        import ray.data

        ray.data.DataContext.get_current().enable_progress_bars = False
        workers = self.workers or max(1, int(ray.cluster_resources().get("CPU", 1)))
        threads = self.embedding.threads or 1  # one encoder per CPU: no oversubscription
        ds = ray.data.from_items(
            [{"row": i, "text": t} for i, t in enumerate(texts)],
            override_num_blocks=max(workers, -(-len(texts) // self.batch_size)),
        ).map_batches(
            EmbedBatch,
            fn_constructor_kwargs={
                "backend": self.embedding.backend,
                "batch_size": self.embedding.batch_size,
                "threads": threads,
            },
            batch_size=self.batch_size,
            batch_format="numpy",
            concurrency=workers,
            num_cpus=1,
        )
        seen = np.zeros(len(texts), dtype=bool)
        for batch in ds.iter_batches(batch_format="numpy", batch_size=None):
            rows = np.asarray(batch["row"], dtype=np.int64)
            out[rows] = np.asarray(batch["vector"], dtype=np.float32)
            seen[rows] = True
        if not seen.all():
            raise AssistantError(
                f"the Ray pipeline returned {int(seen.sum())} of {len(texts)} vectors"
            )
        return out


def _ray() -> Any:
    try:
        import ray
    except ImportError:
        raise AssistantError(
            "--engine ray needs Ray: pip install 'shopping-assistant[ray]' (ray[data])"
        ) from None
    return ray


def _init(ray: Any, address: str | None) -> None:
    kwargs: dict[str, Any] = {
        "include_dashboard": False,
        "log_to_driver": False,
        "logging_level": logging.WARNING,
    }
    if address:
        kwargs["address"] = address
    try:
        ray.init(**kwargs)
    except (ConnectionError, RuntimeError, ValueError) as exc:
        where = f"the Ray cluster at {address}" if address else "a local Ray instance"
        raise AssistantError(f"cannot start or join {where}: {exc}") from None

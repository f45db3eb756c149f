"""A built index loaded for serving: product table, vectors, FAISS, BM25 and filter lookups."""

from __future__ import annotations

import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from assistant.errors import IndexLoadError
from assistant.indexing import layout
from assistant.indexing.dense import DenseIndexSpec, read_faiss
from assistant.indexing.lexical import LexicalIndex
from assistant.indexing.manifest import Manifest
from assistant.indexing.product_table import ProductRecords, read_table

log = logging.getLogger(__name__)

PRODUCTS_FILE = "products.parquet"
VECTORS_FILE = "vectors.npy"
FAISS_FILE = "dense.faiss"
BM25_DIR = "bm25"


@dataclass
class ProductIndex:
    root: Path
    manifest: Manifest
    products: pd.DataFrame
    vectors: np.ndarray
    dense: Any
    dense_spec: DenseIndexSpec
    lexical: LexicalIndex

    def __post_init__(self) -> None:
        from assistant.retrieval.filters import FilterIndex

        self.filters = FilterIndex(self.products)
        self.row_of = self.filters.ids
        self._records = ProductRecords(self.products)
        self._lock = threading.Lock()

    @classmethod
    def load(cls, directory: str | Path, verify: bool = True) -> ProductIndex:
        root = layout.resolve(directory)
        manifest = Manifest.read(root)
        manifest.verify(root, checksums=verify)
        try:
            products = read_table(root / PRODUCTS_FILE)
            vectors = np.load(root / VECTORS_FILE, mmap_mode="r")
            dense = read_faiss(root / FAISS_FILE)
            lexical = LexicalIndex.load(root / BM25_DIR, size=len(products))
        except (OSError, ValueError, RuntimeError) as exc:
            raise IndexLoadError(f"index at {root} cannot be read ({exc}): rebuild it") from None
        if len(products) != manifest.products or vectors.shape[0] != len(products):
            raise IndexLoadError(f"index at {root} is inconsistent (row counts differ): rebuild it")
        spec = DenseIndexSpec(**manifest.index_params)
        log.info("loaded index %s: %d products", root, len(products))
        return cls(root, manifest, products, vectors, dense, spec, lexical)

    def __len__(self) -> int:
        return len(self.products)

    @property
    def fingerprint(self) -> str:
        return self.manifest.fingerprint

    def product(self, row: int) -> dict[str, Any]:
        return self._records(row)

    def product_by_id(self, product_id: str) -> dict[str, Any] | None:
        row = self.row_of.get(product_id)
        return None if row is None else self.product(row)

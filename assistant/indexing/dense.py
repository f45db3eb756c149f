"""FAISS index over product vectors: exact inner product, or HNSW / IVF for large catalogs."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.settings import IndexSettings

INDEX_KINDS = ("flat", "hnsw", "ivf")


@dataclass
class DenseIndexSpec:
    kind: str = "flat"
    hnsw_m: int = 32
    hnsw_ef_search: int = 128
    ivf_nlist: int = 0  # 0 = derived from the catalog size
    ivf_nprobe: int = 16

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def choose_spec(n: int, settings: IndexSettings) -> DenseIndexSpec:
    """Exact search for small catalogs; HNSW above ``settings.exact_max`` unless overridden."""
    kind = settings.kind
    if kind == "auto":
        kind = "flat" if n <= settings.exact_max else "hnsw"
    if kind not in INDEX_KINDS:
        raise ValueError(f"unknown index kind {kind!r}; expected auto or one of {INDEX_KINDS}")
    nlist = int(min(65536, max(1, 4 * np.sqrt(max(n, 1))))) if kind == "ivf" else 0
    return DenseIndexSpec(
        kind=kind,
        hnsw_m=settings.hnsw_m,
        hnsw_ef_search=settings.hnsw_ef_search,
        ivf_nlist=nlist,
        ivf_nprobe=settings.ivf_nprobe,
    )


def build_faiss(vectors: np.ndarray, spec: DenseIndexSpec) -> Any:
    faiss = _faiss()

    n, dim = vectors.shape
    if spec.kind == "flat":
        index: Any = faiss.IndexFlatIP(dim)
    elif spec.kind == "hnsw":
        index = faiss.IndexHNSWFlat(dim, spec.hnsw_m, faiss.METRIC_INNER_PRODUCT)
        index.hnsw.efConstruction = max(40, 2 * spec.hnsw_m)
        index.hnsw.efSearch = spec.hnsw_ef_search
    else:
        quantizer = faiss.IndexFlatIP(dim)
        nlist = max(1, min(spec.ivf_nlist or 1, n))
        index = faiss.IndexIVFScalarQuantizer(
            quantizer, dim, nlist, faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT
        )
        sample = vectors[np.random.default_rng(0).permutation(n)[: max(nlist * 40, 10_000)]]
        index.train(sample)
        index.nprobe = spec.ivf_nprobe
    if n:
        index.add(vectors)
    return index


def search_params(index: Any, spec: DenseIndexSpec, allowed: np.ndarray | None) -> Any:
    """FAISS search parameters restricting results to rows where ``allowed`` is True."""
    faiss = _faiss()

    selector = None
    if allowed is not None:
        bits = np.packbits(allowed.astype(np.uint8), bitorder="little")
        selector = faiss.IDSelectorBitmap(len(allowed), faiss.swig_ptr(bits))
        selector._bits = bits  # keep the buffer alive as long as the selector
    if spec.kind == "hnsw":
        return faiss.SearchParametersHNSW(sel=selector, efSearch=spec.hnsw_ef_search)
    if spec.kind == "ivf":
        return faiss.SearchParametersIVF(sel=selector, nprobe=spec.ivf_nprobe)
    return faiss.SearchParameters(sel=selector) if selector is not None else None


def _faiss() -> Any:
    """The faiss module, imported late (its stubs do not cover the SWIG attributes we use)."""
    import faiss

    return faiss


def write_faiss(index: Any, path: Path) -> None:
    faiss = _faiss()

    faiss.write_index(index, str(path))


def read_faiss(path: Path) -> Any:
    faiss = _faiss()

    return faiss.read_index(str(path))

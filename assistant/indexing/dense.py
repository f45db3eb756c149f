"""FAISS index over product vectors: exact inner product, or HNSW / IVF for large catalogs.

Kinds: ``flat`` (exact), ``hnsw`` (HNSW graph over full vectors), ``ivf`` (inverted lists with
8-bit scalar-quantised vectors, 1 byte a dimension) and ``ivfpq`` (inverted lists with product
quantisation, ``pq_m`` bytes a vector). Measured trade-offs: ``bench/bench_ann.py`` and
``docs/scaling.md``. Whatever the kind, retrieval re-scores its candidates with the exact
vectors (``vectors.npy``), so compression costs recall of the candidate set only.

Filtered search (``filtered_search``) never lets a disallowed row through and stays exact
where it matters: few allowed rows -> brute force over exactly those rows (pre-filter); many
-> approximate search with over-fetch, then the filter (post-filter), falling back to the
exact pre-filter when too few candidates survive.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np

from assistant.errors import AssistantError
from assistant.settings import IndexSettings

INDEX_KINDS = ("flat", "hnsw", "ivf", "ivfpq")
# a filtered search over at most this many allowed rows is a brute-force product over them
EXACT_FILTER_ROWS = 50_000
# post-filter over-fetch: fetch depth * (rows / allowed rows) * this, at most MAX_FETCH rows
OVERFETCH = 2.0
MAX_FETCH = 8192
# compressed kinds fetch this many times more candidates and re-score them with the exact
# vectors (vectors.npy), like FAISS's IndexRefine without keeping a second copy in memory
REFINE = {"flat": 1, "hnsw": 1, "ivf": 2, "ivfpq": 4}


@dataclass
class DenseIndexSpec:
    kind: str = "flat"
    hnsw_m: int = 32
    hnsw_ef_search: int = 128
    ivf_nlist: int = 0  # 0 = derived from the catalog size
    ivf_nprobe: int = 16
    pq_m: int = 48  # ivfpq: bytes per vector (sub-quantisers of 8 bits)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def choose_spec(n: int, settings: IndexSettings) -> DenseIndexSpec:
    """Exact search up to ``settings.exact_max`` products, ``settings.large_kind`` above it;
    ``settings.kind`` other than ``auto`` forces a kind."""
    kind = settings.kind
    if kind == "auto":
        kind = "flat" if n <= settings.exact_max else settings.large_kind
    if kind not in INDEX_KINDS:
        raise ValueError(f"unknown index kind {kind!r}; expected auto or one of {INDEX_KINDS}")
    nlist = 0
    if kind in ("ivf", "ivfpq"):
        nlist = settings.ivf_nlist or int(min(65536, max(1, 4 * np.sqrt(max(n, 1)))))
    return DenseIndexSpec(
        kind=kind,
        hnsw_m=settings.hnsw_m,
        hnsw_ef_search=settings.hnsw_ef_search,
        ivf_nlist=nlist,
        ivf_nprobe=settings.ivf_nprobe,
        pq_m=settings.pq_m,
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
        # at least ~39 training points per list (FAISS warns below), so tiny catalogs get few
        nlist = max(1, min(spec.ivf_nlist or 1, n // 39 or 1))
        if spec.kind == "ivfpq":
            if dim % spec.pq_m:
                raise ValueError(f"pq_m={spec.pq_m} must divide the dimension {dim}")
            nbits = 8 if n >= 256 * 39 else 4  # PQ codebooks need >= 39 * 2**nbits points
            if n < 2**nbits:
                raise AssistantError(
                    f"an ivfpq index needs at least {2**nbits} products to train on, the catalog "
                    f"has {n}: use --index-kind flat (exact, and fast at this size)"
                )
            index = faiss.IndexIVFPQ(
                quantizer, dim, nlist, spec.pq_m, nbits, faiss.METRIC_INNER_PRODUCT
            )
        else:
            index = faiss.IndexIVFScalarQuantizer(
                quantizer, dim, nlist, faiss.ScalarQuantizer.QT_8bit, faiss.METRIC_INNER_PRODUCT
            )
        sample = vectors[np.random.default_rng(0).permutation(n)[: max(nlist * 40, 10_000)]]
        index.train(np.ascontiguousarray(sample))
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
    if spec.kind in ("ivf", "ivfpq"):
        return faiss.SearchParametersIVF(sel=selector, nprobe=spec.ivf_nprobe)
    return faiss.SearchParameters(sel=selector) if selector is not None else None


def filtered_search(
    index: Any,
    spec: DenseIndexSpec,
    vectors: np.ndarray,
    query: np.ndarray,
    allowed: np.ndarray | None,
    depth: int,
) -> np.ndarray:
    """Up to ``depth`` candidate rows for ``query``, best first, all with ``allowed[row]``.

    - no filter: the index's own search;
    - a flat index, or at most ``EXACT_FILTER_ROWS`` allowed rows: exact (pre-filter);
    - otherwise the approximate index is asked for ``depth * rows / allowed * OVERFETCH``
      candidates (at most ``MAX_FETCH``) which are then filtered (post-filter); when fewer
      than ``depth`` survive while more rows are allowed, exact pre-filter instead.
    """
    n = int(vectors.shape[0])
    query = np.ascontiguousarray(query, dtype=np.float32).reshape(1, -1)
    if allowed is None:
        return _approximate(index, spec, vectors, query, min(depth, n), None, depth)
    count = int(allowed.sum())
    if count == 0:
        return np.array([], dtype=np.int64)
    if count <= EXACT_FILTER_ROWS:
        return exact_search(vectors, query[0], np.flatnonzero(allowed), depth)
    if spec.kind == "flat":
        return _index_search(index, spec, query, min(depth, count), allowed)
    fetch = min(n, MAX_FETCH, max(depth, int(np.ceil(depth * n / count * OVERFETCH))))
    kept = _approximate(index, spec, vectors, query, fetch, allowed, depth)
    if len(kept) < min(depth, count):
        return exact_search(vectors, query[0], np.flatnonzero(allowed), depth)
    return kept


def filtered_search_many(
    index: Any,
    spec: DenseIndexSpec,
    vectors: np.ndarray,
    queries: np.ndarray,
    allowed: np.ndarray | None,
    depth: int,
) -> list[np.ndarray]:
    """``filtered_search`` for each row of ``queries``. Without a filter on an index that keeps
    full vectors, all queries go to FAISS in one call (one matrix product instead of one scan
    per query); otherwise one query at a time."""
    queries = np.ascontiguousarray(queries, dtype=np.float32).reshape(len(queries), -1)
    if allowed is not None or REFINE.get(spec.kind, 1) > 1 or len(queries) == 0:
        return [filtered_search(index, spec, vectors, q, allowed, depth) for q in queries]
    k = min(depth, int(vectors.shape[0]))
    params = search_params(index, spec, None)
    if spec.kind == "hnsw" and k > spec.hnsw_ef_search:
        params.efSearch = k
    _, ids = index.search(queries, k) if params is None else index.search(queries, k, params=params)
    return [row[row >= 0].astype(np.int64) for row in ids]


def _approximate(
    index: Any,
    spec: DenseIndexSpec,
    vectors: np.ndarray,
    query: np.ndarray,
    fetch: int,
    allowed: np.ndarray | None,
    depth: int,
) -> np.ndarray:
    """``fetch`` (times the kind's refine factor) index candidates, kept if allowed, re-scored
    exactly when the index compresses vectors; the best ``depth``."""
    refine = REFINE.get(spec.kind, 1)
    found = _index_search(index, spec, query, min(len(vectors), fetch * refine), None)
    if allowed is not None:
        found = found[allowed[found]]
    if refine > 1 and len(found):
        return exact_search(vectors, query[0], np.sort(found), depth)
    return found[:depth]


def exact_search(
    vectors: np.ndarray, query: np.ndarray, rows: np.ndarray, depth: int, chunk: int = 65_536
) -> np.ndarray:
    """The ``depth`` rows among ``rows`` with the highest inner product, best first (ties by
    row), scored in chunks so that a memory-mapped matrix is never copied whole."""
    best_rows = np.array([], dtype=np.int64)
    best_scores = np.array([], dtype=np.float32)
    for start in range(0, len(rows), chunk):
        part = rows[start : start + chunk]
        scores = np.asarray(vectors[part], dtype=np.float32) @ query
        best_rows = np.concatenate([best_rows, part])
        best_scores = np.concatenate([best_scores, scores])
        if len(best_rows) > depth:
            top = np.argpartition(-best_scores, depth - 1)[:depth]
            best_rows, best_scores = best_rows[top], best_scores[top]
    order = np.lexsort((best_rows, -best_scores))
    return best_rows[order].astype(np.int64)


def _index_search(
    index: Any, spec: DenseIndexSpec, query: np.ndarray, k: int, allowed: np.ndarray | None
) -> np.ndarray:
    params = search_params(index, spec, allowed)
    if spec.kind == "hnsw" and k > spec.hnsw_ef_search:
        params.efSearch = k  # HNSW returns at most efSearch results
    if params is None:
        _, ids = index.search(query, k)
    else:
        _, ids = index.search(query, k, params=params)
    found = ids[0]
    return found[found >= 0].astype(np.int64)


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

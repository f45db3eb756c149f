"""Index kinds (flat / HNSW / IVF-SQ8 / IVF-PQ) and filtered search against exact search."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.indexing import dense
from assistant.indexing.dense import (
    INDEX_KINDS,
    build_faiss,
    choose_spec,
    exact_search,
    filtered_search,
)
from assistant.settings import IndexSettings, Settings

DIM = 384


def clustered(n: int, seed: int, centers: int = 64) -> np.ndarray:
    """Unit vectors around random centres: structured like embeddings, unlike pure noise."""
    rng = np.random.default_rng(seed)
    middle = rng.standard_normal((centers, DIM)).astype(np.float32)
    x = middle[rng.integers(0, centers, n)] + 0.6 * rng.standard_normal((n, DIM)).astype(np.float32)
    return x / np.linalg.norm(x, axis=1, keepdims=True)


N = 5000


@pytest.fixture(scope="module")
def data() -> tuple[np.ndarray, np.ndarray]:
    both = clustered(N + 40, seed=1)  # queries from the same mixture as the vectors
    return both[:N], both[N:]


@pytest.fixture(scope="module")
def indexes(data) -> dict[str, tuple[object, dense.DenseIndexSpec]]:
    import faiss

    threads = faiss.omp_get_max_threads()
    faiss.omp_set_num_threads(1)  # OpenMP spinning on a shared 2-core machine costs minutes
    vectors, _ = data
    built = {}
    try:
        for kind in INDEX_KINDS:
            settings = IndexSettings(kind=kind, ivf_nprobe=16, pq_m=24)
            spec = choose_spec(len(vectors), settings)
            built[kind] = (build_faiss(vectors, spec), spec)
    finally:
        faiss.omp_set_num_threads(threads)
    return built


def truth(vectors: np.ndarray, query: np.ndarray, rows: np.ndarray, k: int) -> np.ndarray:
    scores = vectors[rows] @ query
    return rows[np.lexsort((rows, -scores))][:k]


def test_choose_spec_picks_exact_below_the_threshold_and_honours_overrides() -> None:
    settings = IndexSettings(exact_max=1000)
    assert choose_spec(1000, settings).kind == "flat"
    assert choose_spec(1001, settings).kind == settings.large_kind
    assert choose_spec(1001, IndexSettings(exact_max=1000, large_kind="hnsw")).kind == "hnsw"
    spec = choose_spec(1_000_000, IndexSettings(kind="ivfpq", pq_m=32, ivf_nprobe=8))
    assert (spec.kind, spec.pq_m, spec.ivf_nprobe, spec.ivf_nlist) == ("ivfpq", 32, 8, 4000)
    assert choose_spec(10, IndexSettings(kind="ivf", ivf_nlist=77)).ivf_nlist == 77
    with pytest.raises(ValueError, match="unknown index kind"):
        choose_spec(10, IndexSettings(kind="lsh"))


@pytest.mark.parametrize("kind", INDEX_KINDS)
def test_unfiltered_recall_at_10_against_exact(data, indexes, kind: str) -> None:
    vectors, queries = data
    index, spec = indexes[kind]
    all_rows = np.arange(len(vectors))
    recalls = []
    for q in queries:
        # retrieval asks for a deep candidate list (settings.retrieval.depth) and keeps the top
        found = filtered_search(index, spec, vectors, q, None, 100)[:10]
        recalls.append(len(set(found) & set(truth(vectors, q, all_rows, 10))) / 10)
    assert np.mean(recalls) >= (1.0 if kind == "flat" else 0.85)


@pytest.mark.parametrize("kind", INDEX_KINDS)
@pytest.mark.parametrize("share", [0.002, 0.05, 0.5, 0.95])
def test_filtered_search_returns_only_allowed_rows_and_matches_exact(
    data, indexes, kind: str, share: float, monkeypatch: pytest.MonkeyPatch
) -> None:
    vectors, queries = data
    index, spec = indexes[kind]
    # scale the pre-filter threshold to this small index so both paths are exercised
    monkeypatch.setattr(dense, "EXACT_FILTER_ROWS", 1000)
    rng = np.random.default_rng(7)
    recalls = []
    for q in queries[:20]:
        allowed = rng.random(len(vectors)) < share
        rows = np.flatnonzero(allowed)
        found = filtered_search(index, spec, vectors, q, allowed, 100)[:30]
        assert allowed[found].all()  # the filter is never violated
        assert len(found) == min(30, len(rows)) and len(set(found)) == len(found)
        expected = truth(vectors, q, rows, 30)
        if len(rows) <= 1000 or kind == "flat":
            assert list(found) == list(expected)  # exact pre-filter
        recalls.append(len(set(found[:10]) & set(expected[:10])) / max(1, min(10, len(rows))))
    assert np.mean(recalls) >= (1.0 if kind == "flat" else 0.85)


def test_post_filter_falls_back_to_exact_when_too_few_candidates_survive(
    data, indexes, monkeypatch: pytest.MonkeyPatch
) -> None:
    vectors, queries = data
    index, spec = indexes["hnsw"]
    monkeypatch.setattr(dense, "EXACT_FILTER_ROWS", 100)
    q = queries[0]
    # allow only the rows *least* similar to the query: the over-fetched candidates miss them
    order = np.argsort(vectors @ q)
    allowed = np.zeros(len(vectors), dtype=bool)
    allowed[order[:3000]] = True
    found = filtered_search(index, spec, vectors, q, allowed, 50)
    assert list(found) == list(truth(vectors, q, np.flatnonzero(allowed), 50))


def test_exact_search_in_chunks_equals_a_full_sort(data) -> None:
    vectors, queries = data
    rows = np.arange(0, len(vectors), 3)
    got = exact_search(vectors, queries[0], rows, 25, chunk=1000)
    assert list(got) == list(truth(vectors, queries[0], rows, 25))
    assert list(exact_search(vectors, queries[0], rows[:5], 25)) == list(
        truth(vectors, queries[0], rows[:5], 25)
    )


@pytest.mark.parametrize("kind", ["ivfpq", "hnsw"])
def test_builder_and_retriever_with_an_approximate_kind(
    kind: str, small_catalog: Path, tmp_path: Path, encoder
) -> None:
    from assistant.catalog import load_catalog
    from assistant.indexing.builder import IndexBuilder
    from assistant.indexing.product_index import ProductIndex
    from assistant.retrieval.hybrid import HybridRetriever
    from assistant.retrieval.types import Filters

    settings = Settings()
    settings.index.kind = kind
    report = IndexBuilder(settings, encoder).build(load_catalog(small_catalog), tmp_path / "ix")
    assert report.index_kind == kind
    index = ProductIndex.load(tmp_path / "ix")
    assert index.dense_spec.kind == kind
    retriever = HybridRetriever(index, encoder, mode="dense")
    hits = retriever.run("espresso machine", Filters(colors=["red"]), k=5)
    assert hits and all(h.product["color"] == "red" for h in hits)
    assert "Espresso" in hits[0].product["title"]

"""Hybrid retrieval on the real demo index: relevance, score components, hard filters."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.retrieval.fusion import expand_query
from assistant.retrieval.hybrid import HybridRetriever
from assistant.retrieval.product_search import ProductSearch, load_personalizer
from assistant.retrieval.types import Filters
from assistant.settings import RetrievalSettings, Settings


@pytest.fixture(scope="module")
def retriever(demo_index, encoder) -> HybridRetriever:
    return HybridRetriever(demo_index, encoder, RetrievalSettings())


def test_relevant_products_come_first(retriever):
    hits = retriever.run("waterproof hiking boots", k=10)
    assert len(hits) == 10
    top = hits[0].product
    assert "boot" in top["title"].lower() and "hiking" in top["category"].lower()
    assert sum("boot" in h.product["title"].lower() for h in hits) >= 8
    fused = [h.fused for h in hits]
    assert fused == sorted(fused, reverse=True)


def test_hits_carry_their_score_components(retriever):
    hit = retriever.run("burr coffee grinder", k=3)[0]
    assert hit.dense is not None and 0 < hit.dense <= 1
    assert hit.lexical is not None and hit.lexical > 0
    assert 0 <= hit.fused <= 1 and 0 < hit.lexical_norm <= 1
    assert {"burr", "coffee", "grinder"} <= set(hit.matched_terms)


def test_dense_finds_paraphrases_that_share_no_words(demo_index, encoder):
    dense = HybridRetriever(demo_index, encoder, mode="dense")
    lexical = HybridRetriever(demo_index, encoder, mode="lexical")
    query = "something to brew coffee at home"
    dense_hits = dense.run(query, k=10)
    assert any("coffee" in h.product["category"].lower() for h in dense_hits[:5])
    assert all(h.dense is not None for h in dense_hits)
    assert all(h.dense is None for h in lexical.run("coffee grinder", k=5))


def test_nonsense_lexical_query_returns_nothing(demo_index, encoder):
    lexical = HybridRetriever(demo_index, encoder, mode="lexical")
    assert lexical.run("zzqxw vvbnm", k=5) == []


FILTER_CASES = [
    (Filters(price_max=50), lambda p: p["price"] is not None and p["price"] <= 50),
    (Filters(price_min=100, price_max=200), lambda p: 100 <= (p["price"] or -1) <= 200),
    (Filters(in_stock_only=True), lambda p: p["in_stock"]),
    (Filters(colors=["blue"]), lambda p: "blue" in p["color"].lower()),
    (Filters(category="Hiking"), lambda p: "hiking" in p["category"].lower()),
    (Filters(exclude_terms=["leather"]), lambda p: "leather" not in str(p).lower()),
]


@pytest.mark.parametrize(("filters", "holds"), FILTER_CASES)
def test_every_result_satisfies_the_hard_filters(retriever, filters, holds):
    hits = retriever.run("boots shoes bag jacket", filters, k=40)
    assert hits, "the filter should leave something to show"
    for h in hits:
        assert holds(h.product), (filters, h.product)


def test_brand_and_size_filters(retriever, demo_index):
    brand = demo_index.products["brand"].value_counts().index[0]
    hits = retriever.run("gift", Filters(brands=[brand.upper()]), k=30)
    assert hits and all(h.product["brand"] == brand for h in hits)
    excluded = retriever.run("gift", Filters(exclude_brands=[brand]), k=30)
    assert excluded and all(h.product["brand"] != brand for h in excluded)
    sized = retriever.run("running shoes", Filters(sizes=["10"]), k=20)
    assert sized and all("10" in h.product["size"].replace(" ", "").split(",") for h in sized)


def test_filter_that_matches_nothing_gives_an_empty_list(retriever):
    assert retriever.run("boots", Filters(price_max=0.5), k=10) == []
    assert retriever.run("boots", Filters(brands=["NoSuchBrand"]), k=10) == []


def test_filtered_search_equals_exact_search_over_the_allowed_rows(retriever, demo_index, encoder):
    filters = Filters(price_max=60, in_stock_only=True)
    allowed = demo_index.filters.mask(filters)
    query = "warm winter jacket"
    vec = encoder.encode([query])[0]
    scores = np.asarray(demo_index.vectors, dtype=np.float32) @ vec
    scores[~allowed] = -np.inf
    expected = set(np.argsort(-scores)[:5].tolist())
    dense = HybridRetriever(demo_index, encoder, mode="dense")
    got = {h.row for h in dense.run(query, filters, k=5)}
    assert got == expected


def test_batch_equals_one_by_one(retriever):
    queries = ["yoga mat", "cast iron pan", "kids rain jacket"]
    batch = retriever.run_batch(queries, k=5)
    single = [retriever.run(q, k=5) for q in queries]
    assert [[h.product_id for h in b] for b in batch] == [[h.product_id for h in s] for s in single]
    # a batch encodes its texts padded together: vectors agree to ~1e-7, not bit for bit
    for b, s in zip(batch, single, strict=True):
        assert [h.matched_terms for h in b] == [h.matched_terms for h in s]
        assert [h.fused for h in b] == pytest.approx([h.fused for h in s], abs=1e-5)


def test_filtered_batch_equals_one_by_one_and_keeps_filters(retriever):
    queries = ["running shoes", "warm jacket", "desk lamp", "zzzz qqqq"]
    filters = Filters(price_max=60.0, in_stock_only=True)
    batch = retriever.run_batch(queries, filters, k=8)
    single = [retriever.run(q, filters, k=8) for q in queries]
    assert [[h.row for h in b] for b in batch] == [[h.row for h in s] for s in single]
    shown = [h.product for b in batch for h in b]
    assert shown, "the filtered batch found nothing at all"
    assert all(p["price"] <= 60.0 and p["in_stock"] for p in shown)


def test_product_search_batch_matches_single_queries(demo_index, encoder):
    search = ProductSearch(demo_index, encoder, Settings())
    queries = ["yoga mat", "cast iron pan", "wireless headphones"]
    batch = search.run_batch(queries, k=5)
    single = [search.run(q, k=5) for q in queries]
    assert [[p.product_id for p in r.products] for r in batch] == [
        [p.product_id for p in r.products] for r in single
    ]
    assert all(set(r.timings_ms) == {"retrieve", "rerank"} for r in batch)
    assert search.run_batch([], k=5) == []


def test_rrf_and_convex_fusion_both_work(demo_index, encoder):
    for fusion in ("convex", "rrf"):
        r = HybridRetriever(demo_index, encoder, RetrievalSettings(fusion=fusion))
        hits = r.run("burr coffee grinder", k=5)
        assert "grinder" in hits[0].product["title"].lower()


def test_constructor_validates(demo_index, encoder):
    with pytest.raises(ValueError, match="mode"):
        HybridRetriever(demo_index, encoder, mode="magic")
    with pytest.raises(ValueError, match="fusion"):
        HybridRetriever(demo_index, encoder, RetrievalSettings(fusion="max"))
    with pytest.raises(ValueError, match="depth"):
        HybridRetriever(demo_index, encoder, RetrievalSettings(depth=0))
    with pytest.raises(ValueError, match="feedback"):
        HybridRetriever(demo_index, encoder, RetrievalSettings(feedback_docs=-1))


def test_feedback_searches_again_with_the_query_moved_to_its_best_products(demo_index, encoder):
    query = "gift for someone who loves camping"
    vector = encoder.encode([query])[0]
    plain = HybridRetriever(demo_index, encoder, RetrievalSettings(feedback_docs=0))
    with_feedback = HybridRetriever(demo_index, encoder, RetrievalSettings(feedback_docs=5))
    best = plain.rank(query, vector, Filters(), 5).rows
    moved = expand_query(vector, demo_index.vectors[best], 1.0)
    expected = plain.rank(query, moved, Filters(), 20)
    got = with_feedback.rank(query, vector, Filters(), 20)
    assert got.rows.tolist() == expected.rows.tolist()
    assert got.rows.tolist() != plain.rank(query, vector, Filters(), 20).rows.tolist()
    # the dense score shown is still the cosine to the query itself, not to the moved vector
    np.testing.assert_allclose(got.dense, demo_index.vectors[got.rows] @ vector, rtol=1e-5)
    assert not np.allclose(got.dense, expected.dense)


def test_feedback_keeps_filters_when_fewer_rows_are_allowed_than_it_reads(demo_index, encoder):
    retriever = HybridRetriever(demo_index, encoder, RetrievalSettings(feedback_docs=20))
    product = demo_index.product(0)
    brand, price = str(product["brand"]), float(product["price"])
    narrow = Filters(brands=[brand], price_min=price, price_max=price)
    hits = retriever.run("something nice", narrow, k=10)
    assert 1 <= len(hits) < 10 and product["product_id"] in {h.product_id for h in hits}
    assert all(h.product["brand"] == brand and h.product["price"] == price for h in hits)


def test_product_search_personalises_and_keeps_filters(demo_index_dir, demo_index, encoder):
    settings = Settings()
    personalizer = load_personalizer(demo_index_dir, settings)
    assert personalizer is not None
    search = ProductSearch(demo_index, encoder, settings, personalizer)
    user = personalizer.model.data.user_ids[0]
    plain = search.run("gift ideas", Filters(price_max=80), k=10)
    mine = search.run("gift ideas", Filters(price_max=80), k=10, user_id=user)
    assert all(p.price is not None and p.price <= 80 for p in mine.products)
    assert [p.product_id for p in plain.products] != [p.product_id for p in mine.products]
    assert all(p.reasons for p in mine.products)
    assert set(mine.timings_ms) == {"retrieve", "rerank"}


def test_products_keeping_the_query_words_side_by_side_rise(demo_index, encoder):
    query = "stone city"  # the brand "Summit & Stone" before a product line "City"
    lexical = demo_index.lexical
    side_by_side = set(np.flatnonzero(lexical.pair_scores(lexical.query(query).pairs)).tolist())
    apart = set(np.flatnonzero(lexical.scores(lexical.query(query).terms) > 0).tolist())
    assert side_by_side and apart - side_by_side  # the query tells them apart
    vector = encoder.encode([query])[0]

    def ranked(weight: float) -> list[int]:
        settings = RetrievalSettings(feedback_docs=0, phrase_weight=weight)
        ranking = HybridRetriever(demo_index, encoder, settings).rank(query, vector, Filters(), 900)
        assert ranking.fused.min() >= 0.0 and ranking.fused.max() <= 1.0
        return ranking.rows.tolist()

    plain, default, strong = ranked(0.0), ranked(0.1), ranked(100.0)
    assert set(strong[: len(side_by_side)]) == side_by_side
    for row in side_by_side:  # a bonus only for them: none falls, at least one rises
        assert default.index(row) <= plain.index(row)
    assert sum(plain.index(r) - default.index(r) for r in side_by_side) > 0
    with pytest.raises(ValueError, match="phrase"):
        HybridRetriever(demo_index, encoder, RetrievalSettings(phrase_weight=-1.0))


def test_the_shop_leaves_out_products_too_far_from_the_words(demo_index, encoder):
    settings = Settings()
    shop = ProductSearch(demo_index, encoder, settings, only_matches=True)
    operator = ProductSearch(demo_index, encoder, settings)  # `assistant search`
    assert shop.run("pizza", k=5).products == []  # no food storage boxes
    assert len(operator.run("pizza", k=5).products) == 5  # listed with their scores
    assert shop.run("lawn mower", k=5).products == []  # "mower" fixed to "power": no power bank
    coats = shop.run("winter coat", k=5).products  # not the frying pans' non-stick "coating"
    assert coats and all("Jackets" in p.product["category"] for p in coats)
    lamps = shop.run("desk lamp", k=5).products
    assert len(lamps) == 5 and all("Lamp" in p.title for p in lamps)
    # a typo is far in meaning (cosine 0.28 for "hedphones") but has the fixed word
    assert all("Headphones" in p.title for p in shop.run("hedphones", k=5).products)
    assert len(shop.run("backpak", k=5).products) == 5
    far = [h for h in operator.run("winter coat", k=5).hits if not shop.matches(h)]
    assert far and all((h.dense or 0) < settings.retrieval.min_dense_no_words for h in far)

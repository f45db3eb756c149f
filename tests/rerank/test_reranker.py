from __future__ import annotations

import dataclasses

import numpy as np
import pytest

from assistant.events import Event
from assistant.rerank import Reranker
from assistant.retrieval.types import Filters, SearchHit
from assistant.settings import RerankSettings

from ..recommend.taste_data import group_of, item_id
from .conftest import make_hits, product


def test_never_adds_items_and_respects_k(personalizer) -> None:
    hits = make_hits()[:12] + make_hits()[:3]  # duplicates are folded, nothing is added
    ranked = Reranker(RerankSettings(), personalizer).run(hits, "u2-1", [], Filters(), k=8)
    ids = [r.product_id for r in ranked]
    assert len(ids) == 8 and len(set(ids)) == 8
    assert set(ids) <= {h.product_id for h in hits}


def test_named_product_stays_on_top(personalizer) -> None:
    hits = make_hits()
    named = hits[-1].product_id  # the least relevant hit, from another taste group
    ranked = Reranker(RerankSettings(), personalizer).run(
        hits, "u0-0", [], Filters(), named_product_ids=[named, "not-in-hits"], k=3
    )
    assert ranked[0].product_id == named
    assert len(ranked) == 3


def test_score_is_the_documented_blend(personalizer) -> None:
    settings = RerankSettings(w_relevance=0.5, w_cf=0.3, w_popularity=0.2, diversity=0.0)
    ranked = Reranker(settings, personalizer).run(make_hits(), "u1-2", [], Filters(), k=30)
    for r in ranked:
        c = r.components
        expected = (
            0.5 * c["relevance"] + 0.3 * c["cf"] + 0.2 * c["popularity"] - c["diversity_penalty"]
        ) - settings.out_of_stock_penalty * c["out_of_stock"]
        assert r.score == pytest.approx(expected)
    assert [r.score for r in ranked] == sorted((r.score for r in ranked), reverse=True)


def test_weights_change_the_order(personalizer) -> None:
    hits = make_hits()  # group 0 most relevant, group 2 least
    user = "u2-3"
    by_relevance = Reranker(
        RerankSettings(w_relevance=1, w_cf=0, w_popularity=0, diversity=0), personalizer
    )
    by_taste = Reranker(
        RerankSettings(w_relevance=0.1, w_cf=1, w_popularity=0, diversity=0), personalizer
    )
    top_rel = [r.product_id for r in by_relevance.run(hits, user, [], Filters(), k=5)]
    top_cf = [r.product_id for r in by_taste.run(hits, user, [], Filters(), k=5)]
    assert top_rel == [h.product_id for h in hits[:5]]
    assert sum(group_of(p) == 2 for p in top_cf) >= 4


def test_diversity_reduces_near_duplicates() -> None:
    twins = [
        SearchHit(
            f"twin{n}",
            n,
            0.95 - n * 0.01,
            product={"title": f"Acme trail runner {n}", "brand": "Acme"},
        )
        for n in range(6)
    ]
    others = [
        SearchHit(f"other{n}", 6 + n, 0.8 - n * 0.01, product={"title": t, "brand": b})
        for n, (t, b) in enumerate(
            [("wool hiking sock", "Knit"), ("rain jacket", "Dry"), ("camp stove", "Heat")]
        )
    ]
    no_caps = {"max_same_title": 0, "max_same_brand": 0}  # MMR alone
    plain = Reranker(RerankSettings(diversity=0.0, **no_caps)).run(
        twins + others, None, [], Filters(), k=5
    )
    diverse = Reranker(RerankSettings(diversity=0.5, **no_caps)).run(
        twins + others, None, [], Filters(), k=5
    )
    assert sum(r.product_id.startswith("twin") for r in plain) == 5
    assert sum(r.product_id.startswith("twin") for r in diverse) <= 3
    assert any(r.components["diversity_penalty"] > 0 for r in diverse)


def test_product_vectors_drive_diversity_when_given() -> None:
    hits = [SearchHit(f"p{n}", n, 0.9 - n * 0.01, product={"title": f"item {n}"}) for n in range(4)]
    vectors = np.array([[1, 0], [1, 0.01], [0, 1], [1, 0.02]], dtype=np.float32)
    ranked = Reranker(RerankSettings(diversity=0.5)).run(
        hits, None, [], Filters(), k=2, vectors=vectors
    )
    assert [r.product_id for r in ranked] == ["p0", "p2"]


def test_every_reason_is_backed_by_a_nonzero_component(personalizer, titles) -> None:
    settings = RerankSettings(cf_reason_min=0.5, popularity_reason_min_reviews=20)
    hits = make_hits()
    hits[3] = dataclasses.replace(
        hits[3], product=product(hits[3].product_id, rating=4.5, review_count=312)
    )
    hits[4] = dataclasses.replace(hits[4], matched_terms=[])
    filters = Filters(price_max=60.0)
    user = "u0-4"
    ranked = Reranker(settings, personalizer, titles).run(hits, user, [], filters, k=30)
    history = {titles[p] for p in personalizer.model.data.history(user)}
    seen_sources = set()
    for r in ranked:
        assert len(r.reasons) == len(r.reason_sources)
        for text, source in zip(r.reasons, r.reason_sources, strict=True):
            seen_sources.add(source)
            if source == "relevance":
                assert r.components["relevance"] > 0 and "*thing*" in text
            elif source == "filter":
                assert r.price is not None and r.price <= 60.0 and "$60" in text
            elif source == "cf":
                assert r.components["cf"] >= 0.5
                assert text == "you looked at this before" or any(
                    text == f"because you looked at *{t}*" for t in history
                )  # no profile given: what the shopper did is not claimed
            elif source == "popularity":
                assert r.components["popularity"] >= 0.5
                assert text == "popular in Running: 4.5 from 312 reviews"
            else:
                pytest.fail(f"unexpected reason source {source}")
    assert {"relevance", "filter", "cf", "popularity"} <= seen_sources
    unmatched = next(r for r in ranked if r.product_id == hits[4].product_id)
    assert not any(s == "relevance" for s in unmatched.reason_sources)
    over_budget = [r for r in ranked if r.price is not None and r.price > 60.0]
    assert over_budget and all("filter" not in r.reason_sources for r in over_budget)


def test_no_cf_reason_without_personal_signal(personalizer, titles) -> None:
    ranked = Reranker(RerankSettings(), personalizer, titles).run(
        make_hits(), "stranger", [], Filters(), k=10
    )
    assert all(r.components["cf"] == 0 for r in ranked)
    assert all(s not in ("cf", "session") for r in ranked for s in r.reason_sources)


def test_anonymous_session_steers_the_ranking(personalizer, titles) -> None:
    session = [item_id(2, 0), item_id(2, 1)]
    reranker = Reranker(
        RerankSettings(w_relevance=0.3, w_cf=0.7, diversity=0), personalizer, titles
    )
    ranked = reranker.run(make_hits(), None, session, Filters(), k=5)
    assert sum(group_of(r.product_id) == 2 for r in ranked) >= 3
    session_reasons = [
        t
        for r in ranked
        for t, s in zip(r.reasons, r.reason_sources, strict=True)
        if s == "session"
    ]
    assert session_reasons and all("you looked at" in t for t in session_reasons)


def test_dislike_penalises_immediately(personalizer) -> None:
    reranker = Reranker(RerankSettings(diversity=0), personalizer)
    user = "u1-1"
    before = reranker.run(make_hits(), user, [], Filters(), k=30)
    target = next(r.product_id for r in before if group_of(r.product_id) == 1)
    pos_before = [r.product_id for r in before].index(target)
    personalizer.record(user, [Event(user, target, "dislike", 1.0, 2e9)])
    after = reranker.run(make_hits(), user, [], Filters(), k=30)
    moved = next(r for r in after if r.product_id == target)
    assert moved.components["cf"] == -1.0
    assert [r.product_id for r in after].index(target) > pos_before


def test_like_lifts_a_new_taste_immediately(personalizer) -> None:
    reranker = Reranker(RerankSettings(w_relevance=0.2, w_cf=0.8, diversity=0), personalizer)
    user = "u0-3"
    hits = make_hits()
    before = {r.product_id: r.score for r in reranker.run(hits, user, [], Filters(), k=30)}
    liked = [Event(user, item_id(1, n), "purchase", 1.0, 2e9 + n) for n in range(3)]
    personalizer.record(user, liked)
    after = {r.product_id: r.score for r in reranker.run(hits, user, [], Filters(), k=30)}
    others = [item_id(1, n) for n in range(3, 10)]
    assert np.mean([after[p] for p in others]) > np.mean([before[p] for p in others])


def test_a_bought_product_is_not_lifted_by_cf_and_reasons_say_what_was_done(
    personalizer, titles
) -> None:
    from assistant.profile.model import ShopperProfile
    from assistant.profile.scoring import ProfileContext

    user = "u0-4"
    reranker = Reranker(RerankSettings(diversity=0, cf_reason_min=0.0), personalizer, titles)
    plain = reranker.run(make_hits(), user, [], Filters(), k=30)
    top = max(plain, key=lambda r: r.components["cf"])
    assert top.components["cf"] > 0
    history = personalizer.model.data.history(user)
    kinds = {pid: "add_to_cart" for pid in history} | {top.product_id: "purchase"}
    context = ProfileContext(ShopperProfile(user, interactions=kinds))
    ranked = reranker.run(make_hits(), user, [], Filters(), k=30, profile=context)
    again = next(r for r in ranked if r.product_id == top.product_id)
    assert again.components["cf"] == 0.0 and "cf" not in again.reason_sources
    cf_texts = [
        t for r in ranked for t, s in zip(r.reasons, r.reason_sources, strict=True) if s == "cf"
    ]
    allowed = ("you had this in your cart", f"because you bought *{titles[top.product_id]}*")
    assert cf_texts and all(
        t in allowed or (t.startswith("because you added *") and t.endswith("* to your cart"))
        for t in cf_texts
    )


def test_out_of_stock_products_follow_close_in_stock_matches() -> None:
    def hit(pid: str, fused: float, in_stock: bool) -> SearchHit:
        return SearchHit(pid, 0, fused, product={"title": pid, "in_stock": in_stock})

    hits = [hit("sold-out", 0.95, False), hit("close", 0.85, True), hit("far", 0.3, True)]
    settings = RerankSettings(diversity=0.0)
    ranked = Reranker(settings).run(hits, None, [], Filters(), k=3)
    assert [r.product_id for r in ranked] == ["close", "sold-out", "far"]
    assert ranked[1].components["out_of_stock"] == 1.0
    # a clearly better match still leads; with no penalty the retrieval order stands
    far_behind = [hits[0], hit("weak", 0.4, True)]
    assert Reranker(settings).run(far_behind, None, [], Filters())[0].product_id == "sold-out"
    plain = Reranker(RerankSettings(diversity=0.0, out_of_stock_penalty=0.0))
    assert plain.run(hits, None, [], Filters())[0].product_id == "sold-out"


def test_bad_settings_are_rejected() -> None:
    with pytest.raises(ValueError):
        Reranker(RerankSettings(out_of_stock_penalty=-0.1))
    with pytest.raises(ValueError):
        Reranker(RerankSettings(w_relevance=-1))
    with pytest.raises(ValueError):
        Reranker(RerankSettings(diversity=2))
    assert Reranker(RerankSettings()).run([], None, [], Filters()) == []


def test_a_list_holds_at_most_two_of_a_title_and_three_of_a_brand() -> None:
    from assistant.rerank.diversity import cap_repeats

    assert cap_repeats([0, 1, 2, 3, 4], ["a", "a", "a", "b", ""], 2) == [0, 1, 3, 4, 2]
    assert cap_repeats([0, 1, 2], ["a", "a", "a"], 0) == [0, 1, 2]
    colours = ["", "blue", "", "white", "green"]  # "Dragon Keep, Blue" is the same listing
    game = [
        SearchHit(
            f"g{n}",
            n,
            0.9 - n * 0.01,
            product={
                "title": f"Dragon Keep, {c.title()}" if c else "Dragon Keep",
                "color": c,
                "brand": f"Toyco{n}",
            },
        )
        for n, c in enumerate(colours)
    ]
    other = [
        SearchHit(f"o{n}", 5 + n, 0.5, product={"title": f"Puzzle {n}", "brand": f"B{n % 2}"})
        for n in range(4)
    ]
    ranked = Reranker(RerankSettings(diversity=0.0)).run(game + other, None, [], Filters(), k=5)
    assert sum(r.title.startswith("Dragon Keep") for r in ranked) == 2
    by_brand = [
        SearchHit(f"b{n}", n, 0.9 - n * 0.01, product={"title": f"Jacket {n}", "brand": "Aurelle"})
        for n in range(5)
    ]
    ranked = Reranker(RerankSettings(diversity=0.0)).run(by_brand + other, None, [], Filters(), k=5)
    assert [r.brand for r in ranked].count("Aurelle") == 3
    asked = Filters(brands=["Aurelle"])  # the shopper asked for the brand: no brand cap
    ranked = Reranker(RerankSettings(diversity=0.0)).run(by_brand + other, None, [], asked, k=5)
    assert [r.brand for r in ranked].count("Aurelle") == 5

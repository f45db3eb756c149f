"""The profile in the re-ranker: soft filters, boosts, truthful reasons, control."""

from __future__ import annotations

from assistant.events import Event
from assistant.profile import ProfileContext, ProfileService, ShopperProfile
from assistant.profile.catalog import brands_of
from assistant.profile.scenario import SHAPING
from assistant.rerank import Reranker
from assistant.retrieval.types import Filters, SearchHit
from assistant.settings import RerankSettings

from .conftest import product

SHOES = {
    f"R{n}": product(
        f"R{n}",
        title=f"Road runner {n}",
        brand=brand,
        category="Shoes > Running",
        size=size,
        price=price,
        rating=rating,
        review_count=reviews,
        attributes={"material": material},
    )
    for n, (brand, size, price, rating, reviews, material) in enumerate(
        [
            ("Kinetic", "9", 95.0, 4.0, 40, "mesh"),
            ("Aerion", "11", 120.0, 4.1, 30, "leather"),
            ("Brewlab", "10", 300.0, 3.0, 2, "mesh"),
            ("Aerion", "10", 80.0, 4.8, 900, "mesh"),
            ("Kinetic", "10", 90.0, 3.5, 5, "leather"),
            ("Stride", "10", 85.0, 3.9, 12, "mesh"),
        ]
    )
}
HISTORY = {
    "H1": product("H1", brand="Kinetic", category="Shoes > Running", size="10", price=90.0),
    "H2": product("H2", brand="Kinetic", category="Shoes > Running", size="10", price=100.0),
    "H3": product("H3", brand="Kinetic", category="Shoes > Trail", size="10", price=110.0),
}
PRODUCTS = {**SHOES, **HISTORY}
KINETIC_REASON = "you bought 3 Kinetic items"  # what the shopper did, not "often"
SETTINGS = RerankSettings(diversity=0.0)


def hits() -> list[SearchHit]:
    return [
        SearchHit(pid, n, 0.8 - n * 0.02, matched_terms=["runner"], product=p)
        for n, (pid, p) in enumerate(SHOES.items())
    ]


def rank(context: ProfileContext | None) -> list:
    return Reranker(SETTINGS).run(hits(), "u1", [], Filters(), k=6, profile=context)


def order(context: ProfileContext | None) -> list[str]:
    return [r.product_id for r in rank(context)]


def shopper(store) -> ProfileService:
    store.add_events(
        Event("u1", p, "purchase", 1.0, 1_700_000_000 + n) for n, p in enumerate(HISTORY)
    )
    svc = ProfileService(store, PRODUCTS.get, brands_of(PRODUCTS))
    svc.refresh("u1")
    return svc


def test_usual_size_is_a_soft_filter_with_a_true_reason(store) -> None:
    svc = shopper(store)
    context = ProfileContext(svc.load("u1"))
    assert [f.key for f in context.soft_filters()] == ["size:shoes"]
    ranked = rank(context)
    wrong = {"R0", "R1"}  # sizes 9 and 11
    assert {r.product_id for r in ranked[-2:]} == wrong  # demoted, not removed
    for r in ranked:
        size_reason = "in your usual size 10" in r.reasons
        assert size_reason == (r.product["size"] == "10")
        if r.product_id in wrong:
            assert "not your usual size 10" in r.reasons and r.components["profile_filter"] == 1
        assert (KINETIC_REASON in r.reasons) == (r.brand == "Kinetic")
        for text, source in zip(r.reasons, r.reason_sources, strict=True):
            if source == "profile":
                assert r.components["profile"] > 0, text


def test_lifting_the_filter_restores_the_plain_order_for_size(store) -> None:
    svc = shopper(store)
    lifted = ProfileContext(svc.load("u1"), lifted=["size:shoes"])
    assert lifted.soft_filters() == []
    assert all(r.components["profile_filter"] == 0 for r in rank(lifted))


def test_removed_preference_stops_affecting_ranking(store) -> None:
    svc = shopper(store)
    before = rank(ProfileContext(svc.load("u1")))
    kinetic_before = [r for r in before if r.brand == "Kinetic" and r.product["size"] == "10"]
    assert kinetic_before and KINETIC_REASON in kinetic_before[0].reasons
    for key in [i.key for i in svc.load("u1").items]:
        svc.remove("u1", key)
    svc.refresh("u1")  # nothing comes back
    after = ProfileContext(svc.load("u1"))
    assert svc.load("u1").items == []
    assert order(after) == order(None)
    assert all(r.components["profile"] == 0 for r in rank(after))
    assert all("Kinetic" not in " ".join(r.reasons) for r in rank(after))


def test_removing_only_the_brand_removes_its_boost(store) -> None:
    svc = shopper(store)
    with_brand = {r.product_id: r for r in rank(ProfileContext(svc.load("u1")))}
    svc.remove("u1", "brand:kinetic")
    without = {r.product_id: r for r in rank(ProfileContext(svc.load("u1")))}
    assert without["R4"].components["profile"] < with_brand["R4"].components["profile"]
    assert without["R4"].score < with_brand["R4"].score
    assert without["R3"].components["profile"] == with_brand["R3"].components["profile"]


def test_stated_exclusion_and_vegan(store) -> None:
    svc = shopper(store)
    svc.capture("u1", "I hate leather")
    context = ProfileContext(svc.load("u1"), lifted=["size:shoes"])
    ranked = rank(context)
    leather = [r for r in ranked if r.product["attributes"]["material"] == "leather"]
    assert [r.product_id for r in ranked[-2:]] == [r.product_id for r in leather]
    assert all("contains leather" in r.reasons for r in leather)
    labels = [f.label for f in context.soft_filters()]
    assert labels == ["no leather"]


def test_personalisation_off_is_the_plain_ranking(store) -> None:
    svc = shopper(store)
    store.set_personalization("u1", False)
    context = ProfileContext(svc.load("u1"))
    assert not context.active and context.soft_filters() == []
    assert order(context) == order(None)


def test_gift_ignores_own_size_and_favours_well_rated(store) -> None:
    svc = shopper(store)
    gift = ProfileContext(svc.load("u1"), SHAPING["gift"])
    assert gift.soft_filters() == []
    ranked = rank(gift)
    assert all(r.components["profile_filter"] == 0 for r in ranked)
    assert all("in your usual size 10" not in r.reasons for r in ranked)
    assert ranked[0].product_id == "R3"  # 4.8 stars from 900 reviews


def test_replenish_puts_previously_bought_first(store) -> None:
    svc = shopper(store)
    profile = svc.load("u1")
    hits_with_history = hits() + [
        SearchHit(pid, 10 + n, 0.3, product=p) for n, (pid, p) in enumerate(HISTORY.items())
    ]
    ranked = Reranker(SETTINGS).run(
        hits_with_history,
        "u1",
        [],
        Filters(),
        k=9,
        profile=ProfileContext(profile, SHAPING["replenish"]),
    )
    assert {r.product_id for r in ranked[:3]} == set(HISTORY)
    assert all(r.reasons[0] == "you bought this before" for r in ranked[:3])


def test_urgent_sinks_out_of_stock() -> None:
    profile = ShopperProfile("u1")
    stocked = hits()
    stocked[0].product["in_stock"] = False
    context = ProfileContext(profile, SHAPING["urgent"])
    assert [f.key for f in context.soft_filters()] == ["scenario:in_stock"]
    ranked = Reranker(SETTINGS).run(stocked, "u1", [], Filters(), k=6, profile=context)
    assert ranked[-1].product_id == "R0" and "not in stock now" in ranked[-1].reasons

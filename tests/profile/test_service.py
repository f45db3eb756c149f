from __future__ import annotations

from collections import Counter

from assistant.events import Event
from assistant.profile import ProfileService
from assistant.profile.catalog import brands_of

from .conftest import product

PRODUCTS = {
    "B1": product("B1", brand="Brewlab", category="Kitchen > Coffee", price=20.0),
    "B2": product("B2", brand="Brewlab", category="Kitchen > Coffee", price=28.0),
    "B3": product("B3", brand="Brewlab", category="Kitchen > Coffee", price=24.0),
    "S1": product("S1", brand="Kinetic", category="Shoes > Running", size="10", price=90.0),
    "S2": product("S2", brand="Kinetic", category="Shoes > Running", size="10", price=110.0),
}


def service(store) -> ProfileService:
    return ProfileService(store, PRODUCTS.get, brands_of(PRODUCTS))


def buy(store, user: str, *pids: str) -> None:
    store.add_events(Event(user, p, "purchase", 1.0, 1_700_000_000 + n) for n, p in enumerate(pids))


def test_refresh_infers_brand_category_price_band_and_size_with_evidence(store) -> None:
    buy(store, "u1", "B1", "B2", "B3", "S1", "S2")
    svc = service(store)
    svc.refresh("u1")
    profile = svc.load("u1")
    brewlab = profile.get("brand:brewlab")
    assert brewlab is not None and brewlab.source == "inferred"
    assert brewlab.evidence == "bought 3 Brewlab items"
    assert 0 < brewlab.confidence < 1
    size = profile.size("shoes")
    assert size is not None and size.value == "10" and "2 of 2" in size.evidence
    band = profile.price_band("Kitchen > Coffee")
    assert band is not None and band.value["low"] <= 20.0 and band.value["high"] >= 28.0
    assert profile.purchased == {p: 1 for p in ("B1", "B2", "B3", "S1", "S2")}


def test_carted_then_bought_counts_once_and_evidence_says_carted(store) -> None:
    def event(pid: str, kind: str, n: int) -> Event:
        return Event("u2", pid, kind, 1.0, 1_700_000_000 + n)

    # S1 carted and bought (one product), S2 only carted
    store.add_events([event("S1", "add_to_cart", 0), event("S1", "purchase", 1)])
    store.add_events([event("S2", "add_to_cart", 2)])
    svc = service(store)
    svc.refresh("u2")
    profile = svc.load("u2")
    assert profile.size("shoes").evidence == "2 of 2 shoes bought or carted in size 10"
    assert (
        profile.price_band("Shoes").evidence == "2 Shoes items bought or carted at $90.00-$110.00"
    )
    assert profile.interactions == {"S1": "purchase", "S2": "add_to_cart"}
    assert profile.purchased == {"S1": 1}


def test_evidence_counts_products_looked_at_and_no_poor_rating(store) -> None:
    def event(pid: str, kind: str, n: int, value: float = 1.0) -> Event:
        return Event("u5", pid, kind, value, 1_700_000_000 + n)

    # 10 views and 4 clicks of 2 Brewlab products; a 1-star rating of a third
    looks = [event(p, "view", n) for n, p in enumerate(["B1", "B2"] * 5)]
    looks += [event(p, "click", 20 + n) for n, p in enumerate(["B1", "B2"] * 2)]
    store.add_events([*looks, event("B3", "rating", 40, 1.0)])
    svc = service(store)
    svc.refresh("u5")
    brewlab = svc.load("u5").get("brand:brewlab")
    assert brewlab is not None and brewlab.evidence == "looked at 2 Brewlab items"


def test_a_liked_item_of_a_brand_keeps_the_brand_from_being_avoided(store) -> None:
    def event(pid: str, kind: str, n: int) -> Event:
        return Event("u3", pid, kind, 1.0, 1_700_000_000 + n)

    store.add_events([event("B1", "dislike", 0), event("B2", "dislike", 1)])
    svc = service(store)
    svc.refresh("u3")
    assert svc.load("u3").get("avoid_brand:brewlab") is not None
    store.add_events([event("B3", "like", 2)])
    svc.refresh("u3")
    assert svc.load("u3").get("avoid_brand:brewlab") is None


def test_stated_outranks_inferred_and_refresh_keeps_it(store) -> None:
    buy(store, "u1", "S1", "S2")
    svc = service(store)
    svc.refresh("u1")
    assert svc.load("u1").size("shoes").value == "10"
    captured = svc.capture("u1", "I'm a size 11")
    assert [(i.key, i.value) for i in captured] == [("size:shoes", "11")]
    svc.refresh("u1")  # would infer 10 again, but the stated 11 wins
    size = svc.load("u1").size("shoes")
    assert size.value == "11" and size.source == "stated"


def test_removed_item_is_not_inferred_again(store) -> None:
    buy(store, "u1", "B1", "B2", "B3")
    svc = service(store)
    svc.refresh("u1")
    assert svc.remove("u1", "brand:brewlab") is True
    svc.refresh("u1")
    profile = svc.load("u1")
    assert profile.get("brand:brewlab") is None
    assert profile.categories()  # the rest is still inferred
    # stating it again brings it back
    svc.capture("u1", "I love Brewlab")
    assert svc.load("u1").get("brand:brewlab").source == "stated"


def test_correct_sets_a_stated_value(store) -> None:
    buy(store, "u1", "B1", "B2", "B3")
    svc = service(store)
    svc.refresh("u1")
    item = svc.correct("u1", "price_band:kitchen", "10-60")
    assert item.value == {"low": 10.0, "high": 60.0} and item.source == "stated"
    assert svc.load("u1").price_band("Kitchen > Coffee").value == {"low": 10.0, "high": 60.0}


def test_bad_keys_and_values_are_clear_errors(store) -> None:
    import pytest

    from assistant.errors import AssistantError

    svc = service(store)
    with pytest.raises(AssistantError, match="not a profile item key"):
        svc.remove("u1", "favourite")
    with pytest.raises(AssistantError, match="price band"):
        svc.correct("u1", "price_band:kitchen", "cheap")


def test_personalisation_off_hides_and_stops_capture(store) -> None:
    buy(store, "u1", "B1", "B2", "B3")
    svc = service(store)
    svc.refresh("u1")
    store.set_personalization("u1", False)
    view = svc.view("u1")
    assert view["hidden"] is True and view["items"] == []
    assert svc.load("u1").items == [] and not svc.load("u1").enabled
    assert svc.capture("u1", "I hate leather") == []
    store.set_personalization("u1", True)
    assert svc.load("u1").get("brand:brewlab") is not None
    assert svc.load("u1").get("exclude:leather") is None


def test_forget_deletes_the_profile(store) -> None:
    buy(store, "u1", "B1", "B2", "B3")
    svc = service(store)
    svc.refresh("u1")
    svc.capture("u1", "I'm vegan")
    svc.remove("u1", "category:kitchen > coffee")
    report = store.forget_user("u1")
    assert report.profile_facts >= 3
    assert store.profile_facts("u1") == {}
    assert svc.load("u1").is_empty()


def test_kept_orders_do_not_rebuild_a_forgotten_profile(store) -> None:
    from assistant.profile.service import mark_forgotten
    from assistant.store.records import Order, OrderItem

    def order(oid: str, placed: str, *pids: str) -> Order:
        lines = tuple(OrderItem(p, PRODUCTS[p]["title"], 1, 20.0) for p in pids)
        return Order(oid, "u4", "delivered", placed, lines)

    store.add_orders([order("A1001", "2026-10-01T10:00:00Z", "B1", "B2", "B3")])
    svc = service(store)
    svc.refresh("u4")
    assert svc.load("u4").get("brand:brewlab") is not None
    store.forget_user("u4")
    mark_forgotten(store, "u4", when=1_791_000_000.0)  # 2026-10-03, after the order
    svc.refresh("u4")
    profile = svc.load("u4")
    assert profile.is_empty() and profile.purchased == {}  # the kept order is not used
    store.add_orders([order("A1002", "2026-11-20T10:00:00Z", "B1", "B2")])  # a new order
    svc.refresh("u4")
    assert svc.load("u4").purchased == {"B1": 1, "B2": 1}


def test_demo_shoppers_profiles_follow_their_taste(
    demo_store, demo_products, demo_shoppers
) -> None:
    svc = ProfileService(demo_store, demo_products.get, brands_of(demo_products))
    agree = checked = 0
    for user, shopper in list(demo_shoppers.items())[:40]:
        if shopper["cold_start"]:
            continue
        svc.refresh(user)
        brands = [i.value for i in svc.load(user).of_kind("brand")]
        if not brands:
            continue
        checked += 1
        agree += Counter(b in shopper["preferred_brands"] for b in brands)[True] >= 1
    assert checked >= 20
    assert agree / checked >= 0.8

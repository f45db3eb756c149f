from __future__ import annotations

from assistant.events import Event
from assistant.profile import ShopperProfiles
from assistant.profile.catalog import brands_of

from .conftest import product

PRODUCTS = {
    f"S{n}": product(f"S{n}", brand="Kinetic", category="Shoes > Running", size="10")
    for n in range(3)
}


def test_prepare_turn_captures_refreshes_and_shapes(store) -> None:
    store.add_events(
        Event("u1", p, "purchase", 1.0, 1_700_000_000 + n) for n, p in enumerate(PRODUCTS)
    )
    profiles = ShopperProfiles(store, PRODUCTS.get, brands_of(PRODUCTS))

    first = profiles.prepare_turn("u1", ["running shoes please"])
    assert first.scenario.scenario == "browsing"
    assert first.profile.get("brand:kinetic") is not None  # refreshed on first use
    assert [f.key for f in first.soft_filters] == ["size:shoes"]
    assert profiles.refresh_if_stale("u1") is False  # nothing new since

    second = profiles.prepare_turn("u1", ["running shoes please", "I hate leather"])
    assert [i.key for i in second.captured] == ["exclude:leather"]
    assert {f.key for f in second.soft_filters} == {"size:shoes", "exclude:leather"}

    gift = profiles.prepare_turn("u1", ["a birthday present for my brother, he runs"])
    assert gift.scenario.scenario == "gift"
    assert "size:shoes" not in {f.key for f in gift.soft_filters}

    lifted = profiles.prepare_turn("u1", ["running shoes in any size"])
    assert "size:shoes" not in {f.key for f in lifted.soft_filters}
    assert lifted.to_dict()["scenario"]["scenario"] == "browsing"

    store.add_event(Event("u1", "S0", "dislike", 1.0, 1_800_000_000))
    assert profiles.refresh_if_stale("u1") is True


def test_anonymous_and_personalisation_off(store) -> None:
    profiles = ShopperProfiles(store, PRODUCTS.get)
    anon = profiles.prepare_turn(None, ["I'm a size 9"])
    assert anon.captured == [] and anon.profile.items == []
    store.set_personalization("u2", False)
    off = profiles.prepare_turn("u2", ["I'm a size 9"])
    assert off.captured == [] and not off.profile.enabled
    assert store.profile_facts("u2") == {}

"""Shoppers and interactions: valid references, a real funnel and a learnable taste structure."""

from __future__ import annotations

import itertools
import re
from collections import Counter, defaultdict
from datetime import timedelta

from assistant.demo import REFERENCE_DATE
from assistant.demo.taste_groups import TASTE_GROUP_BY_NAME
from assistant.events import EVENT_TYPES, Event


def test_shoppers_are_well_formed(default_shop):
    shoppers = default_shop.shoppers
    assert len(shoppers) == 200
    assert [s["user_id"] for s in shoppers] == [f"u{i:03d}" for i in range(1, 201)]
    groups = Counter(s["taste_group"] for s in shoppers)
    assert set(groups) == set(TASTE_GROUP_BY_NAME)
    assert min(groups.values()) >= 20  # ~25 shoppers per group
    for s in shoppers:
        assert s["display_name"] and s["price_tier"] in {"budget", "mid", "premium"}
        assert s["preferred_categories"] and s["preferred_brands"]
        assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", s["joined_at"])


def test_interactions_follow_the_contract(default_shop):
    product_ids = {p["product_id"] for p in default_shop.products}
    user_ids = {s["user_id"] for s in default_shop.shoppers}
    end = REFERENCE_DATE.timestamp()
    start = (REFERENCE_DATE - timedelta(days=183)).timestamp()
    rows = default_shop.interactions
    assert list(rows[0]) == ["user_id", "product_id", "event", "value", "timestamp"]
    for row in rows:
        event = Event(
            row["user_id"],
            row["product_id"],
            row["event"],
            float(row["value"]),
            float(row["timestamp"]),
        )
        assert event.user_id in user_ids and event.product_id in product_ids
        assert start <= event.timestamp < end
        assert row["timestamp"].isdigit()
        if event.event == "rating":
            assert event.value in {1, 2, 3, 4, 5}
    assert {r["event"] for r in rows} == set(EVENT_TYPES)
    assert {r["user_id"] for r in rows} == user_ids  # every shopper did something


def test_funnel_ratios_are_realistic(default_shop):
    counts = Counter(r["event"] for r in default_shop.interactions)
    assert counts["view"] > counts["click"] > counts["add_to_cart"] > counts["purchase"]
    assert 0.2 < counts["click"] / counts["view"] < 0.6
    assert 0.3 < counts["purchase"] / counts["add_to_cart"] < 0.8
    assert counts["rating"] < counts["purchase"]
    assert counts["dislike"] < counts["like"]


def test_cold_shoppers_have_very_few_events(default_shop):
    per_user = Counter(r["user_id"] for r in default_shop.interactions)
    cold = [s["user_id"] for s in default_shop.shoppers if s["cold_start"]]
    assert 3 <= len(cold) <= 10
    assert all(per_user[u] <= 6 for u in cold)
    warm = sorted(per_user[s["user_id"]] for s in default_shop.shoppers if not s["cold_start"])
    assert warm[len(warm) // 2] >= 50


def test_popularity_is_long_tailed(default_shop):
    per_item = Counter(r["product_id"] for r in default_shop.interactions)
    counts = sorted(per_item.values(), reverse=True)
    top_decile = sum(counts[: len(counts) // 10]) / sum(counts)
    assert top_decile > 0.35
    assert counts[0] > 20 * counts[len(counts) // 2]


def test_each_group_buys_mostly_what_it_prefers(default_shop):
    category = {p["product_id"]: p["category"] for p in default_shop.products}
    group_of = {s["user_id"]: s["taste_group"] for s in default_shop.shoppers}
    bought: dict[str, list[str]] = defaultdict(list)
    for row in default_shop.interactions:
        if row["event"] == "purchase":
            bought[group_of[row["user_id"]]].append(category[row["product_id"]])
    for name, group in TASTE_GROUP_BY_NAME.items():

        def share(paths: list[str], group=group) -> float:
            return sum(group.category_weight(p) > 0 for p in paths) / len(paths)

        own = share(bought[name])
        others = [share(bought[other]) for other in TASTE_GROUP_BY_NAME if other != name]
        assert own > 0.75, (name, own)
        assert own > 1.5 * max(others), (name, own, others)
        assert own > 3 * (sum(others) / len(others)), (name, own, others)


def test_shoppers_of_one_group_share_items(default_shop):
    """The signal collaborative filtering learns: overlap within a group, little across."""
    group_of = {s["user_id"]: s["taste_group"] for s in default_shop.shoppers}
    items: dict[str, set[str]] = defaultdict(set)
    for row in default_shop.interactions:
        items[row["user_id"]].add(row["product_id"])
    active = [u for u in items if len(items[u]) >= 10]
    within, across = [], []
    for u, v in itertools.combinations(active, 2):
        jaccard = len(items[u] & items[v]) / len(items[u] | items[v])
        (within if group_of[u] == group_of[v] else across).append(jaccard)
    assert sum(within) / len(within) > 5 * sum(across) / len(across)

"""The same seed writes byte-identical files; another seed writes a different shop."""

from __future__ import annotations

from pathlib import Path

import numpy as np

from assistant.demo import generate_demo


def snapshot(directory: Path) -> dict[str, bytes]:
    return {
        str(path.relative_to(directory)): path.read_bytes()
        for path in sorted(directory.rglob("*"))
        if path.is_file()
    }


def test_same_seed_same_bytes(tmp_path, small_shop):
    again = generate_demo(tmp_path / "again", seed=11, n_products=400, n_shoppers=40)
    first, second = snapshot(small_shop.summary.out_dir), snapshot(again.out_dir)
    assert first.keys() == second.keys()
    assert {"catalog.jsonl", "shoppers.jsonl", "interactions.csv", "orders.jsonl"} <= set(first)
    assert first == second


def test_different_seed_different_shop(tmp_path, small_shop):
    other = generate_demo(tmp_path / "other", seed=12, n_products=400, n_shoppers=40)
    for name in ("catalog.jsonl", "interactions.csv", "orders.jsonl"):
        assert (small_shop.summary.out_dir / name).read_bytes() != (
            other.out_dir / name
        ).read_bytes()


def test_global_random_state_is_left_alone(tmp_path):
    np.random.seed(0)
    expected = np.random.random(3)
    np.random.seed(0)
    generate_demo(tmp_path / "g", seed=3, n_products=60, n_shoppers=10)
    assert np.array_equal(np.random.random(3), expected)


def test_tiny_shop_still_has_every_file(tmp_path):
    summary = generate_demo(tmp_path / "tiny", seed=1, n_products=5, n_shoppers=2)
    assert summary.n_products == 5 and summary.n_shoppers == 2
    for path in (summary.catalog_path, summary.shoppers_path, summary.orders_path):
        assert path.is_file()
    assert summary.interactions_path.read_text().startswith(
        "user_id,product_id,event,value,timestamp"
    )

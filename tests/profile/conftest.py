from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from assistant.store import open_store


@pytest.fixture(scope="session")
def demo_products(demo_dir: Path) -> dict[str, dict[str, Any]]:
    out = {}
    for line in (demo_dir / "catalog.jsonl").read_text(encoding="utf-8").splitlines():
        product = json.loads(line)
        out[product["product_id"]] = product
    return out


@pytest.fixture(scope="session")
def demo_shoppers(demo_dir: Path) -> dict[str, dict[str, Any]]:
    rows = (demo_dir / "shoppers.jsonl").read_text(encoding="utf-8").splitlines()
    return {s["user_id"]: s for s in map(json.loads, rows)}


@pytest.fixture
def store(tmp_path: Path):
    s = open_store(tmp_path / "store.sqlite3")
    yield s
    s.close()


@pytest.fixture
def demo_store(tmp_path: Path, demo_dir: Path):
    """A fresh store holding the demo shop's interaction events."""
    s = open_store(tmp_path / "demo.sqlite3")
    s.import_events(demo_dir / "interactions.csv")
    yield s
    s.close()


def product(pid: str, **fields: Any) -> dict[str, Any]:
    base: dict[str, Any] = {
        "product_id": pid,
        "title": f"Item {pid}",
        "brand": "Acme",
        "category": "Home > Decor",
        "price": 30.0,
        "color": "grey",
        "size": "",
        "rating": 4.0,
        "review_count": 10,
        "in_stock": True,
        "attributes": {},
    }
    base.update(fields)
    return base

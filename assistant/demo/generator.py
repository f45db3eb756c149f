"""Runs the demo generators in order and writes their files."""

from __future__ import annotations

import csv
import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import numpy as np

from assistant.demo.catalog_generator import CatalogGenerator
from assistant.demo.images import write_images
from assistant.demo.orders_generator import Order, OrderBook
from assistant.demo.shoppers_generator import Shopper, ShopperSimulation
from assistant.events import Event

# Every date in the demo is relative to this instant, never to the clock.
REFERENCE_DATE = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)

CATALOG_FILE = "catalog.jsonl"
SHOPPERS_FILE = "shoppers.jsonl"
INTERACTIONS_FILE = "interactions.csv"
ORDERS_FILE = "orders.jsonl"
IMAGES_DIR = "images"


@dataclass(frozen=True)
class DemoSummary:
    out_dir: Path
    seed: int
    reference_date: str
    n_products: int
    n_categories: int  # top-level
    n_subcategories: int
    n_brands: int
    n_images: int
    images_bytes: int
    n_shoppers: int
    n_interactions: int
    events: dict[str, int]
    n_orders: int
    order_statuses: dict[str, int]
    catalog_path: Path
    shoppers_path: Path
    interactions_path: Path
    orders_path: Path
    images_dir: Path

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        return {k: str(v) if isinstance(v, Path) else v for k, v in data.items()}


def generate_demo(
    out_dir: Path, seed: int = 7, n_products: int = 3600, n_shoppers: int = 200
) -> DemoSummary:
    """Write the demo shop into ``out_dir`` (created if needed) and summarise it."""
    out_dir = Path(out_dir)
    if n_products < 1 or n_shoppers < 1:
        raise ValueError("n_products and n_shoppers must be at least 1")
    rng = np.random.default_rng(seed)
    reference_ts = int(REFERENCE_DATE.timestamp())
    catalog = CatalogGenerator(n_products).run(rng)
    people = ShopperSimulation(n_shoppers, reference_ts).run(catalog, rng)
    orders = OrderBook(reference_ts).run(people.checkouts, catalog.products, rng)

    out_dir.mkdir(parents=True, exist_ok=True)
    paths = {name: out_dir / name for name in (CATALOG_FILE, SHOPPERS_FILE, ORDERS_FILE)}
    _write_jsonl(paths[CATALOG_FILE], [p.to_dict() for p in catalog.products])
    _write_jsonl(paths[SHOPPERS_FILE], [s.to_dict() for s in people.shoppers])
    _write_jsonl(paths[ORDERS_FILE], [o.to_dict() for o in orders])
    interactions_path = out_dir / INTERACTIONS_FILE
    _write_interactions(interactions_path, people.events)
    images_bytes = write_images(catalog.images, out_dir / IMAGES_DIR)

    return DemoSummary(
        out_dir=out_dir,
        seed=seed,
        reference_date=REFERENCE_DATE.isoformat(),
        n_products=len(catalog.products),
        n_categories=len(set(catalog.top_categories)),
        n_subcategories=len({p.category for p in catalog.products}),
        n_brands=len({p.brand for p in catalog.products}),
        n_images=len(catalog.images),
        images_bytes=images_bytes,
        n_shoppers=len(people.shoppers),
        n_interactions=len(people.events),
        events=_count(e.event for e in people.events),
        n_orders=len(orders),
        order_statuses=_count(o.status for o in orders),
        catalog_path=paths[CATALOG_FILE],
        shoppers_path=paths[SHOPPERS_FILE],
        interactions_path=interactions_path,
        orders_path=paths[ORDERS_FILE],
        images_dir=out_dir / IMAGES_DIR,
    )


def _count(values: Any) -> dict[str, int]:
    counts: dict[str, int] = {}
    for value in values:
        counts[value] = counts.get(value, 0) + 1
    return dict(sorted(counts.items()))


def _write_jsonl(path: Path, rows: list[dict[str, Any]]) -> None:
    with path.open("w", encoding="utf-8", newline="\n") as fh:
        for row in rows:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def _write_interactions(path: Path, events: list[Event]) -> None:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["user_id", "product_id", "event", "value", "timestamp"])
        for e in events:
            writer.writerow([e.user_id, e.product_id, e.event, f"{e.value:g}", int(e.timestamp)])


__all__ = ["REFERENCE_DATE", "DemoSummary", "Order", "Shopper", "generate_demo"]

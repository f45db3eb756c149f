from __future__ import annotations

import json
from pathlib import Path

import pytest

COLORS = ("red", "blue", "green", "black")
KINDS = (
    ("Trail Running Shoe", "Shoes > Running", 89.0),
    ("Waterproof Hiking Boot", "Shoes > Hiking", 140.0),
    ("Merino Wool Sweater", "Clothing > Knitwear", 75.0),
    ("Cast Iron Skillet", "Kitchen > Cookware", 45.0),
    ("Espresso Machine", "Kitchen > Coffee", 320.0),
    ("Yoga Mat", "Sports > Yoga", 30.0),
)


def small_catalog_rows(n: int = 24) -> list[dict[str, object]]:
    rows = []
    for i in range(n):
        title, category, price = KINDS[i % len(KINDS)]
        color = COLORS[i % len(COLORS)]
        rows.append(
            {
                "product_id": f"S{i:03d}",
                "title": f"{title} {i}",
                "description": f"A {color} {title.lower()} for everyday use.",
                "brand": ("Pacer", "Brewlab", "North Ridge")[i % 3],
                "category": category,
                "price": price + i,
                "color": color,
                "size": ("S", "M", "L", "10")[i % 4],
                "rating": 3.5 + (i % 3) * 0.5,
                "review_count": 10 * i,
                "in_stock": i % 5 != 0,
            }
        )
    return rows


def write_jsonl(path: Path, rows: list[dict[str, object]]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


@pytest.fixture
def small_catalog(tmp_path: Path) -> Path:
    return write_jsonl(tmp_path / "catalog.jsonl", small_catalog_rows())

"""Product lookups for profiles: product_id -> catalog fields, from an index or a catalog file."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from assistant.errors import AssistantError

FIELDS = (
    "title",
    "brand",
    "category",
    "price",
    "color",
    "size",
    "rating",
    "review_count",
    "in_stock",
    "attributes",
)


def products_from_index(directory: str | Path) -> dict[str, dict[str, Any]]:
    """Every product of a built index (only its product table is read)."""
    from assistant.indexing import layout
    from assistant.indexing.product_index import PRODUCTS_FILE
    from assistant.indexing.product_table import read_table, record

    try:
        root = layout.resolve(directory)
        frame = read_table(root / PRODUCTS_FILE)
    except (OSError, ValueError) as exc:
        raise AssistantError(f"cannot read the index at {directory}: {exc}") from None
    out = {}
    for row in range(len(frame)):
        product = record(frame, row)
        out[str(product["product_id"])] = {k: product.get(k) for k in ("product_id", *FIELDS)}
    return out


def products_from_catalog(path: str | Path) -> dict[str, dict[str, Any]]:
    """Every valid product of a catalog file (CSV / JSONL / Parquet)."""
    from assistant.catalog import load_catalog

    loaded = load_catalog(path)
    out = {}
    for product in loaded.products:
        data = product.to_dict() if hasattr(product, "to_dict") else dict(vars(product))
        out[str(data["product_id"])] = data
    return out


def brands_of(products: Mapping[str, Mapping[str, Any]]) -> list[str]:
    return sorted({str(p.get("brand")) for p in products.values() if p.get("brand")})

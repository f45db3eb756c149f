"""Turn raw catalog rows into validated ``Product`` records, and bad rows into rejects."""

from __future__ import annotations

import csv
import json
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from assistant.catalog.reader import read_table
from assistant.catalog.schema import ALL_COLUMNS, REQUIRED_COLUMNS, Product
from assistant.catalog.shopify import fold_shopify
from assistant.errors import CatalogError

PRESETS = ("shopify",)
MAX_TITLE_CHARS = 1_000
MAX_DESCRIPTION_CHARS = 20_000
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_YES = {"true", "1", "yes", "y", "t"}
_TRUE = {"true", "1", "yes", "y", "t", "in stock", "instock", "available"}
_FALSE = {"false", "0", "no", "n", "f", "out of stock", "outofstock", "unavailable", "sold out"}


# columns the readers add (parse errors, extra cells) and the update marker
_ROW_MARKERS = ("__parse_error__", "__extra_cells__", "deleted")


@dataclass
class Reject:
    row: int  # 1-based row number in the source (line number for CSV/JSONL)
    product_id: str
    reason: str


@dataclass
class CatalogLoad:
    products: list[Product]
    rejects: list[Reject]
    source: Path
    rows_read: int
    format: str
    encoding: str
    deleted_ids: list[str] = field(default_factory=list)  # rows marked deleted=true (updates)
    # the product fields the file has (after --map); an update keeps the others as they were
    columns: list[str] = field(default_factory=lambda: list(ALL_COLUMNS))
    # JSON lines: the fields of rows that leave some of ``columns`` out (product_id -> fields)
    row_columns: dict[str, list[str]] = field(default_factory=dict)

    def fields_of(self, product_id: str) -> list[str]:
        """The fields this load sets for ``product_id`` (an update changes only these)."""
        return self.row_columns.get(product_id, self.columns)

    def summary(self) -> dict[str, Any]:
        return {
            "source": str(self.source),
            "format": self.format,
            "rows_read": self.rows_read,
            "products": len(self.products),
            "rejected": len(self.rejects),
            "deleted": len(self.deleted_ids),
        }


def parse_mapping(pairs: list[str] | None) -> dict[str, str]:
    """``["title=product_name", ...]`` -> ``{"title": "product_name"}`` (ours = theirs)."""
    mapping: dict[str, str] = {}
    for pair in pairs or []:
        ours, sep, theirs = pair.partition("=")
        ours, theirs = ours.strip(), theirs.strip()
        if not sep or not ours or not theirs:
            raise CatalogError(
                f"bad --map {pair!r}: expected FIELD=COLUMN, e.g. title=product_name"
            )
        if ours not in ALL_COLUMNS:
            raise CatalogError(
                f"bad --map {pair!r}: {ours!r} is not a catalog field ({', '.join(ALL_COLUMNS)})"
            )
        if ours in mapping and mapping[ours] != theirs:
            raise CatalogError(f"bad --map {pair!r}: {ours} is already mapped to {mapping[ours]!r}")
        mapping[ours] = theirs
    return mapping


def load_catalog(
    path: str | Path,
    mapping: Mapping[str, str] | None = None,
    preset: str | None = None,
    fmt: str | None = None,
) -> CatalogLoad:
    """Read, map and validate a catalog. Raises ``CatalogError`` when nothing usable remains."""
    if preset is not None and preset not in PRESETS:
        raise CatalogError(f"unknown preset {preset!r}; available: {', '.join(PRESETS)}")
    table = read_table(path, fmt)
    if preset == "shopify":
        table = fold_shopify(table)
    frame = table.frame
    if mapping:
        missing = [theirs for theirs in mapping.values() if theirs not in frame.columns]
        if missing:
            columns = [str(c) for c in frame.columns if c not in _ROW_MARKERS]
            raise CatalogError(
                f"--map refers to column(s) not in {table.source}: {', '.join(missing)} "
                f"(columns: {', '.join(columns[:20])})"
            )
        # one source column may feed several fields (product_id=sku, title=sku)
        mapped = pd.DataFrame({ours: frame[theirs] for ours, theirs in mapping.items()})
        frame = pd.concat(
            [frame.drop(columns=[c for c in mapping if c in frame.columns]), mapped], axis=1
        )
        frame = frame.loc[:, ~frame.columns.duplicated(keep="last")]
    missing_required = [c for c in REQUIRED_COLUMNS if c not in frame.columns]
    if missing_required:
        raise CatalogError(
            f"catalog {table.source} is missing required column(s): {', '.join(missing_required)}"
            " (use --map FIELD=COLUMN or --preset shopify)"
        )
    # only our own fields are read: drop the rest first (a 100,000-column export stays fast)
    frame = frame[[c for c in frame.columns if c in ALL_COLUMNS or c in _ROW_MARKERS]]
    records = [{str(k): v for k, v in r.items()} for r in frame.to_dict("records")]
    products, rejects, deleted = validate_rows(records, table.line_numbers)
    columns = [c for c in ALL_COLUMNS if c in frame.columns]
    row_columns: dict[str, list[str]] = {}
    for record in records:  # a key a JSON line leaves out reads as NaN here
        present = [c for c in columns if not _absent(record.get(c))]
        if present != columns:
            row_columns[_text(record.get("product_id"))] = present
    if not products and not deleted:
        if not rejects:
            raise CatalogError(f"catalog {table.source} has a header but no product rows")
        reasons = sorted({r.reason for r in rejects})[:3]
        raise CatalogError(
            f"catalog {table.source} has no valid rows ({len(rejects)} rejected: "
            + "; ".join(reasons)
            + ")"
        )
    return CatalogLoad(
        products, rejects, table.source, len(frame), table.fmt, table.encoding, deleted,
        columns=columns, row_columns=row_columns,
    )  # fmt: skip


def _absent(value: Any) -> bool:
    return value is None or (isinstance(value, float) and math.isnan(value))


def validate_rows(
    records: list[dict[str, Any]], line_numbers: list[int]
) -> tuple[list[Product], list[Reject], list[str]]:
    """Valid products, rejected rows, and ids of rows marked ``deleted`` (for updates)."""
    products: list[Product] = []
    rejects: list[Reject] = []
    deleted: list[str] = []
    seen: dict[str, int] = {}
    for record, line in zip(records, line_numbers, strict=True):
        pid = _text(record.get("product_id"))
        if pid and _text(record.get("deleted")).lower() in _YES:
            deleted.append(pid)
            continue
        try:
            product = validate_row(record)
        except ValueError as exc:
            rejects.append(Reject(line, pid, str(exc)))
            continue
        if product.product_id in seen:
            rejects.append(
                Reject(line, pid, f"duplicate product_id (first seen at row {seen[pid]})")
            )
            continue
        seen[product.product_id] = line
        products.append(product)
    return products, rejects, deleted


def validate_row(record: Mapping[str, Any]) -> Product:
    """One raw record -> Product, or ValueError with the reason."""
    if record.get("__parse_error__"):
        raise ValueError(str(record["__parse_error__"]))
    extra = record.get("__extra_cells__") or 0
    if extra:
        raise ValueError(f"row has {extra} more cell(s) than the header")
    pid = _text(record.get("product_id"))
    if not pid:
        raise ValueError("missing product_id")
    if len(pid) > 200:
        raise ValueError("product_id longer than 200 characters")
    title = _text(record.get("title"))
    if not title:
        raise ValueError("missing title")
    if len(title) > MAX_TITLE_CHARS:
        raise ValueError(f"title longer than {MAX_TITLE_CHARS} characters")
    description = _text(record.get("description"))
    if len(description) > MAX_DESCRIPTION_CHARS:
        raise ValueError(f"description longer than {MAX_DESCRIPTION_CHARS} characters")
    return Product(
        product_id=pid,
        title=title,
        description=description,
        brand=_text(record.get("brand")),
        category=_category(_text(record.get("category"))),
        price=_price(record.get("price")),
        currency=_text(record.get("currency")).upper() or "USD",
        color=_text(record.get("color")),
        size=_text(record.get("size")),
        image_url=_text(record.get("image_url")),
        rating=_rating(record.get("rating")),
        review_count=_count(record.get("review_count")),
        in_stock=_bool(record.get("in_stock")),
        attributes=_attributes(record.get("attributes")),
    )


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and math.isnan(value):
        return ""
    return _CONTROL.sub("", str(value)).strip()


def _category(value: str) -> str:
    if not value:
        return ""
    return " > ".join(p.strip() for p in value.split(">") if p.strip())


def _number(value: Any, name: str) -> float | None:
    text = _text(value)
    if not text:
        return None
    cleaned = re.sub(r"^[A-Z]{0,3}\s*[$€£¥]?\s*", "", text)
    if "," in cleaned:
        if not _THOUSANDS.fullmatch(cleaned):
            raise ValueError(
                f"{name} {text[:40]!r} is ambiguous: a comma is read only as a thousands "
                "separator (1,299.00); write decimals with a point (12.50)"
            )
        cleaned = cleaned.replace(",", "")
    try:
        number = float(cleaned)
    except ValueError:
        raise ValueError(f"{name} is not a number: {text[:40]!r}") from None
    if not math.isfinite(number):
        raise ValueError(f"{name} is not a finite number: {text[:40]!r}")
    return number


def _price(value: Any) -> float | None:
    number = _number(value, "price")
    if number is not None and number < 0:
        raise ValueError(f"price is negative: {number}")
    return number


def _rating(value: Any) -> float | None:
    number = _number(value, "rating")
    if number is not None and not 0 <= number <= 5:
        raise ValueError(f"rating {number} is outside 0-5")
    return number


def _count(value: Any) -> int:
    number = _number(value, "review_count")
    if number is None:
        return 0
    if number < 0 or number != int(number):
        raise ValueError(f"review_count is not a non-negative integer: {number}")
    return int(number)


def _bool(value: Any) -> bool:
    text = _text(value).lower()
    if not text:
        return True
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ValueError(f"in_stock is not a yes/no value: {text[:40]!r}")


def _attributes(value: Any) -> dict[str, str]:
    if isinstance(value, dict):
        return {str(k): _text(v) for k, v in value.items()}
    text = _text(value)
    if not text:
        return {}
    if text.startswith("{"):
        try:
            data = json.loads(text)
        except json.JSONDecodeError:
            raise ValueError("attributes is not a valid JSON object") from None
        if not isinstance(data, dict):
            raise ValueError("attributes is not a JSON object")
        return {str(k): _text(v) for k, v in data.items()}
    result: dict[str, str] = {}
    for part in text.split(";"):
        if not part.strip():
            continue
        key, sep, val = part.partition(":")
        if not sep or not key.strip():
            raise ValueError(f"attributes part {part.strip()[:40]!r} is not 'key: value'")
        result[key.strip()] = val.strip()
    return result


def write_rejects(rejects: list[Reject], path: Path) -> None:
    """CSV of rejected rows. Cells are neutralised against spreadsheet formula injection."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["row", "product_id", "reason"])
        for r in rejects:
            writer.writerow([r.row, _safe_cell(r.product_id), _safe_cell(r.reason)])


def _safe_cell(text: str) -> str:
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text

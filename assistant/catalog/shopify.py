"""Preset for a Shopify product CSV export: variants folded into one product, HTML stripped."""

from __future__ import annotations

import html
import json
import re
from html.parser import HTMLParser
from typing import Any, ClassVar

import pandas as pd

from assistant.catalog.reader import RawTable
from assistant.errors import CatalogError

SHOPIFY_REQUIRED = ("Handle",)
_THOUSANDS = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_CURRENCY = re.compile(r"^\s*(?:[A-Z]{3})?\s*[$€£¥]?\s*")
_OPTION_FIELDS = {"color": "color", "colour": "color", "size": "size"}


class _TextExtractor(HTMLParser):
    BLOCK: ClassVar[set[str]] = {"p", "br", "li", "div", "h1", "h2", "h3", "h4", "tr", "ul", "ol"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag: str, attrs: Any) -> None:
        if tag in ("script", "style"):
            self._skip += 1
        elif tag in self.BLOCK:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self._skip:
            self._skip -= 1
        elif tag in self.BLOCK:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._skip:
            self.parts.append(data)


def strip_html(text: str) -> str:
    """Visible text of an HTML fragment, whitespace collapsed."""
    if "<" not in text and "&" not in text:
        return re.sub(r"\s+", " ", text).strip()
    parser = _TextExtractor()
    parser.feed(text)
    parser.close()
    return re.sub(r"\s+", " ", html.unescape("".join(parser.parts))).strip()


def fold_shopify(table: RawTable) -> RawTable:
    """Turn a Shopify export (one row per variant) into one row per product (Handle)."""
    frame = table.frame
    missing = [c for c in SHOPIFY_REQUIRED if c not in frame.columns]
    if missing:
        raise CatalogError(
            f"catalog {table.source} is not a Shopify product export: missing column(s) "
            + ", ".join(missing)
        )
    groups: dict[str, list[int]] = {}
    for i, handle in enumerate(frame["Handle"].tolist()):
        groups.setdefault(str(handle).strip(), []).append(i)
    records: list[dict[str, Any]] = []
    line_numbers: list[int] = []
    for handle, idx in groups.items():
        rows = frame.iloc[idx]
        records.append(_fold_group(handle, rows))
        line_numbers.append(table.line_numbers[idx[0]])
    out = pd.DataFrame.from_records(records).astype(object)
    if "__extra_cells__" in frame.columns:
        extra = frame["__extra_cells__"].tolist()
        out["__extra_cells__"] = [max(extra[i] for i in idx) for idx in groups.values()]
    return RawTable(out, line_numbers, table.source, table.fmt, table.encoding)


def _first(rows: pd.DataFrame, column: str) -> str:
    if column not in rows.columns:
        return ""
    for value in rows[column].tolist():
        if isinstance(value, str) and value.strip():
            return value.strip()
    return ""


def _fold_group(handle: str, rows: pd.DataFrame) -> dict[str, Any]:
    options: dict[str, list[str]] = {}
    for n in (1, 2, 3):
        name = _first(rows, f"Option{n} Name").lower()
        field = _OPTION_FIELDS.get(name)
        column = f"Option{n} Value"
        if field and column in rows.columns:
            for value in rows[column].tolist():
                value = str(value).strip()
                if value and value not in options.setdefault(field, []):
                    options[field].append(value)
    prices: list[float] = []
    unreadable = ""  # a variant price that is not a number: the row is rejected, not priceless
    for value in rows.get("Variant Price", pd.Series(dtype=object)).tolist():
        text = str(value).strip()
        if not text:
            continue
        number = _CURRENCY.sub("", text)
        if "," in number and not _THOUSANDS.fullmatch(number):
            unreadable = unreadable or text  # "12,50": a decimal comma is not guessed at
            continue
        try:
            prices.append(float(number.replace(",", "")))
        except ValueError:
            unreadable = unreadable or text
    stock_values = rows.get("Variant Inventory Qty", pd.Series(dtype=object)).tolist()
    policies = rows.get("Variant Inventory Policy", pd.Series(dtype=object)).tolist()
    # a blank inventory tracker on a variant row means Shopify does not count its stock: it
    # is for sale (extra image rows have no variant and a blank tracker too: not counted)
    untracked = "Variant Inventory Tracker" in rows.columns and any(
        not str(tracker).strip()
        for tracker, price in zip(
            rows["Variant Inventory Tracker"].tolist(),
            rows.get("Variant Price", pd.Series([""] * len(rows))).tolist(),
            strict=True,
        )
        if str(price).strip()
    )
    in_stock = (
        untracked
        or any(_positive(v) for v in stock_values)
        or any(str(p).strip().lower() == "continue" for p in policies)
    )
    status = _first(rows, "Status").lower()
    published = _first(rows, "Published").lower()
    hidden = (
        f"not on sale in Shopify (Status: {status})"
        if status and status != "active"
        else ("not published in Shopify (Published: false)" if published == "false" else "")
    )
    category = _first(rows, "Product Category") or _first(rows, "Type")
    tags = _first(rows, "Tags")
    attributes = {"tags": tags} if tags else {}
    sku = _first(rows, "Variant SKU")
    if sku:
        attributes["sku"] = sku
    return {
        "product_id": handle,
        "title": _first(rows, "Title"),
        "description": strip_html(_first(rows, "Body (HTML)")),
        "brand": _first(rows, "Vendor"),
        "category": category,
        "price": unreadable or (f"{min(prices):.2f}" if prices else ""),
        "color": ", ".join(options.get("color", [])),
        "size": ", ".join(options.get("size", [])),
        "image_url": _first(rows, "Image Src") or _first(rows, "Variant Image"),
        "in_stock": ("true" if in_stock else "false") if stock_values or policies else "",
        "attributes": json.dumps(attributes) if attributes else "",
        "__parse_error__": hidden,
    }


def _positive(value: Any) -> bool:
    try:
        return float(str(value)) > 0
    except ValueError:
        return False

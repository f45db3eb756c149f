"""Colour variants of a shown product: the same model (brand and title without its colour)
in the colour a shopper asks about ("does the first one come in red?" when the Trail 28
Backpack is listed in black and, as another product, in red)."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

from assistant.engine.answers import Answer, asked_color, color_words
from assistant.engine.replies import price_text
from assistant.indexing.product_index import ProductIndex


def model_name(product: dict[str, Any]) -> str:
    """The title without the product's colour: "Trail 28 Backpack, Red" -> "Trail 28 Backpack"."""
    title = " ".join(str(product.get("title") or "").split())
    color = str(product.get("color") or "").strip()
    if color:
        title = re.sub(rf"(?:,\s*|\s+in\s+){re.escape(color)}$", "", title, flags=re.IGNORECASE)
    return title.casefold()


def color_variant(
    index: ProductIndex, product: dict[str, Any], color: str
) -> dict[str, Any] | None:
    """Another product of the same brand and model in ``color`` (in stock first), or None."""
    brand = str(product.get("brand") or "")
    if not brand or not color_words(color):
        return None
    frame = index.products
    same_brand = frame.index[frame["brand"].astype(str).str.casefold() == brand.casefold()]
    name = model_name(product)
    found = []
    for row in same_brand:
        other = index.product(int(row))
        if other.get("product_id") == product.get("product_id") or model_name(other) != name:
            continue
        if color_words(color) & color_words(str(other.get("color") or "")):
            found.append(other)
    found.sort(key=lambda p: p.get("in_stock") is False)
    return found[0] if found else None


def with_variant(
    index: ProductIndex, question: str, product: dict[str, Any], answer: Answer
) -> Answer:
    """A "no" to "does it come in red?" with the same model in red named after it."""
    asked = asked_color(question)
    if answer.field != "color" or answer.verdict != "no" or asked is None:
        return answer
    other = color_variant(index, product, asked)
    if other is None:
        return answer
    stock = "" if other.get("in_stock", True) else ", out of stock"
    title, color = str(other.get("title") or ""), str(other.get("color") or asked)
    named = title if color_words(color) & color_words(title) else f"{title} in {color}"
    text = (
        f"{answer.text} The same model also comes in {asked}: the {named} "
        f"({price_text(other.get('price'))}{stock})."
    )
    return dataclasses.replace(answer, text=text)

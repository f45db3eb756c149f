"""What the engine hands to reply generation: the chosen products, their facts and a plan."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

# reply kinds an LLM may word; every other kind is always the template reply (an empty
# result is: which constraint left nothing and what lies outside it must be said as is)
LLM_KINDS = frozenset({"results", "compare"})


@dataclass
class ProductFacts:
    """One product of this turn with the catalog fields a reply may state."""

    position: int  # 1-based position in the turn's list
    product_id: str
    title: str
    brand: str = ""
    price: float | None = None
    currency: str = "USD"
    rating: float | None = None
    review_count: int = 0
    in_stock: bool = True
    category: str = ""
    color: str = ""
    size: str = ""
    description: str = ""
    attributes: dict[str, str] = field(default_factory=dict)
    reasons: list[str] = field(default_factory=list)  # reasons without other products' names
    outside_constraints: bool = False

    @classmethod
    def from_record(
        cls,
        position: int,
        product: dict[str, Any],
        reasons: list[str] | None = None,
        outside_constraints: bool = False,
    ) -> ProductFacts:
        price = _number(product.get("price"))
        rating = _number(product.get("rating"))
        attributes = product.get("attributes") or {}
        return cls(
            position=position,
            product_id=str(product.get("product_id", "")),
            title=str(product.get("title", "") or ""),
            brand=str(product.get("brand", "") or ""),
            price=price,
            currency=str(product.get("currency", "") or "USD"),
            rating=rating,
            review_count=int(_number(product.get("review_count")) or 0),
            in_stock=bool(product.get("in_stock", True)),
            category=str(product.get("category", "") or ""),
            color=str(product.get("color", "") or ""),
            size=str(product.get("size", "") or ""),
            description=str(product.get("description", "") or ""),
            attributes={str(k): str(v) for k, v in dict(attributes).items()},
            reasons=list(reasons or []),
            outside_constraints=outside_constraints,
        )

    def fact_text(self) -> str:
        """Every field as one text: what a reply may draw words and numbers from."""
        parts = [
            self.title,
            self.brand,
            self.category.replace(">", " "),
            self.color,
            self.size,
            self.description,
            " ".join(f"{k.replace('_', ' ')} {v}" for k, v in self.attributes.items()),
            " ".join(self.reasons),
        ]
        if self.price is not None:
            parts.append(f"{self.price:.2f}")
        if self.rating is not None:
            parts.append(f"{self.rating:g} {self.review_count}")
        parts.append("in stock" if self.in_stock else "out of stock")
        return " ".join(p for p in parts if p)


@dataclass
class ReplyPlan:
    """The reply the code has decided on; an LLM may only re-word it.

    ``template`` is the complete deterministic reply. When an LLM words the reply it is
    shown ``opening`` (the first sentence, written by the code) and continues after it."""

    kind: str  # results | empty | compare | answer | chat | support | clarify | guard
    template: str
    products: list[ProductFacts] = field(default_factory=list)
    opening: str = ""
    request: str = ""  # what the shopper asked for, in the code's words (constraints)
    allowed_numbers: list[float] = field(default_factory=list)  # e.g. the shopper's budget
    allowed_words: list[str] = field(default_factory=list)  # e.g. a constraint the shopper named

    @property
    def llm_allowed(self) -> bool:
        return self.kind in LLM_KINDS and bool(self.products) and bool(self.opening)

    def lead_with(self, sentence: str) -> None:
        """Put ``sentence`` before the reply: before the template and, when there is one,
        before the opening an LLM continues ("We don't sell bikes; here is what we have.")."""
        self.template = f"{sentence} {self.template}"
        if self.opening:
            self.opening = f"{sentence} {self.opening}"


def money(value: float | None, currency: str = "USD") -> str:
    if value is None:
        return "price not listed"
    symbol = {"USD": "$", "EUR": "€", "GBP": "£"}.get(currency.upper(), "")
    text = f"{value:,.2f}"
    return f"{symbol}{text}" if symbol else f"{text} {currency}"


def _number(value: Any) -> float | None:
    if value is None:
        return None
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return None if math.isnan(out) else out

"""The Turn: one typed answer to one message (contract in DESIGN.md), and its JSON form."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class ProductCard:
    """A product shown to the shopper, with why it is there."""

    product_id: str
    title: str
    price: float | None
    brand: str
    image_url: str
    score: float
    reasons: list[str] = field(default_factory=list)
    rating: float | None = None
    review_count: int = 0
    in_stock: bool = True
    category: str = ""
    # True when the product is offered outside the shopper's constraints (honest empty result)
    outside_constraints: bool = False

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass
class SupportInfo:
    """The support-agent view of a turn (None on shopper turns that need no support)."""

    orders: list[dict[str, Any]] = field(default_factory=list)
    passages: list[dict[str, Any]] = field(default_factory=list)  # text, page, heading, score
    draft: str = ""
    escalation_reason: str | None = None
    alternatives: list[ProductCard] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class TurnPreview:
    """What a turn will show, known before its reply is worded: its products, constraints
    and comparison (``Assistant.stream(..., preview=True)`` yields it before the first
    reply chunk, so a UI can show the new cards while an LLM still writes)."""

    products: list[ProductCard] = field(default_factory=list)
    constraints: dict[str, Any] = field(default_factory=dict)
    comparison: list[dict[str, Any]] | None = None


@dataclass
class Turn:
    intent: str
    intent_confidence: float
    sentiment: str
    entities: dict[str, Any]
    constraints: dict[str, Any]
    products: list[ProductCard]
    reply: str
    escalate: bool = False
    support: SupportInfo | None = None
    timings_ms: dict[str, float] = field(default_factory=dict)
    session_id: str = ""
    turn_id: str = ""
    scenario: str | None = None  # gift / replenish / urgent / browsing (profiles issue)
    comparison: list[dict[str, Any]] | None = None  # side-by-side rows for compare turns
    generator: str = "template"  # which backend worded the reply
    error: str | None = None  # set on an error turn (friendly reply, nothing else changed)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

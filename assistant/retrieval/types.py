"""What retrieval hands to the re-ranker, the engine and the CLI."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

# result orders a shopper can ask for ("cheapest ...", "most expensive first", "lightest ...")
PRICE_ORDERS = ("price_asc", "price_desc")
RESULT_ORDERS = (*PRICE_ORDERS, "weight_asc", "rating_desc")


@dataclass
class Filters:
    """Hard constraints, always enforced in code. Empty fields mean "no constraint"."""

    price_min: float | None = None
    price_max: float | None = None
    # strict bounds: "over" / "under" the price rather than "at least" / "at most" it
    # ("cheaper than the first one" excludes the first one's price)
    price_min_strict: bool = False
    price_max_strict: bool = False
    brands: list[str] = field(default_factory=list)  # any of (case-insensitive)
    colors: list[str] = field(default_factory=list)
    sizes: list[str] = field(default_factory=list)
    category: str | None = None  # matches any level of the category path
    in_stock_only: bool = False
    exclude_brands: list[str] = field(default_factory=list)
    exclude_terms: list[str] = field(default_factory=list)  # "not leather"
    exclude_ids: list[str] = field(default_factory=list)
    # a child's age in years: a product whose ``age`` attribute starts above it ("10+" for a
    # 5-year-old) is left out; products that give no age stay
    child_age: int | None = None
    # the heaviest a product may weigh, in grams; a product whose listing gives no weight is
    # left out (unknown is not a match)
    weight_max: float | None = None
    weight_max_strict: bool = False  # "lighter" than the shown ones: under, not at most
    # the least a product must hold, in litres ("at least 30 litres"; strict: "bigger" than the
    # shown ones); a product whose listing gives no capacity in litres or ml is left out
    capacity_min: float | None = None
    capacity_min_strict: bool = False

    def is_empty(self) -> bool:
        return self == Filters()

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v not in (None, [], False)}


@dataclass
class SearchHit:
    """One retrieved product with the score components that put it there."""

    product_id: str
    row: int  # position in the index's product table
    fused: float  # fused relevance in [0, 1]
    dense: float | None = None  # cosine similarity, None if not scored densely
    lexical: float | None = None  # raw BM25 score, None if no term matched
    lexical_norm: float = 0.0  # BM25 normalised to [0, 1] within this query
    matched_terms: list[str] = field(default_factory=list)  # query terms found in the product
    # share of the query's searched words (typos fixed) the product has: 1.0 = all of them
    coverage: float = 0.0
    product: dict[str, Any] = field(default_factory=dict)  # catalog fields

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

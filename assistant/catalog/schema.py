"""The catalog contract: one ``Product`` per row, and the names of its columns."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

REQUIRED_COLUMNS = ("product_id", "title")
OPTIONAL_COLUMNS = (
    "description",
    "brand",
    "category",
    "price",
    "currency",
    "color",
    "size",
    "image_url",
    "rating",
    "review_count",
    "in_stock",
    "attributes",
)
ALL_COLUMNS = REQUIRED_COLUMNS + OPTIONAL_COLUMNS


# attributes that say what a product is; they join the embedded text
DENSE_ATTRIBUTES = ("material", "features")
# attribute values that say the product lacks the attribute ("waterproof": "no")
NEGATIVE_VALUES = frozenset({"no", "false", "none", "n/a", "not applicable"})


@dataclass
class Product:
    product_id: str
    title: str
    description: str = ""
    brand: str = ""
    category: str = ""  # path, ">"-separated: "Shoes > Running"
    price: float | None = None
    currency: str = "USD"
    color: str = ""
    size: str = ""
    image_url: str = ""
    rating: float | None = None  # 0-5
    review_count: int = 0
    in_stock: bool = True
    attributes: dict[str, str] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @property
    def category_leaf(self) -> str:
        return self.category.split(">")[-1].strip() if self.category else ""

    def search_text(self) -> str:
        """The text indexed lexically for this product. An attribute the product does not have
        ("waterproof: no") is left out: its name would match a search for it."""
        parts = [self.title, self.brand, self.category.replace(">", " "), self.color]
        if self.description:
            parts.append(self.description)
        said = [
            f"{k}: {v}"
            for k, v in self.attributes.items()
            if str(v).strip().lower() not in NEGATIVE_VALUES
        ]
        if said:
            parts.append("; ".join(said))
        return ". ".join(p for p in parts if p)

    def dense_text(self) -> str:
        """The shorter text that is embedded: what the product is, not every detail.

        Long descriptions cost encoder time (attention grows with length) and blur the vector;
        the full text still reaches BM25 through ``search_text``."""
        parts = [self.title, self.brand, self.category.replace(">", " "), self.color]
        for key in DENSE_ATTRIBUTES:
            if self.attributes.get(key):
                parts.append(f"{key}: {self.attributes[key]}")
        if self.description:
            parts.append(self.description.split(". ")[0][:200])
        return ". ".join(p for p in parts if p)

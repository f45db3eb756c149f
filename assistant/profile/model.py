"""What the assistant knows about one shopper: typed profile items and the profile itself.

A profile item is one fact ("you often buy Brewlab", "your shoe size is 10", "no leather")
with a confidence in [0, 1], the evidence behind it and its source: ``stated`` (the shopper
said it in chat or corrected it) or ``inferred`` (derived from events and orders). Stated
items outrank inferred ones with the same key. Items are stored as the store's profile facts:
fact key = ``ProfileItem.key`` (``"<kind>:<name>"``), fact value = the item's JSON form.
A removed item leaves a ``removed:<key>`` marker so that it is not inferred again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Source = Literal["stated", "inferred"]

# kind -> what the value is
KINDS: dict[str, str] = {
    "category": "a favourite category path (str)",
    "brand": "a favourite brand (str)",
    "avoid_brand": "a brand the shopper does not want (str)",
    "price_band": "usual price band in a top-level category ({'low': float, 'high': float})",
    "color": "a favourite colour (str)",
    "size": "usual size for 'clothing' or 'shoes' (str)",
    "exclude": "a material or term to avoid, e.g. leather (str)",
    "lifestyle": "vegan (str)",
}
SIZE_KINDS = ("clothing", "shoes")
REMOVED_PREFIX = "removed:"
# materials a vegan shopper avoids (matched as whole words, not after "vegan"/"faux")
ANIMAL_MATERIALS = ("leather", "suede", "wool", "merino", "silk", "down", "fur", "cashmere")


def item_key(kind: str, name: str) -> str:
    """``item_key("brand", "Brewlab") == "brand:brewlab"`` (names are case-folded)."""
    if kind not in KINDS:
        raise ValueError(f"unknown profile item kind {kind!r}; expected one of {sorted(KINDS)}")
    return f"{kind}:{name.strip().lower()}"


def size_kind(category: str) -> str | None:
    """Which personal size a product category uses: ``clothing``, ``shoes`` or None."""
    top = category.split(">")[0].strip().lower()
    if top in ("shoes", "footwear"):
        return "shoes"
    if top in ("clothing", "apparel"):
        return "clothing"
    return None


def top_category(category: str) -> str:
    return category.split(">")[0].strip()


@dataclass(frozen=True)
class ProfileItem:
    kind: str
    name: str  # the key part after the kind: a brand, a category path, "shoes", "leather"
    value: Any  # what to use: the brand, the size, {"low", "high"} for a price band
    confidence: float
    evidence: str
    source: Source = "inferred"
    updated_at: float = 0.0

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown profile item kind {self.kind!r}")
        if not self.name.strip():
            raise ValueError("a profile item needs a name")
        if not 0.0 <= self.confidence <= 1.0:
            raise ValueError(f"confidence must be in [0, 1], got {self.confidence}")

    @property
    def key(self) -> str:
        return item_key(self.kind, self.name)

    def label(self) -> str:
        """A short human phrase for the profile panel."""
        v = self.value
        if self.kind == "price_band" and isinstance(v, Mapping):
            return f"usually ${float(v['low']):,.0f}-${float(v['high']):,.0f} in {self.name}"
        return {
            "category": f"likes {v}",
            "brand": f"likes {v}",
            "avoid_brand": f"avoids {v}",
            "color": f"likes {v}",
            "size": f"{self.name} size {v}",
            "exclude": f"no {v}",
            "lifestyle": str(v),
        }.get(self.kind, str(v))

    def fact_value(self) -> dict[str, Any]:
        return {
            "kind": self.kind,
            "name": self.name,
            "value": self.value,
            "confidence": round(float(self.confidence), 3),
            "evidence": self.evidence,
        }

    @classmethod
    def from_fact(
        cls, value: Mapping[str, Any], source: Source, updated_at: float = 0.0
    ) -> ProfileItem:
        return cls(
            kind=str(value["kind"]),
            name=str(value["name"]),
            value=value["value"],
            confidence=float(value.get("confidence", 1.0)),
            evidence=str(value.get("evidence", "")),
            source=source,
            updated_at=updated_at,
        )

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["key"] = self.key
        out["label"] = self.label()
        return out


@dataclass
class ShopperProfile:
    """The shopper's profile as used by the re-ranker and shown in the app.

    ``enabled`` is False when the shopper turned personalisation off: the profile is then
    empty for every use (``items`` is empty) and the app shows that it is hidden.
    """

    user_id: str
    items: list[ProfileItem] = field(default_factory=list)
    purchased: dict[str, int] = field(default_factory=dict)  # product_id -> times bought
    enabled: bool = True
    # product_id -> strongest interaction ("purchase", "add_to_cart", ..., "view"): what the
    # shopper did with a product a personal reason names
    interactions: dict[str, str] = field(default_factory=dict)

    @classmethod
    def empty(cls, user_id: str = "", enabled: bool = True) -> ShopperProfile:
        return cls(user_id, [], {}, enabled)

    def __post_init__(self) -> None:
        merged: dict[str, ProfileItem] = {}
        for item in self.items:  # stated outranks inferred for the same key
            old = merged.get(item.key)
            if old is None or (item.source == "stated" and old.source != "stated"):
                merged[item.key] = item
        self.items = sorted(
            merged.values(), key=lambda i: (i.source != "stated", -i.confidence, i.key)
        )

    def of_kind(self, kind: str) -> list[ProfileItem]:
        return [i for i in self.items if i.kind == kind]

    def get(self, key: str) -> ProfileItem | None:
        return next((i for i in self.items if i.key == key), None)

    def size(self, kind: str) -> ProfileItem | None:
        return self.get(item_key("size", kind))

    def price_band(self, category: str) -> ProfileItem | None:
        return self.get(item_key("price_band", top_category(category)))

    def brands(self) -> dict[str, ProfileItem]:
        return {str(i.value).lower(): i for i in self.of_kind("brand")}

    def avoided_brands(self) -> dict[str, ProfileItem]:
        return {str(i.value).lower(): i for i in self.of_kind("avoid_brand")}

    def categories(self) -> list[ProfileItem]:
        return self.of_kind("category")

    def colors(self) -> dict[str, ProfileItem]:
        return {str(i.value).lower(): i for i in self.of_kind("color")}

    def exclusions(self) -> dict[str, ProfileItem]:
        """Term -> the item that excludes it (stated exclusions and a vegan lifestyle)."""
        out = {str(i.value).lower(): i for i in self.of_kind("exclude")}
        for item in self.of_kind("lifestyle"):
            if str(item.value).lower() == "vegan":
                for term in ANIMAL_MATERIALS:
                    out.setdefault(term, item)
        return out

    def is_empty(self) -> bool:
        return not self.items and not self.purchased

    def to_dict(self) -> dict[str, Any]:
        return {
            "user_id": self.user_id,
            "enabled": self.enabled,
            "items": [i.to_dict() for i in self.items],
            "purchased_count": sum(self.purchased.values()),
        }


def merge_items(*groups: Iterable[ProfileItem]) -> list[ProfileItem]:
    return [item for group in groups for item in group]

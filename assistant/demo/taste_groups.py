"""Shopper taste groups: which categories, price tiers and brands each group leans towards."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class TasteGroup:
    """A segment of shoppers with shared preferences.

    ``categories`` maps a top-level category ("Kitchen") or a path ("Shoes > Running") to a
    weight; ``tiers`` weights budget / mid / premium brands. Preferred brands are drawn per
    group from its categories at generation time (so they follow the catalog tables).
    """

    name: str
    label: str
    categories: dict[str, float]
    tiers: dict[str, float]
    brands_per_category: int = 2

    def __post_init__(self) -> None:
        if not self.categories:
            raise ValueError(f"taste group {self.name!r} needs at least one category")
        if set(self.tiers) != {"budget", "mid", "premium"}:
            raise ValueError(f"taste group {self.name!r} must weight budget, mid and premium")

    def category_weight(self, category_path: str) -> float:
        """The weight of a product's category: the path's own weight, else its top level."""
        if category_path in self.categories:
            return self.categories[category_path]
        top = category_path.split(">")[0].strip()
        return self.categories.get(top, 0.0)

    def main_tier(self) -> str:
        return max(self.tiers, key=lambda tier: self.tiers[tier])


TASTE_GROUPS: tuple[TasteGroup, ...] = (
    TasteGroup(
        "budget_kitchen",
        "budget kitchen",
        {"Kitchen": 5.0, "Home > Bath": 1.0, "Home > Bedding": 1.0, "Pets > Feeding": 0.5},
        {"budget": 0.7, "mid": 0.25, "premium": 0.05},
    ),
    TasteGroup(
        "premium_outdoor",
        "premium outdoor",
        {
            "Outdoor": 5.0,
            "Clothing > Jackets": 2.0,
            "Shoes > Hiking": 2.0,
            "Bags > Backpacks": 1.5,
        },
        {"budget": 0.05, "mid": 0.3, "premium": 0.65},
    ),
    TasteGroup(
        "runner",
        "runner",
        {
            "Shoes > Running": 5.0,
            "Clothing > Activewear": 2.5,
            "Electronics > Wearables": 1.5,
            "Sports": 1.0,
            "Electronics > Headphones": 1.0,
        },
        {"budget": 0.15, "mid": 0.6, "premium": 0.25},
    ),
    TasteGroup(
        "tech_enthusiast",
        "tech enthusiast",
        {"Electronics": 6.0, "Office > Lighting": 1.0, "Office > Accessories": 1.0},
        {"budget": 0.1, "mid": 0.4, "premium": 0.5},
    ),
    TasteGroup(
        "parent_toys",
        "parent / toys",
        {"Toys": 6.0, "Clothing > T-shirts": 1.0, "Kitchen > Storage": 1.0, "Home > Bath": 0.5},
        {"budget": 0.45, "mid": 0.45, "premium": 0.1},
    ),
    TasteGroup(
        "home_comfort",
        "home comfort",
        {"Home": 5.0, "Garden": 2.0, "Pets > Dog beds": 1.0, "Kitchen > Coffee": 1.0},
        {"budget": 0.15, "mid": 0.5, "premium": 0.35},
    ),
    TasteGroup(
        "beauty",
        "beauty",
        {"Beauty": 6.0, "Bags > Handbags": 1.5, "Clothing > Dresses": 1.5, "Sports > Yoga": 0.5},
        {"budget": 0.25, "mid": 0.45, "premium": 0.3},
    ),
    TasteGroup(
        "office_worker",
        "office worker",
        {
            "Office": 5.0,
            "Bags > Backpacks": 1.0,
            "Bags > Accessories": 0.5,
            "Kitchen > Coffee": 2.0,
            "Electronics > Headphones": 1.0,
        },
        {"budget": 0.2, "mid": 0.55, "premium": 0.25},
    ),
)

TASTE_GROUP_BY_NAME: dict[str, TasteGroup] = {g.name: g for g in TASTE_GROUPS}

"""The shape of the demo shop's vocabulary: categories, brands, product types, features.

The tables themselves live in :mod:`assistant.demo.category_tables`; this module holds the
types, the colour palette, the feature phrases and the care instructions they refer to.
Every brand, model and shop name here is invented.
"""

from __future__ import annotations

from dataclasses import dataclass, field

TIERS = ("budget", "mid", "premium")

# (name, hex) — the palette shared by every category; a category picks a subset.
PALETTE: dict[str, str] = {
    "black": "#1f1f1f",
    "white": "#f4f4f2",
    "grey": "#8a8d91",
    "navy": "#1f2f55",
    "blue": "#2f6fd0",
    "red": "#c8342b",
    "green": "#2e8b57",
    "olive": "#6b7040",
    "beige": "#d8c8a8",
    "brown": "#7a4e2d",
    "pink": "#e58fb0",
    "purple": "#7351a8",
    "yellow": "#e7c234",
    "orange": "#e87a2b",
    "teal": "#1f8a8a",
    "silver": "#c0c3c7",
}

# Care instructions: the sentence used in a description and the attribute value.
CARE: dict[str, tuple[str, str]] = {
    "machine30": ("Machine washable at 30°C.", "machine washable at 30°C"),
    "machine40": ("Machine washable at 40°C on a gentle cycle.", "machine washable at 40°C"),
    "hand": ("Hand wash only and dry flat.", "hand wash only"),
    "dishwasher": ("Dishwasher safe on the top rack.", "dishwasher safe"),
    "handwash_dishes": (
        "Hand wash only; not dishwasher safe.",
        "hand wash only, not dishwasher safe",
    ),
    "wipe": ("Wipe clean with a damp cloth.", "wipe clean with a damp cloth"),
    "spot": ("Spot clean only.", "spot clean only"),
    "cover_machine": (
        "The removable cover is machine washable at 30°C.",
        "removable cover, machine washable at 30°C",
    ),
    "none": ("No special care needed; store in a cool, dry place.", "store cool and dry"),
}


@dataclass(frozen=True)
class Feature:
    """A selling point: its phrase in text, an optional title word, extra attributes."""

    phrase: str
    title_word: str = ""
    attrs: tuple[tuple[str, str], ...] = ()


FEATURES: dict[str, Feature] = {
    "waterproof": Feature("waterproof construction", "Waterproof", (("waterproof", "yes"),)),
    "water_resistant": Feature("water-resistant finish", ""),
    "breathable": Feature("breathable mesh upper", "Breathable"),
    "cushioned": Feature("responsive foam cushioning", "Cushioned"),
    "reflective": Feature("reflective details for low light", ""),
    "vegan": Feature("vegan leather", "Vegan", (("vegan", "yes"),)),
    "recycled": Feature("recycled materials", "Recycled", (("recycled", "yes"),)),
    "bpa_free": Feature("BPA-free materials", "", (("bpa_free", "yes"),)),
    "noise_cancelling": Feature(
        "active noise cancelling", "Noise Cancelling", (("noise_cancelling", "yes"),)
    ),
    "wireless": Feature("Bluetooth 5.3 wireless connection", "Wireless"),
    "usb_c": Feature("USB-C fast charging", ""),
    "packable": Feature("a design that packs into its own pocket", "Packable"),
    "insulated": Feature("double-wall vacuum insulation", "Insulated"),
    "non_stick": Feature("PFAS-free non-stick coating", "Non-Stick"),
    "ergonomic": Feature("adjustable lumbar support", "Ergonomic"),
    "fragrance_free": Feature(
        "fragrance-free formula", "Fragrance-Free", (("fragrance_free", "yes"),)
    ),
    "spf30": Feature("broad-spectrum SPF 30", "SPF 30", (("spf", "30"),)),
    "quick_dry": Feature("quick-drying fabric", "Quick-Dry"),
    "foldable": Feature("a fold-flat design for storage", "Foldable"),
    "memory_foam": Feature("memory foam core", "Memory Foam"),
    "hypoallergenic": Feature("hypoallergenic fill", "Hypoallergenic"),
    "orthopedic": Feature("orthopedic support", "Orthopedic"),
    "rust_resistant": Feature("rust-resistant steel", ""),
    "ultralight": Feature("ultralight build", "Ultralight"),
    "adjustable": Feature("adjustable height", "Adjustable"),
    "adjustable_fit": Feature("adjustable fit", "Adjustable"),
    "laptop_sleeve": Feature("padded 16-inch laptop sleeve", ""),
    "non_slip": Feature("non-slip grip", "Non-Slip"),
    "programmable": Feature("24-hour programmable timer", "Programmable"),
    "stackable": Feature("stackable design", "Stackable"),
    "organic": Feature("certified organic cotton", "Organic", (("organic", "yes"),)),
    "stretch": Feature("four-way stretch", "Stretch"),
    "pockets": Feature("zip pockets", ""),
    "hood": Feature("adjustable storm hood", "Hooded"),
    "led": Feature("dimmable LED light", "LED"),
    "cruelty_free": Feature("a cruelty-free formula", "", (("cruelty_free", "yes"),)),
    "educational": Feature("an included STEM learning guide", ""),
    "chew_resistant": Feature("chew-resistant fabric", "Chew-Resistant"),
}

# Shoppers' size systems (the catalog's ``size`` column).
SHOE_SIZES = tuple(f"{n / 2:g}" for n in range(12, 27))  # 6 .. 13 in half sizes
APPAREL_SIZES = ("XS", "S", "M", "L", "XL", "XXL")
PET_SIZES = ("S", "M", "L", "XL")
KIDS_AGES = ("3+", "5+", "6+", "8+", "10+", "12+")


@dataclass(frozen=True)
class ProductType:
    """One kind of product inside a sub-category, e.g. a trail running shoe."""

    sub: str  # sub-category, e.g. "Running"
    noun: str  # what it is, e.g. "Trail Running Shoe"
    models: tuple[str, ...]  # invented model names
    materials: tuple[str, ...]
    features: tuple[str, ...]  # keys into FEATURES
    care: tuple[str, ...]  # keys into CARE
    base_price: float  # a mid-tier price in USD
    weight_g: tuple[int, int]
    sizing: str = "none"  # shoe | apparel | pet | kids | dimensions | capacity | persons | none
    options: tuple[str, ...] = ()  # capacities / dimensions / persons the size is drawn from
    battery_h: tuple[int, int] = (0, 0)  # battery life range in hours; (0, 0) = no battery
    waterproof_known: bool = False  # whether the attributes state waterproof yes/no


@dataclass(frozen=True)
class Brand:
    name: str
    tier: str  # budget | mid | premium


@dataclass(frozen=True)
class Category:
    name: str  # top-level, e.g. "Shoes"
    icon: str  # two letters for the placeholder image
    colors: tuple[str, ...]
    brands: tuple[Brand, ...]
    types: tuple[ProductType, ...]
    warranty_years: dict[str, int] = field(
        default_factory=lambda: {"budget": 1, "mid": 2, "premium": 3}
    )

    def brands_of(self, tier: str) -> tuple[Brand, ...]:
        return tuple(b for b in self.brands if b.tier == tier)


def brands(spec: str) -> tuple[Brand, ...]:
    """Parse ``"Name:tier, Name:tier"`` (tier is b, m or p) into brands."""
    tiers = {"b": "budget", "m": "mid", "p": "premium"}
    out = []
    for item in spec.split(","):
        name, tier = item.rsplit(":", 1)
        out.append(Brand(name.strip(), tiers[tier.strip()]))
    return tuple(out)


def words(spec: str) -> tuple[str, ...]:
    """Split a ``|``-separated list."""
    return tuple(part.strip() for part in spec.split("|") if part.strip())

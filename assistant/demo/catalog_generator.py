"""The demo catalog: products whose titles, descriptions and attributes state the same facts."""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from assistant.catalog.schema import Product
from assistant.demo.category_tables import CATEGORIES
from assistant.demo.vocabulary import (
    APPAREL_SIZES,
    CARE,
    FEATURES,
    PET_SIZES,
    SHOE_SIZES,
    Brand,
    Category,
    ProductType,
)

TIER_PRICE_FACTOR = {"budget": (0.5, 0.75), "mid": (0.85, 1.2), "premium": (1.5, 2.4)}
TIER_RATING_SHIFT = {"budget": -0.25, "mid": 0.0, "premium": 0.2}
TIER_WORD = {"budget": "great-value", "mid": "well-made", "premium": "premium"}
OUT_OF_STOCK_RATE = 0.08
UNRATED_RATE = 0.03


@dataclass(frozen=True)
class ImageSpec:
    """One placeholder image: a tile in ``color`` with the category initials and brand."""

    file_name: str
    category: str
    icon: str
    brand: str
    color: str


@dataclass(frozen=True)
class CatalogDraft:
    """The generated products and what the shopper simulation needs to know about them."""

    products: list[Product]
    top_categories: list[str]  # per product
    tiers: list[str]  # per product: budget | mid | premium
    popularity: np.ndarray  # per product, long-tailed, sums to 1
    images: list[ImageSpec]


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def shop_price(value: float, rng: np.random.Generator) -> float:
    """A price that looks like a shop's: 14.99, 49.99, 249.99, sometimes a round 28.00."""
    if value < 60 and rng.random() < 0.12:
        return float(max(3, round(value)))
    if value < 20:
        return round(max(4.0, float(round(value))) - 0.01, 2)
    if value < 200:
        return round(max(20.0, 5.0 * round(value / 5)) - 0.01, 2)
    return round(10.0 * round(value / 10) - 0.01, 2)


def format_weight(grams: int) -> str:
    return f"{grams} g" if grams < 1000 else f"{grams / 1000:.1f} kg"


def join_phrases(items: list[str]) -> str:
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + " and " + items[-1]


def compatible(feature: str, material: str) -> bool:
    """Drop feature/material pairs that would contradict each other."""
    if feature == "vegan":
        if "vegan leather" in material:
            return True
        return not any(word in material for word in ("leather", "suede", "nubuck", "wool", "down"))
    if feature == "organic":
        return "cotton" in material
    if feature == "insulated":
        return "steel" in material or "titanium" in material
    return True


class CatalogGenerator:
    """Draws ``n_products`` products over every category of the demo shop."""

    def __init__(self, n_products: int, categories: tuple[Category, ...] = CATEGORIES) -> None:
        if n_products < 1:
            raise ValueError(f"n_products must be at least 1, got {n_products}")
        if not categories:
            raise ValueError("at least one category is needed")
        self.n_products = n_products
        self.categories = categories

    def run(self, rng: np.random.Generator) -> CatalogDraft:
        n_cat = len(self.categories)
        order = rng.permutation(self.n_products)
        width = max(5, len(str(self.n_products)))
        drafts: list[tuple[Product, str, str]] = []
        images: dict[str, ImageSpec] = {}
        for slot in range(self.n_products):
            category = self.categories[int(order[slot]) % n_cat]
            product_id = f"P{slot + 1:0{width}d}"
            product, tier, image = self._product(product_id, category, rng)
            drafts.append((product, category.name, tier))
            images.setdefault(image.file_name, image)
        popularity = rng.lognormal(mean=0.0, sigma=1.3, size=self.n_products)
        products = [d[0] for d in drafts]
        for product, weight in zip(products, popularity, strict=True):
            if rng.random() < UNRATED_RATE:
                product.rating, product.review_count = None, 0
            else:
                product.review_count = max(1, round(float(weight) * 35 * rng.uniform(0.5, 1.5)))
        return CatalogDraft(
            products=products,
            top_categories=[d[1] for d in drafts],
            tiers=[d[2] for d in drafts],
            popularity=popularity / popularity.sum(),
            images=sorted(images.values(), key=lambda spec: spec.file_name),
        )

    def _product(
        self, product_id: str, category: Category, rng: np.random.Generator
    ) -> tuple[Product, str, ImageSpec]:
        ptype: ProductType = category.types[int(rng.integers(len(category.types)))]
        brand_index = int(rng.integers(len(category.brands)))
        brand: Brand = category.brands[brand_index]
        # each brand sells two of the type's model lines
        model = ptype.models[(brand_index + int(rng.integers(2))) % len(ptype.models)]
        material = str(rng.choice(ptype.materials))
        color = str(rng.choice(category.colors))
        care_key = str(rng.choice(ptype.care))
        n_features = int(rng.integers(0, min(3, len(ptype.features)) + 1))
        if brand.tier == "premium" and n_features < len(ptype.features):
            n_features += 1
        picked = rng.choice(len(ptype.features), size=n_features, replace=False)
        feature_keys = [
            ptype.features[int(i)]
            for i in sorted(picked)
            if compatible(ptype.features[int(i)], material)
        ]
        if "waterproof" in feature_keys and "water_resistant" in feature_keys:
            feature_keys.remove("water_resistant")
        size, size_attr = self._size(ptype, rng)
        grams = int(round(int(rng.integers(ptype.weight_g[0], ptype.weight_g[1] + 1)), -1))
        battery = 0
        if ptype.battery_h[1] > 0:
            battery = 2 * int(rng.integers(ptype.battery_h[0] // 2, ptype.battery_h[1] // 2 + 1))
        warranty = category.warranty_years[brand.tier]
        warranty_text = f"{warranty} year" if warranty == 1 else f"{warranty} years"
        phrases = [FEATURES[k].phrase for k in feature_keys]
        if battery:
            phrases.append(f"{battery}-hour battery life")

        attributes: dict[str, str] = {"material": material}
        if phrases:
            attributes["features"] = ", ".join(phrases)
        if ptype.waterproof_known or "waterproof" in feature_keys:
            attributes["waterproof"] = "yes" if "waterproof" in feature_keys else "no"
        for key in feature_keys:
            attributes.update(dict(FEATURES[key].attrs))
        if "vegan leather" in material:
            attributes["vegan"] = "yes"
        if "organic cotton" in material:
            attributes["organic"] = "yes"
        attributes["weight"] = format_weight(grams)
        if size_attr:
            attributes[size_attr[0]] = size_attr[1]
        if battery:
            attributes["battery_life"] = f"{battery} hours"
        attributes["care"] = CARE[care_key][1]
        if warranty:
            attributes["warranty"] = warranty_text

        title = self._title(model, ptype, feature_keys, color, rng)
        description = self._description(
            brand, model, ptype, material, color, phrases, attributes, care_key, warranty, rng
        )
        low, high = TIER_PRICE_FACTOR[brand.tier]
        price = shop_price(ptype.base_price * rng.uniform(low, high), rng)
        rating = float(np.clip(rng.normal(4.2 + TIER_RATING_SHIFT[brand.tier], 0.45), 2.5, 5.0))
        image = ImageSpec(
            file_name=f"{slug(category.name)}-{slug(brand.name)}-{color}.svg",
            category=category.name,
            icon=category.icon,
            brand=brand.name,
            color=color,
        )
        product = Product(
            product_id=product_id,
            title=title,
            description=description,
            brand=brand.name,
            category=f"{category.name} > {ptype.sub}",
            price=price,
            currency="USD",
            color=color,
            size=size,
            image_url=f"images/{image.file_name}",
            rating=round(rating, 1),
            review_count=0,
            in_stock=bool(rng.random() >= OUT_OF_STOCK_RATE),
            attributes=attributes,
        )
        return product, brand.tier, image

    @staticmethod
    def _size(ptype: ProductType, rng: np.random.Generator) -> tuple[str, tuple[str, str] | None]:
        """The ``size`` column and the attribute (key, value) that carries the same fact."""
        if ptype.sizing == "shoe":
            return str(rng.choice(SHOE_SIZES)), None
        if ptype.sizing == "apparel":
            return str(rng.choice(APPAREL_SIZES)), None
        if ptype.sizing == "pet":
            return str(rng.choice(PET_SIZES)), None
        option = str(rng.choice(ptype.options)) if ptype.options else ""
        key = {"dimensions": "dimensions", "capacity": "capacity", "persons": "capacity"}
        if ptype.sizing == "kids":
            return option, ("age", option)
        if ptype.sizing in key and option:
            return option, (key[ptype.sizing], option)
        return "", None

    @staticmethod
    def _title(
        model: str,
        ptype: ProductType,
        feature_keys: list[str],
        color: str,
        rng: np.random.Generator,
    ) -> str:
        parts = [model]
        taken = f"{model} {ptype.noun}".lower()
        words = [
            FEATURES[k].title_word
            for k in feature_keys
            if FEATURES[k].title_word and FEATURES[k].title_word.lower() not in taken
        ]
        if words and rng.random() < 0.7:
            parts.append(words[0])
        noun = ptype.noun.split()
        if len(noun) > 1 and parts[-1].split()[-1].lower() == noun[0].lower():
            noun = noun[1:]  # "Hydra Daily" + "Daily Moisturiser": no "Daily Daily"
        parts.append(" ".join(noun))
        title = " ".join(parts)
        if rng.random() < 0.45:
            title += f", {color.title()}"
        return title

    @staticmethod
    def _description(
        brand: Brand,
        model: str,
        ptype: ProductType,
        material: str,
        color: str,
        phrases: list[str],
        attributes: dict[str, str],
        care_key: str,
        warranty: int,
        rng: np.random.Generator,
    ) -> str:
        noun = ptype.noun.lower()
        intros = (
            f"The {brand.name} {model} is a {TIER_WORD[brand.tier]} {noun} made from {material}.",
            f"{brand.name}'s {model} {noun} is built from {material} and finished in {color}.",
            f"A {TIER_WORD[brand.tier]} {noun} from {brand.name}, the {model} uses {material}.",
            f"Made from {material}, this {color} {model} {noun} comes from {brand.name}.",
            f"{brand.name} builds the {model} {noun} from {material}.",
            f"Meet the {model}, a {color} {noun} by {brand.name} in {material}.",
            f"Crafted from {material}, the {model} is {brand.name}'s take on the {noun}.",
        )
        sentences = [intros[int(rng.integers(len(intros)))]]
        if phrases:
            joined = join_phrases(phrases)
            feature_lines = (
                f"It features {joined}.",
                f"Highlights include {joined}.",
                f"You get {joined}.",
                f"Designed with {joined}.",
            )
            sentences.append(feature_lines[int(rng.integers(len(feature_lines)))])
        weight = attributes["weight"]
        openers = (f"It weighs {weight}", f"The weight is {weight}", f"It comes in at {weight}")
        spec = openers[int(rng.integers(len(openers)))]
        if "dimensions" in attributes:
            spec += f" and measures {attributes['dimensions']}"
        elif "capacity" in attributes:
            spec += f" with a capacity of {attributes['capacity']}"
        elif "age" in attributes:
            spec += f" and is recommended for ages {attributes['age']}"
        if warranty and rng.random() < 0.5:
            spec += f"; it carries a {warranty}-year warranty"
        sentences.append(spec + ".")
        sentences.append(CARE[care_key][0])
        return " ".join(sentences)

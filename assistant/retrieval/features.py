"""Yes/no features a search asks for ("waterproof tent", "vegan sneakers") and the products
whose own listing says they lack it (``waterproof: no``): those are no match, however close
their words. A product whose listing does not say either way stays."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

# attribute key -> the words of a search that ask for it
FEATURE_WORDS: dict[str, tuple[str, ...]] = {
    "waterproof": ("waterproof", "water proof", "water-proof"),
    "vegan": ("vegan",),
    "organic": ("organic",),
    "recycled": ("recycled",),
    "cruelty_free": ("cruelty free", "cruelty-free"),
    "bpa_free": ("bpa free", "bpa-free"),
    "fragrance_free": ("fragrance free", "fragrance-free", "unscented"),
    "noise_cancelling": ("noise cancelling", "noise-cancelling", "noise canceling", "anc"),
}
_ASKS = {
    key: re.compile(
        r"(?<!\bnot )(?<!\bno )(?<!\bnon-)(?<!\bnon )\b(?:"
        + "|".join(re.escape(w) for w in words)
        + r")\b",
        re.IGNORECASE,
    )
    for key, words in FEATURE_WORDS.items()
}


def wanted_features(text: str) -> list[str]:
    """The attribute keys the search text asks for ("waterproof tent" -> ["waterproof"])."""
    return [key for key, pattern in _ASKS.items() if pattern.search(text or "")]


def lacks(product: Mapping[str, Any], features: list[str]) -> bool:
    """The product's attributes say "no" to one of ``features``."""
    attributes = product.get("attributes") or {}
    if not isinstance(attributes, Mapping):
        return False
    return any(str(attributes.get(key, "")).strip().lower() == "no" for key in features)

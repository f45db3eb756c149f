"""Figures in a listing's attributes in one base unit per field: weight in grams, capacity in
litres, battery life in hours, warranty in months ("1.4 kg" -> 1400, "500 ml" -> 0.5, "2
years" -> 24)."""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

_NUMBER = re.compile(r"(\d+(?:\.\d+)?)[\s-]*([a-z]*)", re.IGNORECASE)
GRAMS = {
    "g": 1.0, "gram": 1.0, "grams": 1.0,
    "kg": 1000.0, "kgs": 1000.0, "kilo": 1000.0, "kilos": 1000.0, "kilogram": 1000.0,
    "kilograms": 1000.0,
    "lb": 453.6, "lbs": 453.6, "pound": 453.6, "pounds": 453.6,
    "oz": 28.35, "ounce": 28.35, "ounces": 28.35,
}  # fmt: skip
LITRES = {
    "l": 1.0, "ltr": 1.0, "ltrs": 1.0, "liter": 1.0, "liters": 1.0, "litre": 1.0, "litres": 1.0,
    "ml": 0.001, "millilitre": 0.001, "milliliter": 0.001, "millilitres": 0.001,
    "milliliters": 0.001,
}  # fmt: skip
# unit -> factor to the field's base unit (grams, litres, hours, months)
UNITS: dict[str, dict[str, float]] = {
    "weight": GRAMS,
    "capacity": LITRES,
    "battery_life": {"h": 1, "hr": 1, "hrs": 1, "hour": 1, "hours": 1, "": 1},
    "warranty": {"year": 12, "years": 12, "yr": 12, "yrs": 12, "month": 1, "months": 1},
}


def measure(field: str, value: str) -> float | None:
    """ "1.4 kg" -> 1400 (grams), "40 hours" -> 40, "2 years" -> 24 (months); None when the
    text gives no figure in a known unit."""
    m = _NUMBER.search(value or "")
    units = UNITS.get(field, {})
    if not m or m.group(2).lower() not in units:
        return None
    return float(m.group(1)) * units[m.group(2).lower()]


def listed(product: Mapping[str, Any], field: str) -> float | None:
    """A product record's ``field`` attribute in its base unit (``measure``), None when the
    listing gives none."""
    attributes = product.get("attributes")
    if not isinstance(attributes, Mapping):
        return None
    return measure(field, str(attributes.get(field) or ""))


def litres_text(litres: float) -> str:
    """30 -> "30 L", 0.5 -> "500 ml" (as listings give capacities)."""
    if litres < 1:
        return f"{round(litres * 1000):g} ml"
    return f"{round(litres, 1):g} L"


def weight_text(grams: float) -> str:
    """1400 -> "1.4 kg", 600 -> "600 g" (as listings give weights)."""
    if grams >= 1000:
        return f"{round(grams / 1000, 2):g} kg"
    return f"{round(grams):g} g"

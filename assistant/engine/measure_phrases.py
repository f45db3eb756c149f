"""Phrases about a product's weight and capacity in a shopper's message: a weight limit
("a tent under 2 kg", "lighter than 800g"; "under 50 pounds" is money), a least capacity ("at
least 30 litres", "over 25 l"), and "lighter" / "bigger" than the shown products ("a lighter
colour" and "a bigger size" are neither)."""

from __future__ import annotations

import re

from assistant.catalog.measures import GRAMS, LITRES

_SHADE = (  # "a lighter colour", "the lightest blue", "a bigger size": no weight or capacity
    r"(?!\s+(?:(?:colou?r|shade|tone|hue|size|screen|wood|fabric|grey|gray|blue|green|pink|brown|"
    r"red|purple|yellow|orange|beige|tan)s?\b))"
)
# a weight limit: "under 2 kg", "lighter than 800g", "that weighs at most 3 lbs", "2kg max",
# "max weight 2kg"; "under 50 pounds" is a price unless it is about weight ("weighs under 5
# pounds", "lighter than 5 pounds")
_LIMIT = (
    r"(?:under|below|less than|lighter than|at most|max(?:imum)?|no more than|up to|not over|<=?)"
)
_MASS_UNIT = r"(?:kg|kgs|kilos?|kilograms?|g|grams?|lbs?|oz|ounces?)"
# a figure: "2", "1.5", "1,5" (a decimal comma), "1,500" (thousands)
_FIGURE = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:[.,]\d{1,2}(?!\d))?"
_WEIGHT_LIMIT = re.compile(
    r"(?:\b|(?=<))(?:(?:that|which)\s+)?(?:(?P<cue>weigh(?:s|ing)?|weight)\s+(?:of\s+)?)?"
    rf"(?P<limit>{_LIMIT})\s*(?P<n>{_FIGURE})\s*(?P<u>{_MASS_UNIT}|pounds?)(?![a-z])"
    r"|\b(?:max(?:imum)?\s+weight|weight\s+limit)\s+(?:of\s+)?"
    rf"(?P<n2>{_FIGURE})\s*(?P<u2>{_MASS_UNIT}|pounds?)(?![a-z])"
    rf"|(?<![\d,.])(?P<n3>{_FIGURE})\s*(?P<u3>{_MASS_UNIT})\s+(?:max(?:imum)?|or less|or lighter|tops)\b",
    re.IGNORECASE,
)


def _money(m: re.Match[str]) -> bool:
    """ "under 50 pounds": pounds sterling, not a weight (no word about weighing)."""
    unit = (m.group("u") or "").lower()
    return (
        unit.startswith("pound")
        and not m.group("cue")
        and m.group("limit").lower() != "lighter than"
    )


# the least capacity: "at least 30 litres", "30L or more", "over 25 l", "500 ml minimum"
_VOLUME = r"(?P<u>l|ltrs?|liters?|litres?|ml|millilit(?:er|re)s?)"
_CAPACITY_MIN = re.compile(
    rf"\b(?:at ?least|min(?:imum)?|(?P<over>over|more than|above|bigger than|larger than)"
    r"|no less than)\s+"
    rf"(?P<n>{_FIGURE})\s*{_VOLUME}(?![a-z])"
    rf"|\b(?P<n2>{_FIGURE})\s*(?P<u2>l|ltrs?|liters?|litres?|ml)\s*(?:\+|or more|or bigger|"
    r"or larger|and up|and over|min(?:imum)?)(?![a-z])",
    re.IGNORECASE,
)
# less weight than the shown products ("lighter than 800g" is a weight limit)
LIGHTER = re.compile(
    rf"\b(?:lighter|less heavy|weighs? less|not so heavy)\b(?!\s+than\s+\d){_SHADE}",
    re.IGNORECASE,
)
# more room than the shown products have
BIGGER = re.compile(
    r"\b(?:bigger|larger|roomier|more (?:room|space|capacity)|higher capacity)\b(?! than \d)"
    + _SHADE,
    re.IGNORECASE,
)


def capacity_min(message: str) -> tuple[float, bool] | None:
    """The least capacity a product must have, in litres, and whether it must hold more than
    that ("at least 30 litres" -> (30, False), "over 25 l" -> (25, True), "500 ml or more" ->
    (0.5, False)); None when the message sets none."""
    m = _CAPACITY_MIN.search(message)
    if m is None:
        return None
    number, unit = (m.group("n"), m.group("u")) if m.group("n") else (m.group("n2"), m.group("u2"))
    return figure(number) * LITRES[unit.lower()], bool(m.group("over"))


def figure(text: str) -> float:
    """ "1,500" -> 1500, "1,5" -> 1.5 (a decimal comma), "2" -> 2."""
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", text):
        return float(text.replace(",", ""))
    return float(text.replace(",", "."))


def weight_limit(message: str) -> float | None:
    """The heaviest a product may weigh, in grams, from "under 2 kg" (2000), "lighter than
    800g", "2kg max"; None when the message sets no weight limit."""
    for m in _WEIGHT_LIMIT.finditer(message):
        if _money(m):
            continue
        number, unit = next((m.group(n), m.group(u)) for n, u in _GROUPS if m.group(n))
        return figure(number) * GRAMS[unit.lower()]
    return None


_GROUPS = (("n", "u"), ("n2", "u2"), ("n3", "u3"))


def without_weight_limit(message: str) -> str:
    """The message without its weight limit ("a tent under 2 kg" -> "a tent ")."""
    return _WEIGHT_LIMIT.sub(lambda m: m.group(0) if _money(m) else " ", message)


def without_measures(message: str) -> str:
    """The message without its weight limit and least capacity (filters, not search text)."""
    return _CAPACITY_MIN.sub(" ", without_weight_limit(message))

"""Price constraints from free text: "under $50", "between 30 and 60", "around 80 bucks".

Only amounts with a price cue count (a currency, or a word such as under / over / between /
around / budget), and never amounts followed by a unit ("2 kg", "15 inch", "size 10").
"""

from __future__ import annotations

import re
from dataclasses import dataclass

AROUND_BAND = 0.2  # "around 80" means 80 +- 20 %

# currency words after an amount ("50 euros"), shared with the search-text clean-up
CURRENCY_WORDS = r"dollars?|bucks|usd|euros?|eur|pounds?|quid|gbp"
_CUR_BEFORE = r"(?:[$€£]|usd\s*|eur\s*|gbp\s*)"
_CUR_AFTER = r"(?:\s*(?:[$€£]|usd|eur|euros?|gbp|pounds?|dollars?|bucks|quid|dlls?)\b)"
_NUM = r"\d+(?:[.,]\d+)*(?:\s?[kK]\b)?"
_AMOUNT = rf"(?:{_CUR_BEFORE}\s*)?(?P<{{name}}>{_NUM})(?P<{{name}}_cur>{_CUR_AFTER})?"
_UNIT_AFTER = re.compile(
    r"\s*(?:-\s*)?(?:kg|kgs|kilos?|kilograms?|g|gr|grams?|lbs?|pounds? of|oz|ounces?|inch|inches|cm|mm|l\b|liters?|litres?|"
    r"ml|people|persons?|person|year|years|yo\b|months?|weeks?|days?|hours?|hrs?|minutes?|mins?|"
    r"gb|tb|mb|mah|w\b|watts?|km|miles?|mph|stars?|x\d|pcs|pieces?|pack|%|percent|seater|ft|feet|"
    r"degrees?|°)(?![a-z])",
    re.IGNORECASE,
)


def _amount(name: str) -> str:
    return _AMOUNT.replace("{name}", name)


_MAX_CUES = (
    r"under|undr|uner|bellow|below|less than|les than|cheaper than|lower than|not more than|no more than|at most|"
    r"up to|upto|max(?:imum)?|maximum of|within|budget(?: is| of)?|no more then|less then|"
    r"not over|not above|nothing above|nothing over|nothing more than|tops|<=?"
)
_MIN_CUES = r"over|above|more than|at least|min(?:imum)?|from|starting at|upwards of|>=?"
_AROUND_CUES = r"around|about|roughly|approximately|approx\.?|circa|~|close to|in the region of"

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    (
        "range",
        re.compile(
            rf"(?:between\s+|from\s+)?{_amount('a')}\s*(?:-|–|to|and)\s*{_amount('b')}",
            re.IGNORECASE,
        ),
    ),
    ("max", re.compile(rf"(?:{_MAX_CUES})\s*(?:of\s+|a\s+)?{_amount('a')}", re.IGNORECASE)),
    (
        "max",
        re.compile(rf"{_amount('a')}\s*(?:or less|or under|or below|max|tops)\b", re.IGNORECASE),
    ),
    ("min", re.compile(rf"(?:{_MIN_CUES})\s*{_amount('a')}", re.IGNORECASE)),
    (
        "min",
        re.compile(rf"{_amount('a')}\s*(?:\+|or more|and up|and above|or above)", re.IGNORECASE),
    ),
    ("around", re.compile(rf"(?:{_AROUND_CUES})\s*{_amount('a')}", re.IGNORECASE)),
    ("around", re.compile(rf"{_amount('a')}\s*-?ish\b", re.IGNORECASE)),
    (
        "around",
        re.compile(rf"{_CUR_BEFORE}\s*(?P<a>{_NUM})|(?P<b>{_NUM}){_CUR_AFTER}", re.IGNORECASE),
    ),
]
_DIGIT = re.compile(r"\d")
_HAS_CURRENCY = re.compile(rf"{_CUR_BEFORE}\s*\d|\d\s*{_CUR_AFTER}", re.IGNORECASE)


@dataclass(frozen=True)
class PriceRange:
    price_min: float | None = None
    price_max: float | None = None


# number words zero..nineteen (also read by the search-text clean-up: "for two people")
UNITS = {
    w: i
    for i, w in enumerate((
        "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
        "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
        "nineteen",
    ))
}  # fmt: skip
_TENS = {
    w: 10 * i
    for i, w in enumerate(
        ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"), 2
    )
}
_SMALL_WORD = "|".join([*UNITS, *_TENS])
_NUMBER_WORD = f"{_SMALL_WORD}|hundred|thousand|grand"
_SPELLED = re.compile(
    rf"\b(?:a[\s-]+(?=(?:hundred|thousand|grand)\b))?(?:{_NUMBER_WORD})"
    rf"(?:[\s-]+(?:{_NUMBER_WORD})|(?<=hundred)\s+and\s+(?:{_SMALL_WORD})"
    rf"|(?<=thousand)\s+and\s+(?:{_SMALL_WORD}))*\b",
    re.IGNORECASE,
)
_PRICE_WORD_CONTEXT = re.compile(
    rf"(?:\b(?:{_MAX_CUES.replace('|<=?', '')}|{_MIN_CUES.replace('|>=?', '')}|between|and|to|"
    r"around|about|roughly)\s+$)",
    re.IGNORECASE,
)
_CURRENCY_WORD_AFTER = re.compile(
    rf"^\s*(?:{CURRENCY_WORDS}|max(?:imum)?|tops|or (?:less|under))\b", re.IGNORECASE
)
_RANGE_TO_DIGITS = re.compile(r"^\s*(?:-|–|to|and)\s*[$€£]?\d", re.IGNORECASE)


def spelled_numbers_as_digits(text: str) -> str:
    """Amounts written in words next to a price cue or a currency ("under fifty dollars",
    "about two hundred", "twenty to forty bucks") as digits, padded with spaces so every
    other character keeps its position (entity spans still point into the original text)."""
    once = _spelled_to_digits(text, ranges=False)
    return _spelled_to_digits(once, ranges=True)  # "twenty to 40 dollars": the first end too


def _spelled_to_digits(text: str, ranges: bool) -> str:
    def replace(m: re.Match[str]) -> str:
        value = _spelled_value(m.group(0))
        before, after = text[: m.start()], text[m.end() :]
        priced = (
            _PRICE_WORD_CONTEXT.search(before)
            or _CURRENCY_WORD_AFTER.match(after)
            or (ranges and _RANGE_TO_DIGITS.match(after))
        )
        digits = str(value)
        if value is None or not priced or len(digits) > len(m.group(0)):
            return m.group(0)
        return digits + " " * (len(m.group(0)) - len(digits))

    return _SPELLED.sub(replace, text)


def _spelled_value(phrase: str) -> int | None:
    """ "fifty" -> 50, "twenty-five" -> 25, "a hundred" -> 100, "two hundred and fifty" ->
    250, "a grand" -> 1000."""
    words = [w for w in re.split(r"[\s-]+", phrase.lower()) if w and w != "and"]
    total, current, seen = 0, 0, False
    for word in words:
        if word == "a":
            current = 1  # only ever before hundred / thousand / grand
        elif word in UNITS:
            current, seen = current + UNITS[word], True
        elif word in _TENS:
            current, seen = current + _TENS[word], True
        elif word == "hundred":
            current, seen = max(current, 1) * 100, True
        elif word in ("thousand", "grand"):
            total, current, seen = total + max(current, 1) * 1000, 0, True
    return total + current if seen else None


def parse_number(raw: str) -> float | None:
    """ "1k" -> 1000, "1,200" -> 1200, "49.99" -> 49.99, "1.5k" -> 1500."""
    text = raw.strip().lower().replace(" ", "")
    factor = 1.0
    if text.endswith("k"):
        factor, text = 1000.0, text[:-1]
    if re.fullmatch(r"\d{1,3}(,\d{3})+(\.\d+)?", text):
        text = text.replace(",", "")
    text = text.replace(",", ".")
    try:
        return float(text) * factor
    except ValueError:
        return None


def _unit_follows(text: str, end: int) -> bool:
    return _UNIT_AFTER.match(text, end) is not None


# a number right after these words is an age, a size or a model, not a price ("ages 8 and up")
_NOT_PRICE_BEFORE = re.compile(
    r"\b(?:ages?|aged|size|sizes|model|no\.?|number|version|gen|series|pack of|set of)\s*$",
    re.IGNORECASE,
)


def _number_follows_non_price_word(text: str, m: re.Match[str]) -> bool:
    first = re.search(r"\d", m.group(0))
    start = m.start() + (first.start() if first else 0)
    return _NOT_PRICE_BEFORE.search(text[max(0, start - 12) : start]) is not None


_MINUS_BEFORE = re.compile(r"(?:^|[^\w.,])[-−]\s*[$€£]?\s*$")


# "weighs under 5 pounds", "lighter than 5 pounds": a weight in pounds, not money; the weight
# word comes right before the amount and its limit word ("a weighted blanket under 50 pounds"
# is a price), as ``engine.search_text`` reads a weight limit
WEIGHT_BEFORE = re.compile(
    r"\b(?:weigh(?:s|ing)?|weight|lighter|heavier)\s+(?:of\s+)?(?:than\s+|under\s+|below\s+|"
    r"less than\s+|over\s+|more than\s+|at most\s+|no more than\s+|up to\s+|max(?:imum)?\s+)?"
    r"[$€£]?\s*$",
    re.IGNORECASE,
)


def _weighed(text: str, m: re.Match[str]) -> bool:
    if not re.search(r"pounds?\b", m.group(0), re.IGNORECASE):
        return False
    first = re.search(r"\d", m.group(0))
    start = m.start() + (first.start() if first else 0)
    return WEIGHT_BEFORE.search(text[max(0, start - 40) : start]) is not None


def _negative(text: str, m: re.Match[str]) -> bool:
    """ "under -5 dollars": a negative amount is no price (nor "around 5")."""
    first = re.search(r"\d", m.group(0))
    start = m.start() + (first.start() if first else 0)
    return _MINUS_BEFORE.search(text[max(0, start - 4) : start]) is not None


def extract_price(
    text: str, blocked: list[tuple[int, int]] | None = None
) -> tuple[PriceRange, list[tuple[int, int]]]:
    """The price range in ``text`` and the character spans it was read from.

    ``blocked`` spans (order ids, sizes) are never read as prices.
    """
    text = spelled_numbers_as_digits(text)
    if not _DIGIT.search(text):  # every pattern needs a digit
        return PriceRange(), []
    spans: list[tuple[int, int]] = list(blocked or [])
    low: float | None = None
    high: float | None = None
    for kind, pattern in _PATTERNS:
        for m in pattern.finditer(text):
            if (
                any(m.start() < e and s < m.end() for s, e in spans)
                or _unit_follows(text, m.end())
                or _number_follows_non_price_word(text, m)
                or _negative(text, m)
                or _weighed(text, m)
            ):
                continue
            groups = {k: v for k, v in m.groupdict().items() if v is not None}
            if kind == "range":
                if not _is_price_range(m, groups):
                    continue
                a, b = parse_number(groups["a"]), parse_number(groups["b"])
                if a is None or b is None:
                    continue
                if "k" in groups["b"].lower() and "k" not in groups["a"].lower() and a < 1000 <= b:
                    a *= 1000  # "1-2k"
                low, high = min(a, b), max(a, b)
            else:
                value = parse_number(groups.get("a") or groups.get("b") or "")
                if value is None:
                    continue
                if kind == "max":
                    high = value
                elif kind == "min":
                    low = value
                elif low is None and high is None:
                    low, high = value * (1 - AROUND_BAND), value * (1 + AROUND_BAND)
            spans.append((m.start(), m.end()))
    found = spans[len(blocked or []) :]
    return PriceRange(_round(low), _round(high)), found


def _is_price_range(m: re.Match[str], groups: dict[str, str]) -> bool:
    """ "30-60" or "between 30 and 60" is a price; "1 and 2" or "32x32" is not."""
    raw = m.group(0).lower()
    a, b = parse_number(groups["a"]), parse_number(groups["b"])
    if a is None or b is None:
        return False
    currency = bool(_HAS_CURRENCY.search(raw)) or "a_cur" in groups or "b_cur" in groups
    if currency:
        return True
    explicit = raw.startswith(("between", "from"))
    if " and " in raw and not explicit:
        return False  # "compare 2 and 4"
    return max(a, b) > 10 and (explicit or "-" in raw or "–" in raw or " to " in raw)


def _round(value: float | None) -> float | None:
    return None if value is None else round(value, 2)

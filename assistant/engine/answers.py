"""Answers from a product's own fields: yes / no / "the listing does not say", quoting the
fact; and side-by-side comparisons of the referenced products."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from assistant.generation.types import money
from assistant.nlu.lexicon import COLOR_ALIASES, LETTER_SIZES
from assistant.nlu.vocabulary import tokens
from assistant.text_cut import reviews

_YES_NO = re.compile(
    r"^\s*(?:and\s+|so\s+|but\s+)?(?:is|are|does|do|can|could|will|would|has|have|was|were|"
    r"should|did)\b",
    re.IGNORECASE,
)


def asks_yes_no(text: str) -> bool:
    """ "is it ...", "does the second one ...": a question to answer yes or no."""
    return _YES_NO.search(text) is not None


_SENTENCE = re.compile(r"(?<=[.!?])\s+")
_NEGATION = re.compile(r"\b(?:not|no|non|isn't|without|never)\b[\s-]*(?:\w+[\s-]+){0,2}$", re.I)
# yes/no attributes of the catalog, with how shoppers ask about them
BOOLEAN_ATTRIBUTES: dict[str, tuple[str, ...]] = {
    "waterproof": ("waterproof", "water proof", "water resistant", "rain"),
    "vegan": ("vegan",),
    "organic": ("organic",),
    "recycled": ("recycled",),
    "cruelty_free": ("cruelty free", "cruelty-free", "tested on animals"),
    "bpa_free": ("bpa free", "bpa-free", "bpa"),
    "fragrance_free": ("fragrance free", "fragrance-free", "unscented", "fragrance"),
    "noise_cancelling": ("noise cancelling", "noise-cancelling", "noise canceling", "anc"),
}
# questions about a value: field, how shoppers ask
VALUE_TOPICS: tuple[tuple[str, re.Pattern[str]], ...] = (
    ("warranty", re.compile(r"\b(?:warrant\w*|guarantee)\b", re.I)),
    ("weight", re.compile(r"\b(?:weigh\w*|heavy|light)\b", re.I)),
    ("battery_life", re.compile(r"\bbattery\b", re.I)),
    ("capacity", re.compile(r"\b(?:capacity|hold|litres?|liters?|ml)\b", re.I)),
    ("age", re.compile(r"\b(?:age|ages|years? old|kids?|child(?:ren)?|toddlers?)\b", re.I)),
    ("dimensions", re.compile(r"\b(?:dimensions?|how big|how large|measure\w*|wide|tall)\b", re.I)),
    ("material", re.compile(r"\b(?:material|made of|made from|fabric|what is it made)\b", re.I)),
    ("spf", re.compile(r"\bspf\b", re.I)),
    ("features", re.compile(r"\bfeatures?\b", re.I)),
)
_CARE = re.compile(r"\b(?:wash\w*|clean\w*|dishwasher|care)\b", re.I)
_PRICE = re.compile(r"\b(?:price|cost|how much|expensive|cheap)\b", re.I)
_RATING = re.compile(r"\b(?:rating|rated|reviews?|stars?)\b", re.I)
_STOCK = re.compile(r"\b(?:in stock|available|availability|sold out|out of stock)\b", re.I)
_BRAND = re.compile(r"\b(?:brand|who makes|made by|manufacturer)\b", re.I)
_COLOR = re.compile(r"\b(?:colou?rs?)\b", re.I)
_SIZE = re.compile(r"\b(?:sizes?|fit)\b", re.I)
_ASKED_SIZE = re.compile(
    r"\bsize\s+(?P<size>\d+(?:\.\d+)?|x*[sl]|m|xx?l)\b"
    r"|\b(?:come|comes|available|have it|has it|get it|one)\s+in\s+(?:an?\s+)?"
    r"(?P<word>extra (?:small|large)|small|medium|large)\b",
    re.I,
)
_BASIC_COLORS = (
    "black|white|grey|gray|red|blue|green|yellow|orange|pink|purple|brown|beige|navy|olive|"
    "silver|gold|tan|cream|teal"
)
_ASKED_COLOR = re.compile(
    rf"\b(?:come|comes|available|have it|has it|get it|one)\s+in\s+({_BASIC_COLORS})\b"
    rf"|\bin\s+({_BASIC_COLORS})\s*\??\s*$",
    re.I,
)


def asked_color(question: str) -> str | None:
    """The colour a question asks about ("does it come in red?" -> "red"), else None."""
    m = _ASKED_COLOR.search(question)
    return (m.group(1) or m.group(2)).lower() if m else None


def _size_key(value: str) -> str:
    """ "Medium" -> "m", "US 10" -> "10", "10.5" -> "10.5"."""
    text = " ".join(value.lower().split())
    number = re.search(r"\d+(?:\.\d+)?", text)
    if number and not re.search(r"\d\s*x\s*\d", text):  # not "32x32"
        return number.group(0)
    return LETTER_SIZES.get(text, text).lower()


def color_words(text: str) -> set[str]:
    """The colour words of a colour name, spelling variants made one ("grey" ~ "gray")."""
    return {COLOR_ALIASES.get(w, w) for w in re.findall(r"[a-z]+", text.lower())}


QUESTION_FILLER = frozenset(
    """is are does do can could will would has have was were should did it its this that the
    doe i my me your
    a an one first second third fourth fifth last option number item product of for with in
    on to be and or about tell me more what which how any you know please there they them
    there's made come came good use used suitable ok okay really also then get got
    1st 2nd 3rd 4th 5th same""".split()  # noqa: SIM905
)


@dataclass
class Answer:
    verdict: str  # yes | no | unknown | info
    text: str  # the reply sentence(s)
    field: str | None = None  # which field answered
    quote: str | None = None  # the catalog text quoted


def answer_question(question: str, product: dict[str, Any]) -> Answer:
    name = _name(product)
    attrs = {str(k).lower(): str(v) for k, v in (product.get("attributes") or {}).items()}
    yes_no = bool(_YES_NO.search(question))
    q = question.lower()
    for key, phrases in BOOLEAN_ATTRIBUTES.items():
        if any(re.search(r"\b" + re.escape(p) + r"\b", q) for p in phrases):
            label = key.replace("_", "-") if key.endswith("_free") else key.replace("_", " ")
            if key in attrs:
                value = attrs[key].strip().lower()
                verdict = "yes" if value in {"yes", "true", "1"} else "no"
                lead = "Yes" if verdict == "yes" else "No"
                return Answer(
                    verdict,
                    f'{lead} — the listing for the {name} says "{label}: {attrs[key]}".',
                    key,
                    f"{label}: {attrs[key]}",
                )
            return _from_text(name, product, [label], label)
    if _CARE.search(q) and "care" in attrs:
        care = attrs["care"]
        if re.search(r"\bmachine[- ]?wash", q):
            ok = bool(re.search(r"machine[- ]?wash", care, re.I))
            return _verdict(ok, name, "care", care)
        if "dishwasher" in q:
            return _verdict("dishwasher safe" in care.lower(), name, "care", care)
        return Answer("info", f'The care instructions for the {name} say: "{care}".', "care", care)
    for key, pattern in VALUE_TOPICS:
        if pattern.search(q):
            if key in attrs:
                text = f'The {name} lists {key.replace("_", " ")}: "{attrs[key]}".'
                return Answer("info", text, key, attrs[key])
            if key in ("material", "features"):
                break  # look in the description below
            size = str(product.get("size") or "")
            if key == "dimensions" and size:  # "how big is the dog bed?": size XL
                text = f'The listing gives the size of the {name} as "{size}", no measurements.'
                return Answer("info", text, "size", size)
            return Answer(
                "unknown",
                f"The listing for the {name} does not say anything about its "
                f"{key.replace('_', ' ')}.",
                key,
            )
    if _PRICE.search(q):
        price = money(_float(product.get("price")), str(product.get("currency") or "USD"))
        return Answer("info", f"The {name} costs {price}.", "price", price)
    if _RATING.search(q):
        rating = _float(product.get("rating"))
        if rating is None:
            return Answer("unknown", f"The {name} has no rating yet.", "rating")
        text = f"The {name} is rated {rating:g} out of 5 from {reviews(int(product.get('review_count') or 0))}."
        return Answer("info", text, "rating", f"{rating:g}")
    color = str(product.get("color") or "")
    size = str(product.get("size") or "")
    asked = asked_color(q)
    if yes_no and asked and color:
        ok = bool(color_words(asked) & color_words(color))
        lead = "Yes" if ok else "No"
        return Answer(
            "yes" if ok else "no", f'{lead} — the {name} comes in "{color}".', "color", color
        )
    asked_size = _ASKED_SIZE.search(q)
    if yes_no and asked_size and size:
        wanted = _size_key(asked_size.group("size") or asked_size.group("word"))
        ok = wanted in {_size_key(v) for v in re.split(r"[,/;|]", size)}
        return Answer(
            "yes" if ok else "no",
            f'{"Yes" if ok else "No"} — the listing gives the size of the {name} as "{size}".',
            "size",
            size,
        )
    if _STOCK.search(q):
        ok = bool(product.get("in_stock", True))
        text = f"{'Yes' if ok else 'No'} — the {name} is {'in stock' if ok else 'out of stock'}."
        return Answer("yes" if ok else "no", text, "in_stock")
    if _BRAND.search(q):
        brand = str(product.get("brand") or "")
        if not brand:
            return Answer("unknown", f"The listing for the {name} does not name a brand.", "brand")
        return Answer("info", f"The {name} is made by {brand}.", "brand", brand)
    if _COLOR.search(q) and color:
        return Answer("info", f'The {name} comes in "{color}".', "color", color)
    if _SIZE.search(q) and size:
        return Answer(
            "info", f'The listing gives the size of the {name} as "{size}".', "size", size
        )
    terms = [
        w for w in tokens(question) if w not in QUESTION_FILLER and w not in _title_words(product)
    ]
    if not yes_no or not terms:
        return _overview(name, product, attrs)
    return _from_text(name, product, terms, " ".join(terms), feature=False)


def _from_text(
    name: str, product: dict[str, Any], terms: list[str], label: str, feature: bool = True
) -> Answer:
    """Look for the asked-about words in the description and attribute values. ``feature``:
    ``label`` is a feature ("waterproof"), else the question's own words ("flight")."""
    attrs = product.get("attributes") or {}
    sentences = _SENTENCE.split(str(product.get("description") or ""))
    sentences += [f"{k.replace('_', ' ')}: {v}" for k, v in attrs.items()]
    for sentence in sentences:
        low = sentence.lower()
        if all(re.search(r"\b" + re.escape(t), low) for t in terms):
            found = re.search(r"\b" + re.escape(terms[0].split()[0]), low)
            at = found.start() if found else -1
            negated = at >= 0 and bool(_NEGATION.search(low[:at]))
            quote = sentence.strip()
            lead = "No" if negated else "Yes"
            return Answer(
                "no" if negated else "yes",
                f'{lead} — the listing for the {name} says: "{quote}"',
                "description",
                quote,
            )
    missing = f"does not say whether it is {label}" if feature else f"does not mention {label}"
    return Answer("unknown", f"The listing for the {name} {missing}; I'd rather not guess.", None)


def _verdict(ok: bool, name: str, field: str, fact: str) -> Answer:
    lead = "Yes" if ok else "No"
    return Answer(
        "yes" if ok else "no", f'{lead} — the {name} lists {field}: "{fact}".', field, fact
    )


def _overview(name: str, product: dict[str, Any], attrs: dict[str, str]) -> Answer:
    desc = _SENTENCE.split(str(product.get("description") or "").strip())
    summary = " ".join(desc[:2]).strip()
    price = money(_float(product.get("price")), str(product.get("currency") or "USD"))
    bits = [f"The {name} costs {price}."]
    if summary:
        bits.append(f'From the listing: "{summary}"')
    keys = [k for k in ("material", "weight", "warranty", "care") if k in attrs]
    if keys:
        bits.append("Details: " + "; ".join(f"{k} {attrs[k]}" for k in keys) + ".")
    return Answer("info", " ".join(bits), "description", summary or None)


def compare_rows(products: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Side-by-side rows: product, price, rating, brand, stock, then attributes that differ."""
    rows: list[dict[str, Any]] = [
        {"field": "product", "label": "Product", "values": [_name(p) for p in products]},
        {
            "field": "price",
            "label": "Price",
            "values": [
                money(_float(p.get("price")), str(p.get("currency") or "USD")) for p in products
            ],
        },
        {
            "field": "rating",
            "label": "Rating",
            "values": [
                (
                    f"{_float(p.get('rating')):g} ({reviews(int(p.get('review_count') or 0))})"
                    if _float(p.get("rating")) is not None
                    else "no rating"
                )
                for p in products
            ],
        },
        {
            "field": "brand",
            "label": "Brand",
            "values": [str(p.get("brand") or "-") for p in products],
        },
        {
            "field": "in_stock",
            "label": "In stock",
            "values": ["yes" if p.get("in_stock", True) else "no" for p in products],
        },
    ]
    for key in ("color", "size"):
        values = [str(p.get(key) or "-") for p in products]
        if len(set(values)) > 1:
            rows.append({"field": key, "label": key.capitalize(), "values": values})
    keys: list[str] = []
    for p in products:
        keys += [k for k in (p.get("attributes") or {}) if k not in keys]
    for key in keys:
        values = [str((p.get("attributes") or {}).get(key, "-")) for p in products]
        if len(set(values)) > 1:
            rows.append(
                {"field": key, "label": key.replace("_", " ").capitalize(), "values": values}
            )
    for row in rows:
        row["differs"] = len(set(row["values"])) > 1
    return rows


def _name(product: dict[str, Any]) -> str:
    return str(product.get("title") or product.get("product_id") or "product")


def _title_words(product: dict[str, Any]) -> set[str]:
    words = set(re.findall(r"[a-z0-9]+", str(product.get("title") or "").lower()))
    return words | set(tokens(str(product.get("title") or "")))


def _float(value: Any) -> float | None:
    try:
        out = float(value)
    except (TypeError, ValueError):
        return None
    return None if out != out else out

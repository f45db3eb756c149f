"""The grounding check every LLM draft passes before anything of it is shown.

A draft (or one sentence of it) fails when it
- states a price that is not the price of one of this turn's products (or the shopper's own
  budget figure);
- states any other number not found in those products' fields;
- names a capitalised word (brand, product, shop) not found in those products' fields, the
  shopper's request or a short list of ordinary sentence words;
- names a brand of the catalog that none of this turn's products has;
- claims a feature (waterproof, vegan, free shipping, a discount...) absent from the fields;
- contains a link, or repeats a run of words from the system prompt.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from assistant.generation.types import ReplyPlan

_MONEY = re.compile(
    r"(?:[$€£]\s?(?P<a>\d[\d,]*(?:\.\d+)?))"
    r"|(?:(?P<b>\d[\d,]*(?:\.\d+)?)\s?(?:dollars?|usd|eur|euros?|gbp|pounds?|bucks)\b)",
    re.IGNORECASE,
)
_NUMBER = re.compile(r"(?<![\w.])\d+(?:[.,]\d+)*")
_CAPITALISED = re.compile(r"\b[A-Z][\w'’&-]*")
_URL = re.compile(r"(?:https?://|www\.)\S+|\b[\w.-]+\.(?:com|net|org|io|shop)\b", re.IGNORECASE)
_WORD = re.compile(r"[a-z0-9]+")
_SENTENCE_START = re.compile(r"(?:^\s*|[.!?:;]\s+|\n\s*|[\"“(]\s*|[-–—•*]\s+)$")
SHINGLE = 6
_NEGATED_BEFORE = re.compile(
    r"\b(?:not|no|isn't|aren't|without|whether|nor|never)\b(?:\s+\w+){0,3}\s*$"
)

# Ordinary words that may open a sentence (capitalised there) without being names.
COMMON_WORDS = frozenset(
    """
    a all also and another any are as at because best both but by can check compared consider
    each either enjoy even every for from get give go great good happy have here hope how i
    i'd i'll i'm i've if in is it it's its just keep let like look looking many may maybe more
    most my need no nice not note of on one only or other our overall perfect please plus
    pricier sadly so some still sure take than thanks that that's the their them then there
    these they this those though to too try unfortunately up we what when where whether which
    while why with would yes you you'd you'll you're your yours ideal excellent lovely solid
    cheaper cheapest option options pick picks choice choices price prices rated rating
    reviews stock available budget under over first second third fourth fifth last top
    side details sorry nothing want say tell about all why yet could
    """.split()  # noqa: SIM905
)
# Feature claims a reply may make only when the product's own fields carry them.
CLAIMS = (
    "waterproof", "water-resistant", "vegan", "organic", "recycled", "cruelty-free",
    "bpa-free", "fragrance-free", "noise cancelling", "noise-cancelling", "machine washable",
    "dishwasher safe", "hypoallergenic", "wireless", "bluetooth", "leather", "cotton", "wool",
    "handmade", "eco-friendly", "sustainable", "free shipping", "free delivery", "discount",
    "on sale", "sale price", "% off", "coupon", "lifetime warranty", "best seller",
    "bestseller", "award", "guarantee",
)  # fmt: skip


@dataclass
class GroundingResult:
    ok: bool
    violations: list[str] = field(default_factory=list)


class GroundingChecker:
    """``check(draft, plan) -> GroundingResult``; built once with the catalog's brand names."""

    def __init__(self, catalog_brands: Iterable[str] = (), system_prompt: str = "") -> None:
        self.brands = sorted({b.strip() for b in catalog_brands if b and b.strip()}, key=len)
        self._brand_patterns = [
            (b, re.compile(r"(?<!\w)" + re.escape(b) + r"(?!\w)", re.IGNORECASE))
            for b in self.brands
        ]
        words = _WORD.findall(system_prompt.lower())
        self._prompt_shingles = {
            " ".join(words[i : i + SHINGLE]) for i in range(max(0, len(words) - SHINGLE + 1))
        }

    def check(self, draft: str, plan: ReplyPlan) -> GroundingResult:
        violations: list[str] = []
        facts = " ".join([p.fact_text() for p in plan.products] + [plan.request, plan.opening])
        facts += " " + " ".join(plan.allowed_words)
        facts_lower = facts.lower()
        fact_words = set(_WORD.findall(facts_lower))
        prices = [p.price for p in plan.products if p.price is not None]
        fact_numbers = {_to_float(n) for n in _NUMBER.findall(facts)} | set(plan.allowed_numbers)
        fact_numbers |= {float(i) for i in range(1, len(plan.products) + 1)}
        if any(p.rating is not None for p in plan.products):
            fact_numbers.add(5.0)  # the rating scale ("4.6 out of 5")
        fact_numbers.discard(None)

        money_spans = []
        for m in _MONEY.finditer(draft):
            money_spans.append(m.span())
            value = _to_float(m.group("a") or m.group("b"))
            allowed = [*prices, *plan.allowed_numbers]
            if value is None or not any(abs(value - p) < 0.006 for p in allowed):
                violations.append(f"price not in this turn's products: {m.group(0).strip()}")
        for m in _NUMBER.finditer(draft):
            if any(s <= m.start() < e for s, e in money_spans):
                continue
            value = _to_float(m.group(0))
            if value is not None and value not in fact_numbers:
                violations.append(f"number not in the facts: {m.group(0)}")
        for m in _CAPITALISED.finditer(draft):
            word = m.group(0).rstrip("'’-").lower()
            parts = [w for w in _WORD.findall(word) if w]
            if all(w in fact_words for w in parts):
                continue
            starts = _SENTENCE_START.search(draft[: m.start()]) is not None
            if word in COMMON_WORDS and (starts or word in {"i", "i'd", "i'm", "i'll", "i've"}):
                continue
            violations.append(f"name not in this turn's products: {m.group(0)}")
        own_brands = {p.brand.lower() for p in plan.products}
        for brand, pattern in self._brand_patterns:
            if brand.lower() not in own_brands and pattern.search(draft):
                if brand.lower() in facts_lower:
                    continue  # also an ordinary word of these products' fields
                violations.append(f"brand of another product: {brand}")
        draft_lower = draft.lower()
        for claim in CLAIMS:
            if _claims(draft_lower, claim) and not _has(facts_lower, claim):
                violations.append(f"claim not in the facts: {claim}")
        for m in _URL.finditer(draft):
            if m.group(0).lower() not in facts_lower:
                violations.append(f"link: {m.group(0)}")
        words = _WORD.findall(draft_lower)
        for i in range(max(0, len(words) - SHINGLE + 1)):
            if " ".join(words[i : i + SHINGLE]) in self._prompt_shingles:
                violations.append("repeats the system prompt")
                break
        return GroundingResult(not violations, list(dict.fromkeys(violations)))


def _claims(text: str, claim: str) -> bool:
    """The text asserts the feature: it is mentioned and not negated or questioned just
    before ("not waterproof", "does not say whether it is waterproof")."""
    for variant in _variants(claim):
        for m in re.finditer(r"(?<!\w)" + re.escape(variant), text):
            before = text[max(0, m.start() - 40) : m.start()]
            if not _NEGATED_BEFORE.search(before):
                return True
    return False


def _variants(claim: str) -> set[str]:
    return {claim, claim.replace("-", " "), claim.replace(" ", "-"), claim.replace("-", "")}


def _has(text: str, claim: str) -> bool:
    variants = _variants(claim)
    return any(
        re.search(r"(?<!\w)" + re.escape(v) + (r"(?!\w)" if v[-1].isalnum() else ""), text)
        for v in variants
    )


def _to_float(raw: str | None) -> float | None:
    if not raw:
        return None
    text = raw.replace(",", "")
    try:
        return float(text)
    except ValueError:
        return None

"""Side-by-side comparisons: the reply plan, and which of the compared products is lighter
or heavier, or has the longer battery life or warranty, answered from their own listings
(saying when they are the same and when a listing does not give the figure)."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from assistant.catalog.measures import measure
from assistant.engine.replies import distinct_names, price_text
from assistant.generation.types import ProductFacts, ReplyPlan
from assistant.text_cut import reviews


@dataclass(frozen=True)
class Quality:
    """One thing a shopper asks to rank compared products by."""

    pattern: re.Pattern[str]
    field: str  # the attribute holding the figure
    low: bool  # the smallest figure wins
    noun: str  # "weight"
    two: str  # "is lighter" (of two)
    most: str  # "is the lightest" (of more)
    same: str  # "They weigh the same"


QUALITIES: tuple[Quality, ...] = (
    Quality(
        re.compile(r"\b(?:lighter|lightest|weighs? less|less heavy)\b", re.I),
        "weight", True, "weight", "is lighter", "is the lightest", "They weigh the same",
    ),
    Quality(
        re.compile(r"\b(?:heavier|heaviest|weighs? more)\b", re.I),
        "weight", False, "weight", "is heavier", "is the heaviest", "They weigh the same",
    ),
    Quality(
        re.compile(
            r"\b(?:(?:better|longer|best|longest|more)\s+battery|battery\s+(?:life\s+)?lasts?"
            r"\s+longer|lasts?\s+longer)\b",
            re.I,
        ),
        "battery_life", False, "battery life", "has the longer battery life",
        "has the longest battery life", "Their battery life is the same",
    ),
    Quality(
        re.compile(r"\b(?:longer|longest|better|best)\s+(?:warranty|guarantee)\b", re.I),
        "warranty", False, "warranty", "has the longer warranty", "has the longest warranty",
        "Their warranty is the same",
    ),
)  # fmt: skip


def asked_quality(question: str) -> Quality | None:
    return next((q for q in QUALITIES if q.pattern.search(question)), None)


def comparative_answer(
    question: str, attributes: Sequence[Mapping[str, str]], names: Sequence[str]
) -> str | None:
    """The answer to "which is lighter?" over the products' ``attributes`` (``names`` in the
    same order, e.g. "Nightfall Sleeping Bag"); None when the question asks no such thing."""
    quality = asked_quality(question)
    if quality is None:
        return None
    raw = [str(a.get(quality.field, "") or "") for a in attributes]
    known = [
        (name, text, value)
        for name, text in zip(names, raw, strict=True)
        if (value := measure(quality.field, text)) is not None
    ]
    missing = [
        name for name, text in zip(names, raw, strict=True) if measure(quality.field, text) is None
    ]
    if not known:
        return f"The listings do not give the {quality.noun} of these products."
    gap = (
        f" The listing of the {' or the '.join(missing)} does not give its {quality.noun}."
        if missing
        else ""
    )
    if len(known) == 1:
        name, text, _ = known[0]
        return f"Only the {name} gives its {quality.noun}: {text}.{gap}"
    if len({value for _, _, value in known}) == 1:
        return f"{quality.same}: {known[0][1]}.{gap}"
    best = min(known, key=lambda k: k[2]) if quality.low else max(known, key=lambda k: k[2])
    others = "; ".join(f"the {name}: {text}" for name, text, _ in known if name != best[0])
    verb = quality.two if len(known) == 2 else quality.most
    return f"The {best[0]} {verb} ({best[1]}; {others}).{gap}"


def compare_plan(facts: list[ProductFacts], rows: list[dict[str, Any]], question: str) -> ReplyPlan:
    distinct = distinct_names(facts)
    names = [f"the {distinct[p.position]}" for p in facts]
    desc = []
    for p in facts:
        rating = (
            f", rated {p.rating:g} from {reviews(p.review_count)}" if p.rating is not None else ""
        )
        desc.append(f"{names[facts.index(p)]} is {price_text(p.price)}{rating}")
    opening = "Side by side: " + "; ".join(desc) + "."
    body = []
    priced = [p for p in facts if p.price is not None]
    if len(priced) >= 2:
        cheap = min(priced, key=lambda p: p.price or 0.0)
        dear = max(priced, key=lambda p: p.price or 0.0)
        if cheap.price != dear.price:
            body.append(f"The {distinct[cheap.position]} is the cheaper choice.")
    rated = [p for p in facts if p.rating is not None]
    if len(rated) >= 2:
        best = max(rated, key=lambda p: p.rating or 0.0)
        if len({p.rating for p in rated}) > 1:
            which = "better" if len(rated) == 2 else "best"
            body.append(f"The {distinct[best.position]} has the {which} rating.")
    differing = [
        r for r in rows if r["differs"] and r["field"] not in ("product", "price", "rating")
    ]
    if differing:
        parts = [f"{r['label'].lower()} ({' vs '.join(r['values'])})" for r in differing[:4]]
        body.append("They also differ in " + ", ".join(parts) + ".")
    answer = comparative_answer(
        question, [p.attributes for p in facts], [distinct[p.position] for p in facts]
    )
    if answer:  # "which is lighter?": the answer first, then the side by side
        opening = f"{answer} {opening}"
    return ReplyPlan(
        kind="compare",
        template=" ".join([opening, *body]),
        products=facts,
        opening=opening,
        request="compare " + " and ".join(p.title for p in facts),
    )

"""Which shown products a message talks about: "the second one", "option 3", "the last one",
"the cheaper one", "it" (the product in focus), or a shown product's name."""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any

from assistant.engine.state import SessionState
from assistant.nlu.vocabulary import tokens

SUPERLATIVE = re.compile(
    r"\b(?:the|which(?: one)? is(?: the)?|which)\s+"
    r"(?P<q>cheaper|cheapest|less expensive|least expensive|more expensive|pricier|priciest|"
    r"most expensive|better[- ]rated|best[- ]rated|higher[- ]rated|highest[- ]rated|"
    r"top[- ]rated|lighter|lightest|heavier|heaviest)"
    r"(?:\s+(?:one|option|pick|of (?:the|them|these|those)(?: two| three)?))?\b",
    re.IGNORECASE,
)
_QUALITIES = (
    r"(?:cheaper|cheapest|less expensive|least expensive|more expensive|pricier|priciest|"
    r"most expensive|better[- ]rated|best[- ]rated|higher[- ]rated|highest[- ]rated|top[- ]rated|"
    r"lighter|lightest|heavier|heaviest)"
)
# one shown product picked by a quality: "the cheapest one", "which is the cheapest?"
SINGLE_SUPERLATIVE = re.compile(
    rf"\bthe\s+{_QUALITIES}\s+(?:one|option|pick)\b"
    rf"|\bwhich(?:\s+one)?(?:\s+of\s+(?:them|these|those))?\s+(?:is|'s)\s+(?:the\s+)?{_QUALITIES}\b",
    re.IGNORECASE,
)
PRONOUN = re.compile(r"\b(?:it|its|it's|this one|that one|this|that|they|them|both)\b", re.I)
_WEIGHT = re.compile(r"(\d+(?:\.\d+)?)\s*(kg|g)\b", re.IGNORECASE)
NAME_MIN_WORDS = 2


@dataclass
class Resolution:
    products: list[dict[str, Any]]  # resolved product records, in the order referred to
    how: str  # positions | superlative | name | focus | none
    missing: list[int]  # positions asked for beyond the shown list


def resolve(state: SessionState, message: str, refs: list[int]) -> Resolution:
    shown = state.shown
    if refs:
        out, missing = [], []
        for r in refs:
            i = len(shown) + r if r < 0 else r - 1
            if 0 <= i < len(shown):
                if shown[i] not in out:
                    out.append(shown[i])
            else:
                missing.append(r)
        return Resolution(out, "positions", missing)
    m = SUPERLATIVE.search(message)
    if m and shown:
        pool = [p for p in shown if p.get("product_id") in state.focus] or shown
        if len(state.focus) < 2:
            pool = shown
        best = pick(pool, m.group("q").lower())
        if best is not None:
            return Resolution([best], "superlative", [])
    named = by_name(shown, message)
    if named:
        return Resolution(named, "name", [])
    if state.focus and PRONOUN.search(message):
        by_id = {p.get("product_id"): p for p in shown}
        focus = [by_id[f] for f in state.focus if f in by_id]
        if focus:
            return Resolution(focus, "focus", [])
    if len(state.focus) == 1:  # the product the last questions were about ("how long is
        by_id = {p.get("product_id"): p for p in shown}  # the warranty?" after two of them)
        if state.focus[0] in by_id:
            return Resolution([by_id[state.focus[0]]], "focus", [])
    if len(shown) == 1:
        return Resolution(list(shown), "focus", [])
    return Resolution([], "none", [])


# the brand of the product talked about: "not that brand", "a different brand", "other brands"
THAT_BRAND = re.compile(
    r"\b(?:not|no|nothing (?:from|by)|anything but|other than|except|avoid|hate|dislike)\s+"
    r"(?:that|this|the same|their|its)\s+brand\b"
    r"|\b(?:another|a different|different|other|some other)\s+brands?\b",
    re.IGNORECASE,
)


def brand_referred(state: SessionState, message: str) -> str | None:
    """The brand "not that brand" means: the brand of the product in focus, else of the first
    shown product; None when the message says no such thing or no product has a brand."""
    if not THAT_BRAND.search(message):
        return None
    by_id = {str(p.get("product_id")): p for p in state.shown}
    focus = [by_id[pid] for pid in state.focus if pid in by_id] or state.shown[:1]
    brand = str(focus[0].get("brand") or "").strip() if focus else ""
    return brand or None


def pick(pool: list[dict[str, Any]], quality: str) -> dict[str, Any] | None:
    q = quality.replace("-", " ")
    if any(w in q for w in ("cheap", "less expensive", "least expensive")):
        key, low = "price", True
    elif any(w in q for w in ("expensive", "pricier", "priciest")):
        key, low = "price", False
    elif "rated" in q:
        key, low = "rating", False
    elif q.startswith("light"):
        key, low = "weight", True
    else:
        key, low = "weight", False
    scored = [(value_of(p, key), n, p) for n, p in enumerate(pool)]
    known = [s for s in scored if s[0] is not None]
    if not known:
        return None
    best = min(known, key=lambda s: (s[0] if low else -s[0], s[1]))  # type: ignore[operator]
    return best[2]


def value_of(product: dict[str, Any], key: str) -> float | None:
    if key == "weight":
        m = _WEIGHT.search(str((product.get("attributes") or {}).get("weight", "")))
        if not m:
            return None
        return float(m.group(1)) * (1000 if m.group(2).lower() == "kg" else 1)
    value = product.get(key)
    try:
        out = float(value) if value is not None else None
    except (TypeError, ValueError):
        return None
    return None if out is None or math.isnan(out) else out


def by_name(shown: list[dict[str, Any]], message: str) -> list[dict[str, Any]]:
    """Shown products whose name (title before any comma, without its last word) is in the
    message, e.g. "Studio Grip" for "Studio Grip Yoga Mat"."""
    words = tokens(message)
    text = " " + " ".join(words) + " "
    out = []
    for p in shown:
        title = str(p.get("title", "")).split(",")[0]
        name = tokens(title)
        for n in range(len(name), NAME_MIN_WORDS - 1, -1):
            if f" {' '.join(name[:n])} " in text:
                out.append(p)
                break
    return out

"""References to shown products ("the second one", "1 or 3", "the last one") and order ids."""

from __future__ import annotations

import re

ORDINALS: dict[str, int] = {
    "first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4,
    "fifth": 5, "5th": 5, "sixth": 6, "6th": 6, "seventh": 7, "7th": 7, "eighth": 8, "8th": 8,
    "ninth": 9, "9th": 9, "tenth": 10, "10th": 10,
}  # fmt: skip
COUNTS: dict[str, int] = {
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "2": 2,
    "3": 3,
    "4": 4,
    "5": 5,
}
MAX_REF = 20

_ORD = "|".join(sorted(ORDINALS, key=len, reverse=True))
_NOT_PRODUCT_AFTER = (
    r"time|times|day|days|week|weeks|month|months|year|years|night|wash|washes|wear|use|"
    r"order|orders|place|thing|step|impression|floor|class|hand|half|date|name|aid|lady"
)
_PICK_WORDS = frozenset({"one", "option", "item", "product", "pick", "choice"})
_ORDINAL = re.compile(
    rf"(?<![\w-])(?P<at>at\s+|a\s+|for\s+the\s+)?(?P<ord>{_ORD})(?!\w)(?P<after>\s+\w+)?",
    re.IGNORECASE,
)
_FIRST_N = re.compile(rf"\b(?:the\s+)?(?:first|top)\s+(?P<n>{'|'.join(COUNTS)})\b", re.IGNORECASE)
_LAST = re.compile(
    r"\b(?:(?:the|that|this)\s+(?:very\s+)?last(?:\s+(?P<n>two|2|three|3))?"
    r"|last\s+(?:(?P<n2>two|three)|one|ones|option|item|product|pair))\b(?P<after>\s+\w+)?",
    re.IGNORECASE,
)
_NUMBERED = re.compile(
    r"(?:\b(?:number|no\.|nr\.?|option|item|product|choice|pick)|#)\s*(?P<n>\d{1,2})\b(?![.,]?\d)",
    re.IGNORECASE,
)
_PAIR = re.compile(
    r"(?<![\w$€£.,#-])(?P<a>\d{1,2})\s*(?:or|vs\.?|versus|and|&|,)\s*(?:number\s+|#)?(?P<b>\d{1,2})(?![\w.,%$€£-])",
    re.IGNORECASE,
)

_ORDER_ID_TOKEN = r"[A-Z]{0,3}-?\d{3,}(?:-?[A-Z0-9]+)*"
_ORDER_AFTER_WORD = re.compile(
    rf"\b(?:order|purchase|ref|reference|invoice|confirmation)(?:\s+(?:number|no\.?|num|nr\.?|id|code))?"
    rf"\s*(?:is\s+|was\s+)?[:#]?\s*(?P<id>{_ORDER_ID_TOKEN})\b",
    re.IGNORECASE,
)
_HASH_ID = re.compile(r"#\s?(?P<id>[A-Za-z]{0,3}-?\d{3,}(?:-?[A-Za-z0-9]+)*)\b")
_BARE_CODE = re.compile(
    r"(?<![\w-])(?P<id>[A-Z]{1,3}-?\d{3,}(?:-[A-Z0-9]+)*|\d{5,})\b"
    r"(?!\s*(?i:mah|w|watts?|gb|tb|mb|l|ml|g|kg|mm|cm|lbs?|oz|rpm|btu|lumens?)\b)",  # a figure
)
_ORDER_CONTEXT = re.compile(
    r"\b(?:order|package|parcel|delivery|delivered|shipment|shipped|refund|return|tracking|track"
    r"|purchase|invoice|status|cancel|arrive|arrived|dispatch)(?:s|ed|ing)?\b",
    re.IGNORECASE,
)


def extract_product_refs(
    text: str, blocked: list[tuple[int, int]]
) -> tuple[list[int], list[tuple[int, int]]]:
    """Positions in the last shown list (1-based; -1 = the last one) and the spans read."""
    found: list[tuple[int, list[int]]] = []
    spans: list[tuple[int, int]] = []

    def take(start: int, end: int, refs: list[int]) -> None:
        if not any(start < e and s < end for s, e in [*blocked, *spans]):
            found.append((start, refs))
            spans.append((start, end))

    for m in _FIRST_N.finditer(text):
        take(m.start(), m.end(), list(range(1, COUNTS[m.group("n").lower()] + 1)))
    for m in _ORDINAL.finditer(text):
        after = (m.group("after") or "").strip().lower()
        pick = after in _PICK_WORDS  # "shipping for the second one" is still a reference
        if (m.group("at") and not pick) or re.fullmatch(_NOT_PRODUCT_AFTER, after):
            continue
        take(m.start("ord"), m.end("ord"), [ORDINALS[m.group("ord").lower()]])
    for m in _LAST.finditer(text):
        after = (m.group("after") or "").strip().lower()
        if re.fullmatch(_NOT_PRODUCT_AFTER, after):
            continue
        n = COUNTS.get((m.group("n") or m.group("n2") or "").lower(), 1)
        take(m.start(), m.end() - len(m.group("after") or ""), list(range(-n, 0)))
    for m in _NUMBERED.finditer(text):
        if 1 <= int(m.group("n")) <= MAX_REF:
            take(m.start(), m.end(), [int(m.group("n"))])
    for m in _PAIR.finditer(text):
        a, b = int(m.group("a")), int(m.group("b"))
        if 1 <= a <= MAX_REF and 1 <= b <= MAX_REF:
            take(m.start(), m.end(), [a, b])
    refs = [r for _, group in sorted(found, key=lambda item: item[0]) for r in group]
    return _dedupe(refs), spans


def _dedupe(values: list[int]) -> list[int]:
    seen: list[int] = []
    for v in values:
        if v not in seen:
            seen.append(v)
    return seen


_BARE_CODE_ANY_CASE = re.compile(_BARE_CODE.pattern, re.IGNORECASE)


def bare_order_id(text: str) -> str | None:
    """A code shaped like an order id with no order word ("what about 58784?", "and
    a5149?"): an order id only where the conversation is about orders already."""
    m = _BARE_CODE_ANY_CASE.search(text)
    return m.group("id").upper() if m else None


def extract_order_id(text: str) -> tuple[str | None, tuple[int, int] | None]:
    """ "#A1093" -> "A1093", "order 58213" -> "58213", "B-4402" (with an order word) -> "B-4402"."""
    for pattern in (_ORDER_AFTER_WORD, _HASH_ID):
        m = pattern.search(text)
        if m:
            return m.group("id").upper(), m.span()
    if _ORDER_CONTEXT.search(text):
        m = _BARE_CODE.search(text)
        if m:
            return m.group("id"), m.span()
    return None, None

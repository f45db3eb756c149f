"""Redact e-mail addresses, phone numbers, payment card numbers and IBANs from free text.

Each kind is found by a compiled regular expression and then confirmed by a check so that
ordinary shopping text survives: card candidates must pass the Luhn checksum (order numbers
such as ``58213`` or ``#A1093`` are far too short anyway), IBAN candidates must pass the
ISO 13616 mod-97 check, and phone candidates must have a plausible number of digits. Prices
(``$1,299.99``), dates (``2024-03-15``), sizes (``10.5``, ``32x34``) and order ids never match.

Replacement tokens: ``[email]``, ``[phone]``, ``[card]``, ``[iban]``.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

REDACTION_TOKENS: dict[str, str] = {
    "email": "[email]",
    "iban": "[iban]",
    "card": "[card]",
    "phone": "[phone]",
}

_EMAIL = re.compile(
    r"(?<![\w.+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\b"
)

# Two letters, two check digits, then groups of four alphanumerics (spaces optional).
_IBAN = re.compile(
    r"(?<![\w])[A-Za-z]{2}\d{2}(?:[ ]?[A-Za-z0-9]{4}){2,7}(?:[ ]?[A-Za-z0-9]{1,4})?(?![\w])"
)

# 13-19 digits, optionally separated by single spaces or dashes.
_CARD = re.compile(r"(?<![\w.,$£€-])\d(?:[ -]?\d){12,18}(?![\w]|[.,]\d)")

# Phone numbers, in order of preference:
#   international: +CC followed by digit groups separated by space, dot, dash or parentheses;
#   US: optional 1, (AAA) or AAA, EEE, NNNN with optional separators;
#   UK national: 0 followed by 9-10 digits in up to three groups.
_PHONE = re.compile(
    r"(?<![\w+])(?:"
    r"\+\d{1,3}(?:[ .-]?\(?\d{1,5}\)?){1,5}"
    r"|(?:1[ .-]?)?(?:\([2-9]\d{2}\)|[2-9]\d{2})[ .-]?\d{3}[ .-]?\d{4}"
    r"|0\d{2,4}[ -]?\d{3,4}[ -]?\d{3,4}"
    r")(?![\w]|[.,]\d)"
)


def luhn_valid(digits: str) -> bool:
    """The Luhn checksum used by payment card numbers."""
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = ord(ch) - 48
        if i % 2 == 1:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return total % 10 == 0


def iban_valid(candidate: str) -> bool:
    """ISO 13616: move the first four characters to the end, letters to numbers, mod 97 == 1."""
    compact = candidate.replace(" ", "").upper()
    if not 15 <= len(compact) <= 34 or not compact.isalnum():
        return False
    if sum(ch.isdigit() for ch in compact[4:]) < 8:  # real IBAN bodies are mostly digits
        return False
    rearranged = compact[4:] + compact[:4]
    number = "".join(str(int(ch, 36)) for ch in rearranged)
    return int(number) % 97 == 1


def _digits(text: str) -> str:
    return "".join(ch for ch in text if ch.isdigit())


def _replace_card(match: re.Match[str]) -> str:
    digits = _digits(match.group(0))
    if 13 <= len(digits) <= 19 and luhn_valid(digits):
        return REDACTION_TOKENS["card"]
    return match.group(0)


def _replace_iban(match: re.Match[str]) -> str:
    return REDACTION_TOKENS["iban"] if iban_valid(match.group(0)) else match.group(0)


def _replace_phone(match: re.Match[str]) -> str:
    text = match.group(0)
    count = len(_digits(text))
    low = 8 if text.startswith("+") else 10
    if low <= count <= 15 and text.count("(") == text.count(")"):
        return REDACTION_TOKENS["phone"]
    return text


_STEPS: tuple[tuple[re.Pattern[str], Callable[[re.Match[str]], str] | str], ...] = (
    (_EMAIL, REDACTION_TOKENS["email"]),
    (_IBAN, _replace_iban),
    (_CARD, _replace_card),
    (_PHONE, _replace_phone),
)


def redact(text: str) -> str:
    """``text`` with e-mails, phone numbers, card numbers and IBANs replaced by tokens."""
    if not text:
        return text
    has_at = "@" in text
    if not has_at and not any(ch.isdigit() for ch in text):
        return text
    for pattern, replacement in _STEPS:
        if pattern is _EMAIL and not has_at:
            continue
        text = pattern.sub(replacement, text)
    return text


def _is_identifier_key(key: str) -> bool:
    lowered = key.lower()
    return lowered == "id" or lowered.endswith(("_id", "_ids", "ids"))


def redact_data(value: Any, key: str = "") -> Any:
    """Redact every string in a JSON-like structure except values under identifier keys
    (``product_id``, ``order_ids``...), which are references, not free text."""
    if isinstance(value, str):
        return value if _is_identifier_key(key) else redact(value)
    if isinstance(value, dict):
        return {k: redact_data(v, str(k)) for k, v in value.items()}
    if isinstance(value, list | tuple):
        if _is_identifier_key(key):
            return list(value)
        return [redact_data(v, key) for v in value]
    return value

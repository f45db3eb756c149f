"""What a support message is about, from the customer's words: a cancellation, damage on
arrival, a fault, a refund (how much, or why less than paid), a return or a delivery. The rules in ``rulings`` decide
each subject for the order in question."""

from __future__ import annotations

import re

from assistant.support.passages import DAMAGE_WORDS, PAYMENT_WORDS

CANCEL_WORDS = re.compile(r"\bcancel(?:l?ing|lation|l?ed)?\b", re.IGNORECASE)
_CANCELLED = re.compile(r"\bcancell?ed\b", re.IGNORECASE)  # "was cancelled, where's my refund"
REFUND_WORDS = re.compile(
    r"\b(?:refund\w*|money back|reimburs\w*|(?:will|do|would|did) i get back|"
    r"(?:get|got|getting)(?:\s+[\w$.]+){1,4}\s+back)\b",
    re.IGNORECASE,
)
REFUND_AMOUNT = re.compile(
    r"\bhow much\b.*\b(?:refund\w*|back)\b|\brefund(?:ed)? amount\b", re.IGNORECASE
)
# "why did I only get $39 back?": the amount is known, the reason is asked
REFUND_SHORT = re.compile(
    r"\b(?:only|just) (?:got|get|received|refunded)\b|\bnot (?:the )?full\b|"
    r"\bwhy\b.*\b(?:only|just|less)\b|\bless than\b.*\b(?:paid|price|total)\b",
    re.IGNORECASE,
)
# the item does not work (not damage on arrival): a return in the window, else the warranty
FAULT_WORDS = re.compile(
    r"\b(?:broken|broke|stopped working|(?:does ?n[o']?t|doesnt|won'?t|will not|not) (?:work|"
    r"working|turn on|charge|charging)|faulty|defective|dead|died|malfunction\w*)\b",
    re.IGNORECASE,
)
RETURN_WORDS = re.compile(
    r"\b(?:return\w*|send (?:it|them|this|these) back|exchange|swap|replace(?:ment)?)\b",
    re.IGNORECASE,
)
# asking after a parcel ("where is it", "still not here"); "how much is express delivery" is not
WHERE_WORDS = re.compile(
    r"\b(?:where(?:'s| is)|late|delay(?:ed)?|not (?:arrived|here|delivered|received)|"
    r"hasn'?t (?:arrived|come)|never (?:came|arrived|got)|still (?:not|no|waiting)|lost|missing|"
    r"track(?:ing)?|when will (?:it|my order|my parcel|they) (?:arrive|come))\b",
    re.IGNORECASE,
)


def topic_of(message: str, intent: str) -> str | None:
    """The subject a rule may decide, from the customer's words (first match wins)."""
    if CANCEL_WORDS.search(message):
        if _CANCELLED.search(message) and REFUND_WORDS.search(message):
            return "refund"  # a cancelled order's refund
        return "cancel"
    if DAMAGE_WORDS.search(message):
        return "damage"
    if FAULT_WORDS.search(message):
        return "fault"
    if REFUND_WORDS.search(message):
        return "refund"
    if RETURN_WORDS.search(message):
        return "return"
    if WHERE_WORDS.search(message) or (
        intent == "order_status" and not PAYMENT_WORDS.search(message)
    ):
        return "delivery"  # "when will my card be charged" is a payment question
    return None

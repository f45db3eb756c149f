"""Policy passage retrieval for a customer message: the policy index plus three small hints.

1. Lexical expansion: customers say "cheaper elsewhere", policies say "price match". A short,
   documented list of phrasings adds the policy's words to the BM25 query (never to the
   dense query, which already handles paraphrase).
2. Intent prior: the NLU intent adds ``INTENT_BOOST`` to the pages that intent is usually
   about (``human_agent`` -> Contact us, ``order_status`` -> Shipping, ...). It breaks ties,
   it does not override a clearly better passage elsewhere.
3. Subject gates: a few passages apply only when the message is about their subject
   (``GATES``): "Items that arrive damaged" needs something said to be damaged, "Missing
   refunds" a refund that has not arrived, "Declined payments" a payment, "Other zones" a
   place outside the contiguous US ("do you have free shipping?" is about the home rule). An
   angry "give me my money back" reads like the damage passage to an embedding; it is not
   about damage.
4. Overview: a question about a policy as a whole ("what is your return policy?") gets the
   page's opening passage ("You can return most items within 30 days ...") first.
5. A floor: a passage whose cosine to the message is under ``min_cosine`` is not returned
   ("this is useless" is about no policy), unless a rule pinned it or the message has the cue
   words of its gate ("what about the UK?" names a place: Other zones).

The rules in ``assistant.support.rulings`` can also pin the passage that applies to the
order's facts (``Pin``); it comes first, quoting the sentences the rule names.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np

from assistant.support.policies import PassageHit, Pin, PolicyIndex

if TYPE_CHECKING:
    from assistant.embedding import Encoder

INTENT_BOOST = 0.08
INTENT_PAGES: dict[str, tuple[str, ...]] = {
    "order_status": ("shipping",),
    "return_refund": ("returns", "refunds", "exchanges"),
    "human_agent": ("contact",),
}
# places abroad a customer may ask about (Canada has its own rule on the shipping page)
FOREIGN = (
    r"uk|u\.k\.|united kingdom|britain|england|scotland|ireland|europe|eu|germany|france|"
    r"spain|italy|netherlands|sweden|norway|denmark|poland|switzerland|austria|belgium|portugal|"
    r"australia|new zealand|japan|china|india|korea|singapore|brazil|mexico|argentina|"
    r"south africa|israel|uae|dubai|philippines|abroad|overseas|international\w*"
)
EXPANSIONS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), words)
    for pattern, words in (
        (
            r"\b(human|person|someone|agent|representative|supervisor|manager)\b",
            "contact supervisor team lead chat phone",
        ),
        (r"\b(cheaper|lower price|price drop|dropped|on sale)\b", "price match retailer"),
        (
            r"\b(broken|broke|stopped working|defect\w*|faulty|not working|doesn'?t work)\b",
            "warranty defect fault",
        ),
        (r"\b(damaged|smashed|crushed|dented|cracked)\b", "damaged arrive report photo"),
        (
            r"\b(late|delayed|hasn'?t (arrived|come)|not (arrived|here)|where is|lost|missing)\b",
            "late missing parcel trace estimated delivery",
        ),
        (
            r"\b(too (small|big|large|tight|loose)|wrong size|swap|different (size|colou?r))\b",
            "exchange size colour",
        ),
        (r"\b(money back|refund\w*|reimburs\w*)\b", "refund"),
        (r"\b(pay|paying|payment|card|paypal|apple pay|declined)\b", "payment"),
        (r"\b(hours|open|phone|call|email|contact)\b", "contact"),
        # a country the shipping page does not list: its "other countries" sentence
        (rf"\b(?:{FOREIGN})\b", "ship to other countries"),
    )
)


DAMAGE_WORDS = re.compile(
    r"\b(?:damage\w*|smashed|crushed|dented|cracked|shattered|torn|arrived broken|"
    r"broken (?:on|when|in) (?:arrival|it arrived|the box))\b",
    re.IGNORECASE,
)
MISSING_REFUND_WORDS = re.compile(
    r"\brefund\w*\b.*\b(?:not|n't|never|still|yet|missing|where)\b|"
    r"\b(?:where|still|never|not|n't)\b.*\brefund",
    re.IGNORECASE,
)
PAYMENT_WORDS = re.compile(
    r"\b(?:declin\w*|payment\w*|pay|paid|card|charged?|paypal|apple pay)\b", re.IGNORECASE
)
GATE_PENALTY = 1.0  # far more than any score difference: a gated passage comes last
GATES: dict[tuple[str, str], re.Pattern[str]] = {
    ("returns", "items that arrive damaged"): DAMAGE_WORDS,
    ("refunds", "missing refunds"): MISSING_REFUND_WORDS,
    ("payment-methods", "declined payments"): PAYMENT_WORDS,
    ("shipping", "cancelling an order"): re.compile(r"\bcancel\w*\b", re.IGNORECASE),
    ("shipping", "other zones"): re.compile(
        r"\b(?:alaska|hawaii|puerto rico|guam|canada|canadian|international\w*|abroad|overseas|"
        rf"countr(?:y|ies)|outside|zones?|po box\w*|freight|{FOREIGN}|"
        r"(?:ship|shipping|deliver|delivery|send)\s+(?:it\s+)?(?:to|in)\s+(?!my\b|me\b|the\b|your\b|our\b|a\b)[a-z]+)\b",
        re.IGNORECASE,
    ),
}
OVERVIEW_BOOST = 0.15
# "what is your return policy?", "tell me about your warranty policy", "shipping policy?"
# (a policy named as a whole; "what is the tracking number?" asks one fact)
OVERVIEW = re.compile(
    r"^\W*(?:(?:what(?:'s|s| is| are)|tell me about|explain)\s+(?:your|the)\s+)?"
    r"[a-z-]+(?:\s+[a-z-]+)?\s+polic(?:y|ies)\W*$",
    re.IGNORECASE,
)


def expand(message: str) -> str:
    extra = [words for pattern, words in EXPANSIONS if pattern.search(message)]
    return " ".join([message, *extra])


class PolicyRetriever:
    """Component: ``run(message, intent, k) -> list[PassageHit]`` (best first)."""

    def __init__(
        self, index: PolicyIndex, encoder: Encoder, alpha: float = 0.7, min_cosine: float = 0.0
    ) -> None:
        if not 0 <= alpha <= 1:
            raise ValueError("alpha must be in [0, 1]")
        if not -1 <= min_cosine <= 1:
            raise ValueError("min_cosine must be in [-1, 1]")
        self.index = index
        self.encoder = encoder
        self.alpha = alpha
        self.min_cosine = min_cosine
        self.overview = np.array(
            [OVERVIEW_BOOST if p.heading == p.title else 0.0 for p in index.passages]
        )
        pages = [p.page for p in index.passages]
        self.priors = {
            intent: np.array([INTENT_BOOST if page in wanted else 0.0 for page in pages])
            for intent, wanted in INTENT_PAGES.items()
        }
        self.gates = [GATES.get((p.page, p.heading.lower())) for p in index.passages]

    def run(
        self, message: str, intent: str | None = None, k: int = 3, pin: Pin | None = None
    ) -> list[PassageHit]:
        if k < 1:
            raise ValueError("k must be >= 1")
        if not message.strip():
            return []
        vector = self.encoder.encode_one(message)
        prior = self.priors.get(intent or "", np.zeros(len(self.gates)))
        gated = np.array(
            [-GATE_PENALTY if g and not g.search(message) else 0.0 for g in self.gates]
        )
        if OVERVIEW.search(message):
            prior = prior + self.overview
        hits = self.index.search(vector, expand(message), k, self.alpha, prior + gated, pin)
        pinned = None if pin is None else (pin.page, pin.heading)
        # a passage whose own cue words the message has ("what about the UK?" names a place:
        # Other zones) is about it, however little the rest of the message says
        cued = {
            (p.page, p.heading)
            for p, g in zip(self.index.passages, self.gates, strict=True)
            if g is not None and g.search(message)
        }
        return [
            h
            for h in hits
            if h.dense >= self.min_cosine
            or (h.passage.page, h.passage.heading) == pinned
            or (h.passage.page, h.passage.heading) in cued
        ]

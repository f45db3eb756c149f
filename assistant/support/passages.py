"""Policy passage retrieval for a customer message: the policy index plus two small hints.

1. Lexical expansion: customers say "cheaper elsewhere", policies say "price match". A short,
   documented list of phrasings adds the policy's words to the BM25 query (never to the
   dense query, which already handles paraphrase).
2. Intent prior: the NLU intent adds ``INTENT_BOOST`` to the pages that intent is usually
   about (``human_agent`` -> Contact us, ``order_status`` -> Shipping, ...). It breaks ties,
   it does not override a clearly better passage elsewhere.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

import numpy as np

from assistant.support.policies import PassageHit, PolicyIndex

if TYPE_CHECKING:
    from assistant.embedding import Encoder

INTENT_BOOST = 0.08
INTENT_PAGES: dict[str, tuple[str, ...]] = {
    "order_status": ("shipping",),
    "return_refund": ("returns", "refunds", "exchanges"),
    "human_agent": ("contact",),
}
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
    )
)


def expand(message: str) -> str:
    extra = [words for pattern, words in EXPANSIONS if pattern.search(message)]
    return " ".join([message, *extra])


class PolicyRetriever:
    """Component: ``run(message, intent, k) -> list[PassageHit]`` (best first)."""

    def __init__(self, index: PolicyIndex, encoder: Encoder, alpha: float = 0.7) -> None:
        if not 0 <= alpha <= 1:
            raise ValueError("alpha must be in [0, 1]")
        self.index = index
        self.encoder = encoder
        self.alpha = alpha
        pages = [p.page for p in index.passages]
        self.priors = {
            intent: np.array([INTENT_BOOST if page in wanted else 0.0 for page in pages])
            for intent, wanted in INTENT_PAGES.items()
        }

    def run(self, message: str, intent: str | None = None, k: int = 3) -> list[PassageHit]:
        if k < 1:
            raise ValueError("k must be >= 1")
        if not message.strip():
            return []
        vector = self.encoder.encode_one(message)
        prior = self.priors.get(intent or "")
        return self.index.search(vector, expand(message), k, self.alpha, prior)

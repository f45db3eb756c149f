"""What a message asks for beyond its intent label: a trivia question, a short product
description, a product to find neighbours of, a product to price against, a yes/no question.
Pure functions of the message, the session state and the catalog's words."""

from __future__ import annotations

import re
from typing import Any

from assistant.engine.answers import asks_yes_no
from assistant.engine.references import resolve
from assistant.engine.runtime import Runtime
from assistant.engine.search_text import CHEAPER, PRICIER, content_words
from assistant.engine.similar import SIMILAR
from assistant.engine.state import SessionState
from assistant.indexing.lexical import analyze
from assistant.nlu.pipeline import NLUResult

# an email address in a message ("my email is ...", after being asked to sign in): the chat
# cannot check it, so it is not used (``replies.NO_EMAIL_LOOKUP`` says why)
EMAIL_ADDRESS = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
# what makes a complaint a support matter (an order, a delivery, money, the account, something
# bought): "the tent I bought leaks" is no comment on the list
SERVICE_WORDS = re.compile(
    r"\b(?:order\w*|deliver\w*|parcel|package|shipp\w*|arriv\w*|refund\w*|return\w*|charg\w*|"
    r"paid|payment|account|broken|damaged|faulty|customer service|support|staff|human|agent|"
    r"manager|website|app|site|checkout|bought|purchased|got from you|my)\b",
    re.IGNORECASE,
)
# a complaint about the list itself: "these all suck", "none of them", "useless results"
ABOUT_THE_LIST = re.compile(
    r"\b(?:these|those|them|they|results?|options?|suggestions?|picks?|none of|this list|"
    r"useless|bot)\b",
    re.IGNORECASE,
)
# "go back", "undo", "the previous results": the search before the current one
GO_BACK = re.compile(
    r"^\W*(?:(?:can we |let'?s |please )?(?:(?:go|take me|bring me) )?back(?: to (?:the )?(?:previous|last|"
    r"earlier|other|old) (?:results|list|search|ones|options))?|undo(?: that)?|back|"
    r"(?:show (?:me )?)?the (?:previous|earlier|last) (?:results|list|search|ones|options)"
    r"(?: again)?)\W*(?:please|pls)?\W*$",
    re.IGNORECASE,
)
# "who won the world cup?", "why is the sky blue?": a question that is not about shopping,
# whatever product word it holds (only when the NLU did not read it as shopping)
TRIVIA = re.compile(r"^\W*(?:who|why|when)\b(?!.*\b(?:sell|stock|deliver|ship)\w*\b)", re.I)


def describes_product(rt: Runtime, message: str, nlu: NLUResult) -> bool:
    """A short message with words the catalog uses ("with lumbar support", "vegan"): mid-
    search, a refinement even when the intent model calls it other."""
    words = content_words(message, nlu.entities)
    if not words or len(words) > 4 or TRIVIA.search(message):
        return False
    return any(rt.index.lexical.frequency(term) for term in analyze(" ".join(words)))


def similar_target(state: SessionState, message: str, refs: list[int]) -> dict[str, Any] | None:
    """The shown product "more like the second one" / "similar to it" points at, if any."""
    if not state.shown or not SIMILAR.search(message):
        return None
    found = resolve(state, message, refs).products
    return found[0] if found else None


def price_basis(state: SessionState, message: str, refs: list[int]) -> list[dict[str, Any]]:
    """The referenced shown products when the message asks for cheaper or pricier ones than
    them ("cheaper than the first one"); empty otherwise."""
    if not refs or not state.shown or not (CHEAPER.search(message) or PRICIER.search(message)):
        return []
    if asks(message) or re.search(r"\bwhich\b", message, re.IGNORECASE):
        return []  # "which is cheaper, the first or the second?" compares them
    return [state.shown[r - 1] for r in refs if 0 < r <= len(state.shown)]


def asks(message: str) -> bool:
    """A yes/no question ("is it in stock?", "does the second one ship today") rather than
    a refinement ("only in stock")."""
    return asks_yes_no(message) or message.rstrip().endswith("?")


def asked_again(state: SessionState, message: str, nlu: NLUResult) -> str | None:
    """The last product question, when this message only points at other shown products
    ("and the second?", "what about option 3?"); None otherwise."""
    refs = nlu.entities.product_refs
    last = state.history[-1] if state.history else None
    if not refs or not state.shown or last is None or last.intent != "product_question":
        return None
    e = nlu.entities
    filters = (e.color, e.size, e.brand, e.category, e.price_min, e.price_max)
    if any(v is not None for v in filters) or e.exclude_terms:
        return None  # "and the second in black?" asks for something else
    if len(message.split()) > 6 or content_words(message, e):
        return None
    return last.message


# "recommend me something", "what do you suggest?", "surprise me", "any suggestions?"
_PICKS = re.compile(
    r"\b(?:recommend|suggest|suggestions?|recommendations?|surprise me|what should i (?:buy|get)|"
    r"pick (?:something|for me)|for me\?*$)",
    re.IGNORECASE,
)


def asks_for_picks(message: str, nlu: NLUResult) -> bool:
    """A request for recommendations that names nothing to search for: the shopper's own
    picks ("recommend me something"), not a search for the words."""
    e = nlu.entities
    if e.category or e.brand or e.color or e.price_min is not None or e.price_max is not None:
        return False
    if not _PICKS.search(message):
        return False
    return not [w for w in content_words(message, e) if w not in _PICK_WORDS]


_PICK_WORDS = frozenset(
    [
        "recommend",
        "recommendation",
        "recommendations",
        "suggest",
        "suggestion",
        "suggestions",
        "surprise",
        "buy",
        "pick",
        "should",
        "good",
        "nice",
        "great",
    ]
)

"""The intent a turn acts on: the NLU's label, corrected by what the conversation makes
clear. A support request that names a product ("where is my watch??", "the shoes from order
51683 don't fit"), a message that goes on from a support turn ("cancel it", "what about
58784?"), and a refinement mid-search the model read as something else ("forget the brand",
"not that brand") are routed as what they are. Also whether a message asks for another kind
of product than the current search, or for a brand that sells none of it."""

from __future__ import annotations

import re

from assistant.engine.cues import asks, describes_product
from assistant.engine.references import brand_referred
from assistant.engine.refinement import is_refinement, same_family
from assistant.engine.runtime import Runtime
from assistant.engine.state import SessionState
from assistant.engine.turn import Turn
from assistant.nlu.pipeline import NLUResult
from assistant.nlu.references import bare_order_id
from assistant.nlu.vocabulary import tokens
from assistant.support.triage import follow_up_intent, support_intent
from assistant.support.types import SUPPORT_INTENTS

# "do you sell cars?", "do you have tents": whether the shop has a kind of product
DO_YOU_SELL = re.compile(
    r"\b(?:do|does|can) (?:you|u|y'?all|the shop|this shop)\s+(?:guys\s+)?"
    r"(?:sell|have|carry|stock|offer)\b",
    re.IGNORECASE,
)


# "do you offer a warranty on headphones?" is a policy question about a product
POLICY_WORDS = re.compile(
    r"\b(?:warrant\w*|guarantee\w*|shipping|delivery|deliver|returns?|refunds?|exchanges?|"
    r"discounts?|price match|gift cards?|payments?|installments?|pay later|coupons?|polic\w*)\b",
    re.IGNORECASE,
)


def asks_for_kind(rt: Runtime, message: str) -> bool:
    """The message names a kind of product, sold here or not ("a car", "lawn mowers"), or
    the head word of some catalog title, even one that is an everyday word elsewhere ("power
    bank": banks are sold here)."""
    extractor = rt.nlu.extractor
    if extractor.kind_of_request(message) is not None:
        return True
    return any(w in extractor.kinds.kinds for w in tokens(message))


def names_product(rt: Runtime, message: str, nlu: NLUResult) -> bool:
    """The message names a product: a category, a brand or a catalog product word."""
    e = nlu.entities
    if e.category or e.brand:
        return True
    return rt.nlu.extractor.mentions_product(message, e)


def read_intent(
    rt: Runtime,
    state: SessionState,
    message: str,
    nlu: NLUResult,
    turn: Turn,
    searching: bool,
    support_unsure: float,
) -> str:
    """The intent to route on; ``nlu`` and ``turn`` are updated to match (the intent, and
    the entities a follow-up or "that brand" adds)."""
    previous = state.history[-1].intent if state.history else None
    support = support_intent(message, nlu, support_unsure)
    if (
        support is None
        and previous in SUPPORT_INTENTS  # only then is a product named worth looking up
        and (
            support := follow_up_intent(
                message, nlu, previous, searching, names_product(rt, message, nlu)
            )
        )
    ):
        # "cancel it" after an order's status goes on with the order; "what about
        # 58784?" asks after another order (not for products around $58,784)
        code = None if nlu.entities.order_id else bare_order_id(message)
        if code:
            e = nlu.entities
            e.order_id, e.price_min, e.price_max = code, None, None
            turn.entities = e.to_dict()
    if support:
        # "the shoes from order 51683 don't fit, how do I return them?" is a return
        nlu.intent = turn.intent = support
    elif (
        nlu.intent == "policy_question"
        and DO_YOU_SELL.search(message)
        and not POLICY_WORDS.search(message)
        and (names_product(rt, message, nlu) or asks_for_kind(rt, message))
    ):  # "do you sell cars?" asks about the catalog, not a policy
        nlu.intent = turn.intent = "search"
    intent = nlu.intent
    that_brand = brand_referred(state, message) if searching else None
    if that_brand and that_brand not in nlu.entities.exclude_terms:
        # "not that brand": the brand of the product talked about
        nlu.entities.exclude_terms = [*nlu.entities.exclude_terms, that_brand]
        turn.entities = nlu.entities.to_dict()
    if (
        searching
        and intent not in ("search", "refine")
        and not nlu.entities.order_id
        and (
            is_refinement(message, list_phrases=intent not in SUPPORT_INTENTS)
            or (intent not in SUPPORT_INTENTS and bool(nlu.entities.exclude_terms))
            or (intent == "other" and describes_product(rt, message, nlu))
        )
        and not (intent == "product_question" and state.shown and asks(message))
    ):
        intent = "refine"  # "forget the brand" mid-search is a refinement, not a complaint
        nlu.intent = turn.intent = intent
    return intent


def asks_other_kind(rt: Runtime, state: SessionState, head: str | None) -> bool:
    """The message asks for a kind of product the current search is not about: another
    than its words name ("a lawn mower" after running shoes, "a grinder" after coffee
    makers), or, when they name none ("camping gifts"), one in none of its category and
    shown products' categories. ``head``: the kind the message asks for, if any."""
    c = state.constraints
    kinds = rt.nlu.extractor.kinds
    if head is None or not (c.query or c.category) or head in tokens(c.query):
        return False
    if kinds.head(tokens(c.query), everyday=True) is not None:
        return True  # "a grinder" after coffee makers: same category, another kind
    scope = [c.category] if c.category else []
    scope += [str(p.get("category") or "") for p in state.shown]
    named = rt.nlu.extractor.extract(head).category  # "sneaker": Shoes > Casual
    heads = kinds.categories(head) + ([named] if named else [])
    return not any(same_family(a, b) for a in heads for b in scope)


def brand_elsewhere(rt: Runtime, state: SessionState, brand: str | None) -> bool:
    """A brand named mid-search that sells nothing of the current kind ("lumiere atelier
    stuff?" after headphones, a beauty brand): a new search for the brand, not a filter
    that empties the list."""
    category = state.constraints.category
    if not brand or not category:
        return False
    frame = rt.index.products
    mine = frame[frame["brand"].astype(str).str.casefold() == brand.casefold()]
    return not any(same_family(str(c), category) for c in set(mine["category"]))

"""Template replies: deterministic, complete prose for every route, and the plans an LLM
may re-word (only ``results``, ``empty`` and ``compare``)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.catalog.measures import litres_text, weight_text
from assistant.engine.answers import Answer
from assistant.engine.search_text import looks_foreign, names_something
from assistant.engine.state import ORDER_NAMES, Constraints
from assistant.generation.types import ProductFacts, ReplyPlan, money
from assistant.text_cut import reviews, shorten

QUOTED_CHARS = 80  # the shopper's words quoted back in a reply, at most
GIFT = re.compile(r"\b(?:gift|present)s?\b", re.IGNORECASE)
HINT = 'You can say things like "cheaper", "in blue", "not red" or "tell me about the second one".'
SHOPPING_EXAMPLE = '"waterproof hiking boots under $100"'
GREETING = (
    "Hi! I'm the shop's assistant. Tell me what you're looking for — for example "
    f"{SHOPPING_EXAMPLE} — and I'll find matching products."
)
GOODBYE = "Thanks for stopping by — goodbye, and happy shopping!"
ANYTHING_ELSE = "Is there anything else I can help you with?"  # after "ok", "got it"
NO_EMAIL_LOOKUP = (
    "For your privacy I can't look up orders by an email address in this chat. Please sign in "
    "to see your orders here, or contact our support team, who can check the email address "
    "used for the order with you."
)
# a complaint about the products just shown ("these all suck"): about the list, not a case
# for the support team
RESULTS_DISLIKED = (
    "Sorry these aren't what you wanted. Tell me what's wrong with them (the price, the style, "
    'the brand, a feature) and I\'ll look again, or say "show me more" for other options.'
)
# "go back" with no earlier search in this chat
NOTHING_EARLIER = "There is no earlier search in this chat to go back to. What are you looking for?"
# "start over": every filter dropped, nothing to search yet
STARTED_OVER = (
    "OK, starting over: every filter is cleared. What are you looking for? For example "
    f"{SHOPPING_EXAMPLE}."
)
# "add it to my cart": this chat has no cart and takes no orders; say so, and what it can do
CART = re.compile(
    r"\b(?:add|put|place|throw)\b[^.?!]{0,40}\b(?:cart|basket|trolley|shopping bag)\b"
    r"|\bcheck\s?out\b|\bbuy (?:it|this|that|them|one|the \w+ one)(?: now| for me)?\s*[.!?]*$"
    r"|\bplace (?:an|my|the) order\b|\border (?:it|this|that|them) for me\b",
    re.IGNORECASE,
)
NO_CART = (
    "I can't add products to a cart or place orders from this chat, sorry. I can keep "
    "finding and comparing products, answer questions about them, or help with an order "
    "you have already placed."
)
OFF_TOPIC = (
    "I can only help with shopping here: finding and comparing products, questions about a "
    "product, or your orders and returns. What are you looking for?"
)
# a message in another language the shop did not understand ("busco una mochila barata")
ENGLISH_ONLY = (
    "Sorry, I can only understand English for now. Could you tell me in English what you are "
    f"looking for? For example {SHOPPING_EXAMPLE}."
)
GUARD = (
    "I can't change how I work or share my instructions, but I'm glad to help you shop. "
    "What are you looking for?"
)
SUPPORT_FALLBACK = {
    "order_status": (
        "I can't look up orders from this chat yet. Your order confirmation e-mail has the "
        "order number and tracking link; our customer service team can check anything else."
    ),
    "return_refund": (
        "I can't start a return from this chat yet. Our returns and refunds policy is on the "
        "help pages, and our customer service team can start a return for you."
    ),
    "policy_question": (
        "I can't look up our policies from this chat yet — the help pages cover shipping, "
        "returns, refunds and warranties, and our customer service team can answer the rest."
    ),
    "complaint": (
        "I'm sorry about that. I can't resolve complaints from this chat yet, so please "
        "contact our customer service team — they can put it right."
    ),
    "human_agent": (
        "I can't transfer you from this chat yet. Please contact our customer service team "
        "and a person will help you."
    ),
}


def price_text(value: float | None) -> str:
    if value is None:
        return "price not listed"
    return f"${value:,.0f}" if float(value).is_integer() else money(value)


def price_bound(value: float, side: str, strict: bool) -> str:
    """ "at most $50" / "under $109.99" (strict: from a shown price), "at least" / "over"."""
    words = {("max", False): "at most", ("max", True): "under"}
    words |= {("min", False): "at least", ("min", True): "over"}
    return f"{words[side, strict]} {price_text(value)}"


def constraint_phrases(c: Constraints) -> dict[str, str]:
    out: dict[str, str] = {}
    if c.category:
        out["category"] = f"in the {c.category.split('>')[-1].strip()} category"
    low = None if c.price_min is None else price_bound(c.price_min, "min", c.price_min_strict)
    high = None if c.price_max is None else price_bound(c.price_max, "max", c.price_max_strict)
    if c.price_min is not None and c.price_max is not None:
        inclusive = not (c.price_min_strict or c.price_max_strict)
        out["price_min"] = out["price_max"] = (
            f"between {price_text(c.price_min)} and {price_text(c.price_max)}"
            if inclusive
            else f"{low} and {high}"
        )
    elif high is not None:
        out["price_max"] = high
    elif low is not None:
        out["price_min"] = low
    if c.brands:
        out["brands"] = "from " + " or ".join(c.brands)
    if c.colors:
        out["colors"] = "in " + " or ".join(c.colors)
    if c.sizes:
        people = [re.match(r"^(\d+)-person$", size) for size in c.sizes]
        if all(people):  # capacities: "for 2 people"
            counts = [m.group(1) for m in people if m]
            one = counts == ["1"]
            out["sizes"] = "for " + " or ".join(counts) + (" person" if one else " people")
        else:
            out["sizes"] = "in size " + " or ".join(c.sizes)
    if c.exclude_terms:
        out["exclude_terms"] = "without " + " or ".join(c.exclude_terms)
    if c.exclude_brands:
        out["exclude_brands"] = "not from " + " or ".join(c.exclude_brands)
    if c.in_stock_only:
        out["in_stock_only"] = "in stock"
    if c.child_age is not None:
        out["child_age"] = f"for a {c.child_age}-year-old"
    if c.weight_max is not None:
        bound = "under" if c.weight_max_strict else "at most"
        out["weight_max"] = f"{bound} {weight_text(c.weight_max)}"
    if c.capacity_min is not None:
        bound = "more than" if c.capacity_min_strict else "at least"
        out["capacity_min"] = f"holding {bound} {litres_text(c.capacity_min)}"
    return out


def describe(c: Constraints) -> str:
    phrases = list(dict.fromkeys(constraint_phrases(c).values()))
    return ", ".join(phrases)


def describe_suffix(c: Constraints) -> str:
    """ " in running, under $100" (with a leading space), or "" without constraints."""
    described = describe(c)
    return f" {described}" if described else ""


def request_text(c: Constraints) -> str:
    parts = [c.query] if c.query else []
    described = describe(c)
    if described:
        parts.append(described)
    return "; ".join(parts)


def distinct_names(products: Sequence[ProductFacts]) -> dict[int, str]:
    """position -> how the reply names the product: its title, and for products of the list
    that share a title (variants a catalog lists apart) the colour, else the brand, else the
    size, else colour and size, that tells them apart ("TempoRun Running Shoe in blue",
    "... by Pacer", "..., size 9")."""
    names = {p.position: p.title for p in products}
    groups: dict[str, list[ProductFacts]] = {}
    for p in products:
        groups.setdefault(p.title.strip().lower(), []).append(p)
    for same in groups.values():
        if len(same) < 2:
            continue
        for describe_one in (_in_colour, _by_brand, _in_size, _in_colour_and_size):
            said = [describe_one(p) for p in same]
            if all(said) and len({x.lower() for x in said}) == len(said):
                names.update({p.position: f"{p.title}{x}" for p, x in zip(same, said, strict=True)})
                break
    return names


def _in_colour(p: ProductFacts) -> str:
    return f" in {p.color.strip().lower()}" if p.color.strip() else ""


def _by_brand(p: ProductFacts) -> str:
    return f" by {p.brand.strip()}" if p.brand.strip() else ""


def _in_size(p: ProductFacts) -> str:
    return f", size {p.size.strip()}" if p.size.strip() else ""


def _in_colour_and_size(p: ProductFacts) -> str:
    colour, size = _in_colour(p), _in_size(p)
    return f"{colour}{size}" if colour and size else ""


def _label(p: ProductFacts, names: dict[int, str] | None = None, figure: str | None = None) -> str:
    """ "the TrailRunner 2 ($89.00)"; with ``figure`` (an attribute: "weight", "capacity")
    also its listed value ("$229.99, 1.1 kg") when a search is about it."""
    stock = "" if p.in_stock else ", out of stock"
    name = (names or {}).get(p.position, p.title)
    listed = " ".join(str(p.attributes.get(figure) or "").split()) if figure else ""
    return f"the {name} ({price_text(p.price)}{', ' + listed if listed else ''}{stock})"


def _spoken(reason: str) -> str:
    """A card's reason as a sentence says it: "matches *running*, *shoes*" -> "matches
    running and shoes" (the card's emphasis dropped)."""
    terms = re.findall(r"\*([^*]+)\*", reason)
    if reason.startswith("matches ") and len(terms) > 1:
        return "matches " + ", ".join(terms[:-1]) + " and " + terms[-1]
    return reason.replace("*", "")


def _why(p: ProductFacts) -> str:
    reasons = [_spoken(r) for r in p.reasons]
    if (
        p.rating is not None
        and p.review_count
        and not any("rated" in r or "reviews" in r for r in reasons)
    ):  # "popular in Hiking: 4.6 from 80 reviews" already says it
        reasons.append(f"rated {p.rating:g} out of 5 from {reviews(p.review_count)}")
    return "; ".join(reasons[:2])


def results_plan(
    products: list[ProductFacts],
    c: Constraints,
    fresh: bool,
    more: bool = False,
    similar_to: str | None = None,
) -> ReplyPlan:
    """``more``: the next products of the same search (the shown ones skipped);
    ``similar_to``: the title of the product these are like ("more like the second one")."""
    top = products[0]
    names = distinct_names(products)
    figure = "weight" if c.sort == "weight_asc" or c.weight_max is not None else None
    figure = "capacity" if c.capacity_min is not None and figure is None else figure
    first = _label(top, names, figure)
    opening = f"I'd recommend {first}."
    if similar_to:
        opening = f"Like the {similar_to}: {first}."
    elif more:
        opening = f"More options: {first}."
    elif c.sort in ORDER_NAMES:  # "Lowest price first: ..."
        opening = f"{ORDER_NAMES[c.sort].capitalize()}: {first}."
    described = describe(c)
    body = []
    why = _why(top)
    if why:
        body.append(f"It {why}." if why.startswith(("matches", "is ")) else f"Why: {why}.")
    others = products[1:4]
    if others:
        body.append(
            "Also worth a look: " + ", ".join(_label(p, names, figure) for p in others) + "."
        )
    if len(products) > 1:
        cheapest = min(
            (p for p in products if p.price is not None and p.in_stock),
            key=lambda p: p.price or 0.0,
            default=None,
        )
        if cheapest is not None and cheapest is not top and c.sort is None:
            named = cheapest in others  # its price was just given
            what = f"the {names[cheapest.position]}" if named else _label(cheapest, names)
            body.append(f"The cheapest in stock here is {what}.")
    if described:
        body.append(f"All of these are {described}.")
    if fresh:
        body.append(HINT)
    return ReplyPlan(
        kind="results",
        template=" ".join([opening, *body]),
        products=products,
        opening=opening,
        request=request_text(c),
        allowed_numbers=_numbers(c),
        allowed_words=[described],
    )


def all_shown_text(c: Constraints) -> str:
    """The reply when "show me more" finds nothing that has not been shown yet."""
    described = describe(c)
    what = f'"{c.query}"' if c.query else "this search"
    return (
        f"That's everything I found for {what}{' ' + described if described else ''}: "
        "you have seen all the matches. Want me to drop a constraint or try other words?"
    )


def nothing_beyond_text(c: Constraints, relative: str, edge: float) -> str:
    """The reply when "cheaper" ("pricier", "bigger") finds nothing beyond the shown
    products' ``edge`` (their lowest price, highest price, most litres)."""
    what = f'"{c.query}"' if c.query else "this search"
    where = what + describe_suffix(c)
    lead, limit = {
        "cheaper": ("Nothing cheaper", f"{price_text(edge)} is the lowest price"),
        "pricier": ("Nothing pricier", f"{price_text(edge)} is the highest price"),
        "bigger": ("Nothing bigger", f"{litres_text(edge)} is the most any of them holds"),
        "lighter": ("Nothing lighter", f"{weight_text(edge)} is the least any of them weighs"),
    }[relative]
    return (
        f"{lead} than these matches {where}: {limit} there. "
        "Want me to drop a constraint or try other words?"
    )


def empty_plan(
    c: Constraints,
    culprit: str | None,
    alternatives: list[ProductFacts],
    unsold_kind: str | None = None,
) -> ReplyPlan:
    """``unsold_kind``: the kind of product asked for, which the shop has none of."""
    phrases = constraint_phrases(c)
    if culprit is None and not alternatives:  # the words match nothing, filters or not
        text = unmatched_text(c.query, unsold_kind)
        return ReplyPlan(kind="empty", template=text, request=c.query)
    described = describe(c) or "that description"
    opening = (
        f'Sorry, I found nothing for "{shorten(c.query, QUOTED_CHARS)}" {described}.'
        if c.query and names_something(c.query)  # not 'nothing for "anything"'
        else f"Sorry, nothing matches {described}."
    )
    body = []
    if culprit is not None:
        body.append(f'The "{phrases.get(culprit, culprit)}" part leaves no products.')
    else:
        body.append("No product meets all of these together.")
    if alternatives:
        names = distinct_names(alternatives)
        outside = (
            f'outside "{phrases[culprit]}"' if culprit in phrases else "outside your constraints"
        )
        body.append(
            f"The nearest alternatives, {outside}: "
            + ", ".join(_label(p, names) for p in alternatives[:3])
            + "."
        )
        body.append("Want me to drop that constraint, or change it?")
    else:
        body.append("Try fewer constraints or different words.")
    return ReplyPlan(
        kind="empty",
        template=" ".join([opening, *body]),
        products=alternatives,
        opening=opening if alternatives else "",
        request=request_text(c),
        allowed_numbers=_numbers(c),
        allowed_words=[described],
    )


def unmatched_text(query: str, unsold_kind: str | None = None) -> str:
    """Nothing in the shop is close to these words (no filter to blame)."""
    if looks_foreign(query):  # "ich suche einen Rucksack": not words the shop could match
        return ENGLISH_ONLY
    quoted = shorten(query, QUOTED_CHARS)
    if unsold_kind:
        return (
            f'We don\'t sell {unsold_kind}, and nothing else in this shop is close to "{quoted}". '
            "What else can I help you find?"
        )
    if not names_something(query):  # "cheaper" with no search yet
        return (
            "Tell me what you are looking for (a kind of product, what it is for, a budget) "
            "and I'll find some options."
        )
    if GIFT.search(query):
        return (
            "Happy to help with a gift! What do they enjoy (cooking, the outdoors, yoga, "
            "music...), and is there a budget? Then I can suggest something that fits."
        )
    return (
        f'Sorry, I found nothing close to "{quoted}" in this shop. Could '
        "you describe it another way, or tell me what it is for?"
    )


def answer_plan(answers: list[Answer], products: list[ProductFacts]) -> ReplyPlan:
    return ReplyPlan(kind="answer", template=" ".join(a.text for a in answers), products=products)


def chat_plan(kind: str, text: str) -> ReplyPlan:
    return ReplyPlan(kind=kind, template=text)


def _numbers(c: Constraints) -> list[float]:
    return [v for v in (c.price_min, c.price_max) if v is not None]

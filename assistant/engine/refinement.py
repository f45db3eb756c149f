"""Constraint merging across turns.

A refinement adds or replaces one constraint and keeps the rest: "cheaper" lowers the price
ceiling below the cheapest shown item, "cheapest" / "most expensive" order the results by
price, "in blue" sets the colour, "only Nike" the brand, "not leather" excludes a term (a
brand when it is one); "any colour" / "forget the price" drop one; "start over" drops all.
A search for a different kind of product starts a fresh constraint set. The phrases and the
search text of a message are read in ``search_text``.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from assistant.catalog.measures import litres_text, measure, weight_text
from assistant.engine.measure_phrases import BIGGER, LIGHTER, capacity_min, weight_limit
from assistant.engine.search_text import (
    BEST_RATED,
    CHEAPER,
    CLEAR_ONE,
    HIGHEST_PRICE,
    IN_STOCK,
    LIGHTEST,
    LOWEST_PRICE,
    MORE,
    ONLY_NAME,
    ORDER_FIRST,
    PRICIER,
    RESET,
    child_age,
    clean_query,
    content_words,
    names_a_child,
    names_something,
)
from assistant.engine.state import ORDER_NAMES, Constraints
from assistant.nlu.entities import Entities
from assistant.nlu.kinds import in_family
from assistant.nlu.vocabulary import phrase_key, tokens

CLEAR_FIELDS = {
    "brand": ("brands", "exclude_brands"),
    "brands": ("brands", "exclude_brands"),
    "color": ("colors",),
    "colour": ("colors",),
    "colors": ("colors",),
    "colours": ("colors",),
    "size": ("sizes",),
    "sizes": ("sizes",),
    "price": ("price_min", "price_max"),
    "budget": ("price_min", "price_max"),
    "category": ("category",),
    "stock": ("in_stock_only",),
    "sorting": ("sort",),
    "sort order": ("sort",),
    "age": ("child_age",),
    "weight": ("weight_max",),
    "capacity": ("capacity_min",),
}


@dataclass
class Update:
    constraints: Constraints
    fresh: bool = False  # a new search replaced the previous constraints
    changes: list[str] = field(default_factory=list)  # human-readable, for the reply
    unchanged_reason: str | None = None  # e.g. "cheaper" with no prices to go below
    more: bool = False  # the next products of the same search: the shown ones are skipped
    # "cheaper" / "pricier" / "bigger" / "lighter": the new bound was set from the shown
    # products, at ``edge`` (the lowest or highest price, the most litres, the fewest grams)
    relative: str | None = None
    edge: float | None = None


_SIZE_CORRECTION = re.compile(  # a cue is needed: "50" alone may be a budget
    r"^\W*(?:(?:sorry|oops|actually|wait)\W*(?:i\s+meant|i\s+mean)?|i\s+meant|i\s+mean|"
    r"make\s+(?:it|that))\s*(?:size\s+)?(?P<n>\d{1,2}(?:\.5)?)\W*(?:please|pls|instead)?\W*$",
    re.IGNORECASE,
)
_SIZE_CUE = re.compile(
    r"\b(?:size|sized|sizes|in (?:an? )?(?:xs|s|m|l|xl|xxl|small|medium|large))\b", re.I
)


def is_refinement(message: str, list_phrases: bool = True) -> bool:
    """An explicit refinement phrase ("cheaper", "any colour", "only Zenform", "in stock");
    with ``list_phrases`` also one about the list itself ("show me more", "cheapest first"),
    which a support question can use too ("what else can I do?")."""
    phrases: tuple[re.Pattern[str], ...] = (CHEAPER, PRICIER, IN_STOCK, CLEAR_ONE, RESET, ONLY_NAME)
    if list_phrases:
        phrases += (LOWEST_PRICE, HIGHEST_PRICE, ORDER_FIRST, MORE)
    return any(p.search(message) for p in phrases)


# a negation earlier in the same clause ("not that cheap", "nothing too cheap")
_NEGATED_BEFORE = re.compile(
    r"\b(?:not|no|nothing|never|hate|dislike|without)\b[^,.;!?]*$|n't\b[^,.;!?]*$", re.IGNORECASE
)


def price_order(message: str) -> str | None:
    """``price_asc`` for "cheapest ..." / "lowest price", ``price_desc`` for "most expensive",
    None when the message asks for no order (or for both)."""
    low, high = LOWEST_PRICE.search(message), HIGHEST_PRICE.search(message)
    if low and _NEGATED_BEFORE.search(message[: low.start()]):
        low = None  # "I don't want cheap headphones", "not that cheap"
    if high and _NEGATED_BEFORE.search(message[: high.start()]):
        high = None
    if bool(low) == bool(high):
        return None
    return "price_asc" if low else "price_desc"


def result_order(message: str) -> str | None:
    """A price order (``price_order``), else ``weight_asc`` for "lightest ..." / "sort by
    weight", else ``rating_desc`` for "higher rated" / "something better"; None when the
    message asks for no order."""
    order = price_order(message)
    if order is not None:
        return order
    for pattern, name in ((LIGHTEST, "weight_asc"), (BEST_RATED, "rating_desc")):
        m = pattern.search(message)
        if m and not _NEGATED_BEFORE.search(message[: m.start()]):
            return name
    return None


def same_family(a: str | None, b: str | None) -> bool:
    """True when one category path is the other or lies under it ("Shoes" / "Shoes > Running");
    siblings ("Shoes > Running" / "Shoes > Hiking") are different kinds of product."""
    return bool(a and b and in_family(a, b))


def _broader(new: str | None, current: str | None) -> bool:
    """``new`` is an ancestor of ``current`` ("Shoes" over "Shoes > Running"): a search
    for the broader kind is a new search, not a narrowing of the current one."""
    if not new or not current:
        return False
    return current.lower().startswith(new.lower() + " >")


def update_constraints(
    current: Constraints,
    intent: str,
    message: str,
    entities: Entities,
    shown_prices: Sequence[float],
    catalog_brands: Iterable[str],
    names_product_kind: bool = False,
    shown_ids: Sequence[str] = (),
    other_kind: bool = False,
    shown_litres: Sequence[float] = (),
    shown_grams: Sequence[float] = (),
) -> Update:
    """The constraints after this message (``current`` is not modified). ``other_kind``: the
    message asks for a kind of product the current search is not about ("a lawn mower"
    after running shoes), so it starts a new search whatever the intent model said.
    ``shown_litres`` / ``shown_grams``: the shown products' capacities and weights, which
    "bigger" goes above and "lighter" below."""
    brands = {phrase_key(b): b for b in catalog_brands}  # "summit and stone": Summit & Stone
    if RESET.search(message) and not entities.category and not names_product_kind:
        return Update(Constraints(), fresh=True, changes=["cleared every constraint"])
    fresh = not current.query and not current.category
    if intent == "search":
        new_kind = entities.category and (
            not same_family(entities.category, current.category)
            or _broader(entities.category, current.category)  # "boots" after running shoes
        )
        fresh = fresh or bool(new_kind)
    # (a product word after "with" or a brand alone names no other kind: "backpack" then
    # "with a laptop sleeve" or "Zenform ones" refine the backpacks)
    fresh = fresh or (other_kind and intent in ("search", "refine"))
    kind = entities.category or (None if fresh else current.category)
    corrected = _SIZE_CORRECTION.match(message)
    if corrected and current.sizes and entities.size is None and not fresh:
        # "size 9" then "I meant 9.5": a bare number corrects the size just given
        entities = dataclasses.replace(entities, size=corrected.group("n"))
    if entities.size and kind is None and not _SIZE_CUE.search(message):
        # "an extra large insulated water bottle": a size for no sized kind of product is
        # no filter (it would list XL jackets); the words stay in the search text
        entities = dataclasses.replace(entities, size=None)
    if fresh:
        out = Constraints(query=clean_query(message, entities))
        changes = ["new search"]
    else:
        out = current.copy()
        changes = []
        extra = content_words(message, entities)
        if extra and intent in ("refine", "search"):
            added = [w for w in extra if w not in tokens(out.query)]
            if added:
                out.query = (out.query + " " + " ".join(added)).strip()
                changes.append("also " + " ".join(added))
    age = child_age(message)
    if age is not None and age != out.child_age:
        out.child_age = age
        out.touch("child_age")
        changes.append(f"for a {age}-year-old")
    relative: str | None = None
    edge: float | None = None
    least = capacity_min(message)
    if least is not None and least != (out.capacity_min, out.capacity_min_strict):
        out.set_bound("capacity_min", least[0], strict=least[1])
        changes.append(f"{'more than' if least[1] else 'at least'} {litres_text(least[0])}")
    elif least is None and BIGGER.search(message) and shown_litres and not fresh:
        relative, edge = "bigger", max(shown_litres)
        out.set_bound("capacity_min", edge, strict=True)
        changes.append(f"more than {litres_text(edge)}")
    grams = weight_limit(message)
    if grams is not None and grams != out.weight_max:
        out.set_bound("weight_max", grams)
        changes.append(f"at most {weight_text(grams)}")
    elif grams is None and LIGHTER.search(message) and shown_grams and not fresh:
        relative, edge = "lighter", min(shown_grams)
        out.set_bound("weight_max", edge, strict=True)
        changes.append(f"under {weight_text(edge)}")
    if fresh and not names_something(out.query) and (age is not None or names_a_child(message)):
        out.query = "toys and games"  # "a gift for my 5 year old": what children are given
    unchanged: str | None = None
    priced = entities.price_min is not None or entities.price_max is not None
    if intent == "search" and not fresh and priced:
        out.clear("price_min")  # a restated search ("speakers under 1,000") states the
        out.clear("price_max")  # whole price range; a refinement keeps the other bound
    changes += _apply_entities(out, entities, brands)
    for m in CLEAR_ONE.finditer(message):
        for name in CLEAR_FIELDS[m.group("f").lower()]:
            if getattr(out, name) not in (None, [], False):
                out.clear(name)
                changes.append(f"dropped the {m.group('f').lower()} constraint")
    if entities.brand is None and not fresh:
        only = ONLY_NAME.search(message)
        if only and only.group("b").lower() not in {"one", "the", "in", "i"}:
            name = brands.get(phrase_key(only.group("b")), only.group("b"))
            out.brands = [name]
            out.touch("brands")
            changes.append(f"brand {name}")
    if PRICIER.search(message) and entities.price_min is None:
        if shown_prices:
            out.set_bound("price_min", max(shown_prices), strict=True)
            if out.price_max is not None and out.price_max <= max(shown_prices):
                out.clear("price_max")
            changes.append(f"over ${max(shown_prices):,.2f}")
            relative, edge = "pricier", max(shown_prices)
        else:
            unchanged = "there are no shown prices to go above yet"
    elif CHEAPER.search(message) and entities.price_max is None:
        strict = bool(shown_prices)  # under the cheapest shown, not "at most" a cent below
        if shown_prices:
            ceiling: float | None = min(shown_prices)
            relative, edge = "cheaper", min(shown_prices)
        elif out.price_max is not None:
            ceiling = round(out.price_max * 0.8, 2)
        else:
            ceiling = None
            unchanged = "there are no prices to go below yet"
        if ceiling is not None:
            ceiling = max(ceiling, 0.0)
            out.set_bound("price_max", ceiling, strict=strict)
            if out.price_min is not None and out.price_min >= ceiling:
                out.clear("price_min")
            changes.append(f"under ${ceiling:,.2f}")
    order = result_order(message)
    if order is not None:
        out.sort = order
        changes.append(ORDER_NAMES[order])
    if IN_STOCK.search(message):
        out.in_stock_only = True
        out.touch("in_stock_only")
        changes.append("in stock only")
    if out.capacity_min is not None:  # "daypack 18 L" then "bigger": no 18 L size filter left
        out.sizes = [s for s in out.sizes if measure("capacity", s) is None]
    more = not fresh and bool(MORE.search(message)) and not changes
    if more:
        out.skip = [*out.skip, *shown_ids]
    elif changes or fresh or intent == "search":
        out.skip = []  # a changed or restated search starts from its best products again
    return Update(
        out, fresh=fresh, changes=changes, unchanged_reason=unchanged, more=more,
        relative=relative, edge=edge,
    )  # fmt: skip


def _apply_entities(out: Constraints, e: Entities, brands: dict[str, str]) -> list[str]:
    changes: list[str] = []
    if e.price_min is not None or e.price_max is not None:
        if e.price_min is not None and e.price_max is not None:
            out.set_bound("price_min", e.price_min)
            out.set_bound("price_max", e.price_max)
        elif e.price_max is not None:
            low, strict = out.price_min, out.price_min_strict
            out.set_bound("price_max", e.price_max)
            if low is not None and (low > e.price_max or (strict and low == e.price_max)):
                out.clear("price_min")
        elif e.price_min is not None:
            high, strict = out.price_max, out.price_max_strict
            out.set_bound("price_min", e.price_min)
            if high is not None and (high < e.price_min or (strict and high == e.price_min)):
                out.clear("price_max")
        out.touch("price_max" if e.price_max is not None else "price_min")
        changes.append("price range")
    if e.category:
        out.category = e.category
        out.touch("category")
    if e.brand:
        out.brands = [e.brand]
        out.exclude_brands = [b for b in out.exclude_brands if b.lower() != e.brand.lower()]
        out.touch("brands")
        changes.append(f"brand {e.brand}")
    if e.color:
        out.colors = list(dict.fromkeys([e.color, *e.other_colors]))
        out.touch("colors")
        changes.append("colour " + " or ".join(out.colors))
    if e.size:
        out.sizes = [e.size]
        out.touch("sizes")
        changes.append(f"size {e.size}")
    for term in e.exclude_terms:
        brand = brands.get(phrase_key(term))
        if brand is not None:
            if brand not in out.exclude_brands:
                out.exclude_brands.append(brand)
            out.brands = [b for b in out.brands if b.lower() != brand.lower()]
            out.touch("exclude_brands")
            changes.append(f"no {brand}")
            continue
        if any(c.lower() == term.lower() for c in out.colors):
            out.colors = [c for c in out.colors if c.lower() != term.lower()]
        if term.lower() not in (t.lower() for t in out.exclude_terms):
            out.exclude_terms.append(term)
        out.touch("exclude_terms")
        changes.append(f"no {term}")
        out.query = " ".join(w for w in out.query.split() if w.lower() != term.lower())
    return changes

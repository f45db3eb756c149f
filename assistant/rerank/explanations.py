"""Short, specific reasons computed from the actual score components (pure functions).

Each reason carries the ``source`` component it comes from (relevance, filter, cf, session,
popularity) so tests can check that every reason is backed by a non-zero component. A
function returns None when its component did not contribute.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from assistant.catalog.measures import measure
from assistant.recommend.base import Explanation
from assistant.retrieval.types import Filters
from assistant.text_cut import reviews


@dataclass(frozen=True)
class Reason:
    text: str
    source: str  # relevance | filter | cf | session | popularity | profile | profile_filter


# words of a request a product text may contain that say nothing about why it fits
# ("show me what you have in blue" does not match a bag through "you")
NOT_A_REASON = frozenset(
    """i me my we our you your what which who have has had do does did get got show want need
    like can could would will any some all one ones""".split()  # noqa: SIM905
)


def matched_terms_reason(terms: Sequence[str], relevance: float, limit: int = 3) -> Reason | None:
    unique = list(  # not a letter left of "mat's" or a request word
        dict.fromkeys(t for t in terms if len(t) > 1 and t.lower() not in NOT_A_REASON)
    )
    if not unique or relevance <= 0:
        return None
    return Reason("matches " + ", ".join(f"*{t}*" for t in unique[:limit]), "relevance")


def price_limit_reason(price: Any, filters: Filters) -> Reason | None:
    if filters.price_max is None or price is None:
        return None
    try:
        value = float(price)
    except (TypeError, ValueError):
        return None
    if math.isnan(value) or value > filters.price_max:
        return None
    if filters.price_max_strict:  # set from a shown price, not a limit the shopper named
        return (
            None
            if value >= filters.price_max
            else Reason(f"under {_money(filters.price_max)}", "filter")
        )
    return Reason(f"within your {_money(filters.price_max)} limit", "filter")


def _listed_figure(attributes: Any, field: str) -> tuple[str, float] | None:
    """A listing's ``field`` as written ("1.6 kg") and in its base unit, None without one."""
    if not isinstance(attributes, Mapping):
        return None
    text = " ".join(str(attributes.get(field) or "").split())
    value = measure(field, text)
    return None if value is None else (text, value)


def capacity_reason(attributes: Any, filters: Filters) -> Reason | None:
    """ "holds 32 L" when the shopper asked for a least capacity and the listing has it."""
    if filters.capacity_min is None:
        return None
    found = _listed_figure(attributes, "capacity")
    if found is None or found[1] < filters.capacity_min:
        return None
    return Reason(f"holds {found[0]}", "filter")


def weight_limit_reason(attributes: Any, filters: Filters) -> Reason | None:
    """ "weighs 1.6 kg" when the shopper set a weight limit and the listing is within it."""
    if filters.weight_max is None:
        return None
    found = _listed_figure(attributes, "weight")
    if found is None or found[1] > filters.weight_max:
        return None
    return Reason(f"weighs {found[0]}", "filter")


# what the shopper did with a product of their history, said of the product itself and of
# another product it led to; an unknown kind (no profile) makes the weakest claim
_DID_THIS = {
    "purchase": "you bought this before",
    "add_to_cart": "you had this in your cart",
    "like": "you liked this",
    "rating": "you rated this highly",
}
_BECAUSE = {
    "purchase": "because you bought *{name}*",
    "add_to_cart": "because you added *{name}* to your cart",
    "like": "because you liked *{name}*",
    "rating": "because you rated *{name}* highly",
}


def cf_reason(
    explanation: Explanation,
    cf: float,
    threshold: float,
    titles: Mapping[str, str],
    source: str,
    interactions: Mapping[str, str] | None = None,
    kinds: Mapping[str, str] | None = None,
) -> Reason | None:
    """Names the history (or session) item that contributed most, when CF lifted the item,
    with what the shopper did with it (``interactions``: product_id -> strongest kind);
    a kind not known is said as the weakest claim, "looked at". With ``kinds`` (product_id
    -> top-level category) only a contributor of the product's own kind is named: a plush
    toy looked at is no reason a shopper would accept for a jacket."""
    top = explanation.top
    if top is None or cf < threshold or top.weight <= 0:
        return None
    if kinds and explanation.product_id in kinds:
        kind = kinds[explanation.product_id]
        top = next(
            (
                c
                for c in explanation.contributions
                if c.weight > 0 and kinds.get(c.product_id) == kind
            ),
            None,
        )
        if top is None:
            return None
    did = (interactions or {}).get(top.product_id, "view")
    if top.product_id == explanation.product_id:
        if source != "history":
            return None
        return Reason(_DID_THIS.get(did, "you looked at this before"), "cf")
    name = titles.get(top.product_id) or top.product_id
    if source == "session":
        return Reason(f"similar to *{name}* you looked at", "session")
    return Reason(_BECAUSE.get(did, "because you looked at *{name}*").format(name=name), "cf")


def popularity_reason(
    product: Mapping[str, Any],
    popularity: float,
    threshold: float,
    min_reviews: int,
    min_rating: float = 4.0,
) -> Reason | None:
    """ "popular in Running: 4.5 from 66 reviews" for a well-rated product with enough
    reviews (many reviews at 3.2 stars is no reason to buy)."""
    rating, count = product.get("rating"), product.get("review_count") or 0
    if rating is None or popularity < threshold or int(count) < min_reviews:
        return None
    if float(rating) < min_rating:
        return None
    category = str(product.get("category") or "").split(">")[-1].strip()
    where = f" in {category}" if category else ""
    return Reason(f"popular{where}: {float(rating):.1f} from {reviews(int(count))}", "popularity")


def _money(amount: float) -> str:
    return f"${amount:,.0f}" if float(amount).is_integer() else f"${amount:,.2f}"

"""The search routes of a turn: a search under the constraints the message left (or a
removed chip left), "more like the second one", and what to say when nothing is found."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from assistant.engine.cards import OUTSIDE_KEY, is_price, ranked_card, ranked_facts
from assistant.engine.decision import Decision, clarify
from assistant.engine.refinement import Update
from assistant.engine.replies import (
    NOTHING_EARLIER,
    all_shown_text,
    describe_suffix,
    empty_plan,
    nothing_beyond_text,
    price_text,
    results_plan,
    unmatched_text,
)
from assistant.engine.runtime import Runtime
from assistant.engine.search_text import CHEAPER, PRICIER, names_something
from assistant.engine.similar import similar_constraints
from assistant.engine.state import Constraints, SessionState
from assistant.generation.types import ReplyPlan
from assistant.profile.scoring import ProfileContext
from assistant.rerank.reranker import RankedProduct
from assistant.retrieval.types import Filters, SearchHit

PICKS_POOL = 8  # "recommend me something": CF candidates per product shown, before re-ranking
PICKS_NOTES = {  # where the picks came from (the personaliser's stage)
    "history": "Picked for you from what you have bought and liked before.",
    "session": "Picked from what you have looked at in this chat.",
    "popularity": "Popular with other shoppers right now.",
}


class SearchTurn:
    """Component: ``run(...)`` / ``similar(...)`` fill a ``Decision`` with ``k`` products."""

    def __init__(self, k: int = 5) -> None:
        if k < 1:
            raise ValueError("k must be >= 1")
        self.k = k

    def run(
        self,
        rt: Runtime,
        state: SessionState,
        update: Update,
        user_id: str | None,
        d: Decision,
        profile: ProfileContext | None,
        basis: list[dict[str, Any]] | None,
        unsold: Unsold | None = None,
    ) -> None:
        """Search under ``update.constraints``; the list, or what to say when it is empty."""
        c = update.constraints
        close = names_something(c.query) or not c.active()  # else the filters decide
        result = rt.search.run(
            c.query, c.to_filters(), self.k, user_id, state.items, profile=profile,
            order=c.sort, only_matches=close,
        )  # fmt: skip
        d.timings["retrieve"] = result.timings_ms.get("retrieve", 0.0)
        d.timings["rerank"] = result.timings_ms.get("rerank", 0.0)
        d.constraints = c
        d.focus = []
        if result.products:
            facts = [ranked_facts(n, p) for n, p in enumerate(result.products, 1)]
            d.plan = results_plan(facts, c, update.fresh, more=update.more)
            say_unsold(d.plan, unsold)
            d.turn.products = [ranked_card(p) for p in result.products]
            d.shown = [dict(p.product) for p in result.products]
            return
        listed = state.shown and not any(p.get(OUTSIDE_KEY) for p in state.shown)
        if update.more and listed:
            # every match has been shown: say so, keep the list as it was
            c.skip = list(state.constraints.skip)
            clarify(d, state, all_shown_text(c))
            return
        if update.relative and update.edge is not None and listed and basis is None:
            # nothing cheaper (pricier, bigger, lighter) than the shown ones: say so and keep
            # the search as it was, so the next refinement does not start from an empty result
            d.constraints = state.constraints.copy()
            clarify(d, state, nothing_beyond_text(d.constraints, update.relative, update.edge))
            return
        # (after a list of near alternatives, "show me more" lists the next alternatives)
        culprit, alternatives = self.relax(rt, c, user_id, close)
        facts = [ranked_facts(n, p, outside=True) for n, p in enumerate(alternatives, 1)]
        unsold_kind = unsold.kind if unsold else None
        d.plan = empty_plan(c, culprit, facts, unsold_kind)
        if alternatives or (unsold and unsold.brand):  # else the reply says it
            say_unsold(d.plan, unsold)
        d.turn.products = [ranked_card(p, outside=True) for p in alternatives]
        d.shown = [{**p.product, OUTSIDE_KEY: True} for p in alternatives]
        if not alternatives:
            # the words found nothing even without filters ("car tires", "a gift for my
            # mom"): no search to refine, so the next message does not add to these words
            d.constraints = state.constraints.copy()
            d.shown = state.shown

    def similar(
        self,
        rt: Runtime,
        state: SessionState,
        message: str,
        target: dict[str, Any],
        user_id: str | None,
        d: Decision,
        profile: ProfileContext | None,
    ) -> None:
        c = similar_constraints(
            target,
            bool(CHEAPER.search(message)),
            bool(PRICIER.search(message)),
            state.constraints,
        )
        result = rt.search.run(
            c.query, c.to_filters(), self.k, user_id, state.items, profile=profile
        )
        d.constraints, d.focus = c, []
        title = str(target.get("title") or "that product")
        if not result.products:
            clarify(d, state, f"I found nothing else like the {title}{describe_suffix(c)}.")
            return
        facts = [ranked_facts(n, p) for n, p in enumerate(result.products, 1)]
        price = target.get("price")
        named = f"{title} ({price_text(float(price))})" if is_price(price) and price else title
        d.plan = results_plan(facts, c, fresh=False, similar_to=named)  # "Like the X ($59.99):"
        d.turn.products = [ranked_card(p) for p in result.products]
        d.shown = [dict(p.product) for p in result.products]

    def picks(
        self,
        rt: Runtime,
        state: SessionState,
        user_id: str | None,
        d: Decision,
        profile: ProfileContext | None,
    ) -> None:
        """ "Recommend me something": the shopper's own picks from the CF model (their
        history, else this session's items, else what is popular), re-ranked and explained
        like a search's; in stock, none of the list on screen."""
        if rt.personalizer is None:
            clarify(d, state, unmatched_text(""))
            return
        recs, stage = rt.personalizer.recommend(
            user_id, self.k * PICKS_POOL, exclude_seen=True, session_items=state.items
        )
        shown = set(state.shown_ids())
        rows = [rt.index.row_of.get(r.product_id) for r in recs if r.product_id not in shown]
        hits = [
            SearchHit(str(product["product_id"]), row, 0.0, product=product)
            for row in rows
            if row is not None and (product := rt.index.product(row)).get("in_stock", True)
        ]
        ranked = rt.search.rerank(
            hits, Filters(in_stock_only=True), self.k, user_id, state.items, (), profile
        )
        if not ranked:
            clarify(d, state, unmatched_text(""))
            return
        d.constraints, d.focus = Constraints(), []
        facts = [ranked_facts(n, p) for n, p in enumerate(ranked, 1)]
        d.plan = results_plan(facts, d.constraints, fresh=True)
        note = PICKS_NOTES.get(stage, PICKS_NOTES["popularity"])
        d.plan.lead_with(note)
        d.turn.products = [ranked_card(p) for p in ranked]
        d.shown = [dict(p.product) for p in ranked]

    def back(
        self,
        rt: Runtime,
        state: SessionState,
        user_id: str | None,
        d: Decision,
        profile: ProfileContext | None,
    ) -> None:
        """ "go back": the search before this one again, or say there is none."""
        d.turn.intent = "refine"  # about the list, whatever the model read ("go back": goodbye)
        if not state.earlier:
            clarify(d, state, NOTHING_EARLIER)
            return
        previous = state.earlier[-1].copy()
        previous.skip = []
        self.run(rt, state, Update(previous), user_id, d, profile, None, None)
        d.back = d.constraints is previous  # the earlier search is what is shown now
        if d.plan.kind == "results":
            d.plan.lead_with("Back to your earlier search:")

    def relax(
        self, rt: Runtime, c: Constraints, user_id: str | None, close: bool = True
    ) -> tuple[str | None, list[RankedProduct]]:
        """The constraint whose removal brings products back (most recent first, the kind of
        product last: "running shoes under $50" relaxes the price, not the shoes), and them;
        else the words' matches without any filter. ``close``: only products close to the
        words count (as in the search this relaxes)."""
        active = c.active()
        for name in [n for n in active if n != "category"] + [n for n in active if n == "category"]:
            relaxed = c.without(name)
            order = c.sort
            if name in ("price_min", "price_max"):
                relaxed.clear("price_min")
                relaxed.clear("price_max")
                # nearest in price first: the cheapest above a ceiling, the dearest below a floor
                order = "price_asc" if name == "price_max" else "price_desc"
            found = rt.search.run(
                c.query, relaxed.to_filters(), self.k, user_id, order=order,
                only_matches=close,
            ).products  # fmt: skip
            if found:
                return name, found
        anywhere = rt.search.run(c.query, None, self.k, user_id, only_matches=close)
        return None, anywhere.products


@dataclass(frozen=True)
class Unsold:
    """What a message named that the shop does not sell: a well-known brand (left out of the
    search) or a kind of product ("bikes" where only bike helmets are sold; searched as is)."""

    brand: str | None = None
    kind: str | None = None


def say_unsold(plan: ReplyPlan, unsold: Unsold | None) -> None:
    """Open the reply with "We don't sell Nike" / "We don't sell bikes"."""
    name = unsold and (unsold.brand or unsold.kind)
    if name:
        plan.lead_with(f"We don't sell {name}; here is what we have.")

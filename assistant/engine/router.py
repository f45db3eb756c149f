"""Route one analysed message to its handler and decide products, facts and the reply plan.

Nothing here words an LLM reply; ``Decision.plan`` says what may be said. The session
state is not modified: ``Decision`` carries the new constraints, shown list and focus, and
the caller commits them once the turn succeeded.
"""

from __future__ import annotations

import logging
import re
import time
from typing import Any

from assistant.catalog.measures import listed
from assistant.engine.answers import answer_question, compare_rows
from assistant.engine.cards import is_price, record_card
from assistant.engine.comparatives import compare_plan
from assistant.engine.cues import (
    ABOUT_THE_LIST,
    EMAIL_ADDRESS,
    GO_BACK,
    SERVICE_WORDS,
    TRIVIA,
    asked_again,
    asks_for_picks,
    price_basis,
    similar_target,
)
from assistant.engine.decision import Decision, clarify, report_constraints, start
from assistant.engine.intent_reading import (
    asks_for_kind,
    asks_other_kind,
    brand_elsewhere,
    names_product,
    read_intent,
)
from assistant.engine.references import SINGLE_SUPERLATIVE, SUPERLATIVE, resolve
from assistant.engine.refinement import (
    Update,
    update_constraints,
)
from assistant.engine.replies import (
    ANYTHING_ELSE,
    CART,
    ENGLISH_ONLY,
    GOODBYE,
    GREETING,
    GUARD,
    NO_CART,
    NO_EMAIL_LOOKUP,
    OFF_TOPIC,
    RESULTS_DISLIKED,
    STARTED_OVER,
    SUPPORT_FALLBACK,
    answer_plan,
    chat_plan,
)
from assistant.engine.runtime import Runtime
from assistant.engine.safety import looks_like_injection
from assistant.engine.search_text import (
    ORDER_FIRST,
    RESET,
    focus_text,
    looks_foreign,
    without_filter_phrases,
)
from assistant.engine.search_turn import SearchTurn, Unsold
from assistant.engine.shipping import shipping_answer
from assistant.engine.state import Constraints, SessionState
from assistant.engine.variants import with_variant
from assistant.generation.types import ProductFacts
from assistant.nlu.pipeline import NLUResult
from assistant.profile.model import item_key
from assistant.profile.scoring import ProfileContext
from assistant.support.triage import ACKNOWLEDGEMENT, UNSURE
from assistant.support.types import SUPPORT_INTENTS, SupportRequest

log = logging.getLogger(__name__)

MAX_COMPARE = 3


class Router:
    def __init__(self, k: int = 5, support_unsure: float = UNSURE) -> None:
        if k < 1:
            raise ValueError("k must be >= 1")
        if not 0.0 <= support_unsure <= 1.0:
            raise ValueError("support_unsure must be in [0, 1]")
        self.k = k
        self.support_unsure = support_unsure  # support.triage_unsure
        self.searches = SearchTurn(k)

    def decide(
        self,
        rt: Runtime,
        state: SessionState,
        message: str,
        nlu: NLUResult,
        user_id: str | None,
        agent_view: bool,
    ) -> Decision:
        d = start(
            state, nlu.intent, float(nlu.intent_confidence), nlu.sentiment, nlu.entities.to_dict()
        )
        turn = d.turn
        searching = bool(state.constraints.query or state.constraints.category)
        intent = read_intent(rt, state, message, nlu, turn, searching, self.support_unsure)
        refs = list(nlu.entities.product_refs)
        injection = looks_like_injection(message)
        brand = nlu.entities.brand
        named = {item_key("avoid_brand", brand)} if brand else set()  # asked for by name
        profile = (
            None if injection else self._profile(rt, state, message, intent, user_id, d, named)
        )
        if injection:
            d.plan = chat_plan("guard", GUARD)
        elif (
            intent == "complaint"
            and state.shown
            and searching
            and not nlu.entities.order_id
            and ABOUT_THE_LIST.search(message)
            and not SERVICE_WORDS.search(message)
        ):  # "these all suck, useless bot" about the list: no case for the support team
            d.plan = chat_plan("chat", RESULTS_DISLIKED)
            d.turn.products = [record_card(p) for p in state.shown]
        elif intent in SUPPORT_INTENTS:
            self._support(rt, state, message, nlu, user_id, agent_view, d)
        elif CART.search(message):
            d.plan = chat_plan("chat", NO_CART)
        elif user_id is None and not agent_view and EMAIL_ADDRESS.search(message):
            d.plan = chat_plan("chat", NO_EMAIL_LOOKUP)
        elif GO_BACK.search(message):
            self.searches.back(rt, state, user_id, d, profile)
        elif intent == "greeting":
            d.plan = chat_plan("chat", GREETING)
        elif intent == "goodbye":
            d.plan = chat_plan("chat", GOODBYE)
        elif intent == "other" and state.history and ACKNOWLEDGEMENT.search(message):
            d.plan = chat_plan("chat", ANYTHING_ELSE)  # "ok" after an answer
        elif (target := similar_target(state, message, refs)) is not None:
            nlu.intent = d.turn.intent = "search"  # "more like the second one"
            self.searches.similar(rt, state, message, target, user_id, d, profile)
        elif basis := price_basis(state, message, refs):
            # "cheaper than the first one": the same search, priced against that product
            nlu.intent = d.turn.intent = "refine"
            self._search(rt, state, message, nlu, user_id, d, profile, basis)
        elif (again := asked_again(state, message, nlu)) is not None:
            # "is the first one waterproof?" then "and the second?": the same question
            nlu.intent = d.turn.intent = "product_question"
            self._question(rt, state, again, refs, d)
        elif intent == "compare":
            self._compare(state, message, refs, d)
        elif intent == "product_question" and (state.shown or refs):
            self._question(rt, state, message, refs, d)
        elif intent in ("other", "search") and asks_for_picks(message, nlu):
            if state.shown and searching:  # "what do you recommend?" about the list: its best
                nlu.intent = d.turn.intent = "product_question"
                self._question(rt, state, message, [1], d)
                d.plan.template = f"Of these I'd pick the first, the best match. {d.plan.template}"
            else:  # "recommend me something": the shopper's own picks
                nlu.intent = d.turn.intent = "search"
                self.searches.picks(rt, state, user_id, d, profile)
        elif intent == "other" and (
            TRIVIA.search(message)
            or not (names_product(rt, message, nlu) or asks_for_kind(rt, message))
        ):  # "what about a car" names a kind: the search says whether the shop sells it
            d.plan = chat_plan("chat", ENGLISH_ONLY if looks_foreign(message) else OFF_TOPIC)
        elif state.shown and intent == "refine" and self._selects(message, nlu):
            self._question(rt, state, message, refs, d)
        else:
            self._search(rt, state, message, nlu, user_id, d, profile)
        report_constraints(d, profile)
        return d

    @staticmethod
    def _profile(
        rt: Runtime,
        state: SessionState,
        message: str,
        intent: str,
        user_id: str | None,
        d: Decision,
        lift: set[str],
    ) -> ProfileContext | None:
        """Capture stated preferences, detect the scenario, and the profile the re-ranker
        reads (empty for anonymous shoppers or with personalisation off). Only shopping
        messages count: "what's the weather today?" is no urgent need. ``lift``: profile
        items the message overrides (a brand asked for by name is no longer avoided)."""
        t0 = time.perf_counter()
        try:
            messages = [h.message for h in state.history] + [message]
            shopping = [h.message for h in state.history if h.intent in SHOPPING_INTENTS]
            if intent in SHOPPING_INTENTS:
                shopping.append(message)
            prep = rt.profiles.prepare_turn(
                user_id, messages, lifted=state.lifted | lift, scenario_messages=shopping
            )
        except Exception:  # profiles improve a turn; they must never break one
            log.exception("profile preparation failed in session %s", state.session_id)
            return None
        d.turn.scenario = prep.scenario.scenario
        state.lifted |= prep.context.lifted  # "any size" lifts it for the rest of the session
        d.timings["profile"] = (time.perf_counter() - t0) * 1000
        return prep.context

    # -- routes ---------------------------------------------------------------------
    def _search(
        self,
        rt: Runtime,
        state: SessionState,
        message: str,
        nlu: NLUResult,
        user_id: str | None,
        d: Decision,
        profile: ProfileContext | None = None,
        basis: list[dict[str, Any]] | None = None,
    ) -> None:
        """``basis``: the shown products "cheaper" / "pricier" is measured against (default:
        all of them)."""
        t0 = time.perf_counter()
        shown = state.shown if basis is None else basis
        prices = [float(p["price"]) for p in shown if is_price(p.get("price"))]
        brand = None if nlu.entities.brand else rt.nlu.extractor.unsold_brand(message)
        if brand:  # "Nike running shoes" in a shop without Nike: say so, search the rest
            message = re.sub(rf"\b{re.escape(brand)}\b", " ", message, flags=re.IGNORECASE)
        # "do you sell bikes?" with bike helmets but no bikes: say so, show what is close
        # "lamp" in "a desk lamp"; none in "any weight" or "under 2 kg"
        words = without_filter_phrases(message)
        head = rt.nlu.extractor.kind_of_request(words)
        unsold = Unsold(brand, None if brand else rt.nlu.extractor.unsold_kind(words, head))
        update = update_constraints(
            state.constraints,
            "search" if nlu.intent in ("other", "product_question") else nlu.intent,
            message,
            nlu.entities,
            prices,
            rt.brands,
            names_product(rt, message, nlu),
            state.shown_ids(),
            other_kind=asks_other_kind(rt, state, head)
            or brand_elsewhere(rt, state, nlu.entities.brand),
            shown_litres=[v for p in shown if (v := listed(p, "capacity")) is not None],
            shown_grams=[v for p in shown if (v := listed(p, "weight")) is not None],
        )
        if update.fresh:  # "My friend loves camping with her dog ...": its product words
            update.constraints.query = focus_text(
                update.constraints.query, rt.index.lexical.frequency
            )
        d.timings["state"] = (time.perf_counter() - t0) * 1000
        if update.fresh and not update.constraints.query and RESET.search(message):
            # "start over": nothing left to search; the old filters and list are gone
            d.constraints, d.shown, d.focus = update.constraints, [], []
            d.plan = chat_plan("chat", STARTED_OVER)
            return
        if not update.constraints.query:
            update.constraints.query = message
        self.searches.run(rt, state, update, user_id, d, profile, basis, unsold)

    def refilter(
        self, rt: Runtime, state: SessionState, constraints: Constraints, user_id: str | None
    ) -> Decision:
        """The search again under ``constraints`` (the shopper removed one filter chip):
        no message to read, so no NLU; the profile and the re-ranker as on any search."""
        d = start(state, "refine", 1.0, "neutral", {})
        profile = self._profile(rt, state, "", "refine", user_id, d, set())
        self.searches.run(rt, state, Update(constraints), user_id, d, profile, None, None)
        report_constraints(d, profile)
        return d

    def _question(
        self, rt: Runtime, state: SessionState, message: str, refs: list[int], d: Decision
    ) -> None:
        found = resolve(state, message, refs)
        if not found.products:
            clarify(d, state, _which_one(state, found.missing))
            return
        targets = found.products[:MAX_COMPARE]
        shipping = shipping_answer(rt, message, targets)
        answers = shipping or [
            with_variant(rt.index, message, p, answer_question(message, p)) for p in targets
        ]
        facts = [ProductFacts.from_record(n, p) for n, p in enumerate(targets, 1)]
        d.plan = answer_plan(answers, facts)
        picked = SUPERLATIVE.search(message) if found.how == "superlative" else None
        if picked and len(targets) == 1:  # "which is the cheapest?": say which it is first
            lead = f"Of the ones shown, the {targets[0].get('title')} is the {picked.group('q')}."
            d.plan.lead_with(lead)
        d.turn.products = [record_card(p) for p in targets]
        d.focus = [str(p.get("product_id")) for p in targets]

    def _compare(self, state: SessionState, message: str, refs: list[int], d: Decision) -> None:
        found = resolve(state, message, refs)
        products = found.products
        if len(products) < 2 and not refs:
            by_id = {p.get("product_id"): p for p in state.shown}
            focus = [by_id[f] for f in state.focus if f in by_id]
            products = focus if len(focus) >= 2 else state.shown[:MAX_COMPARE]
        if len(products) < 2:
            text = (
                "I need at least two products to compare — search first, then say e.g. "
                '"compare the first two".'
                if len(state.shown) < 2
                else _which_one(state, found.missing)
            )
            clarify(d, state, text)
            return
        products = products[:MAX_COMPARE]
        rows = compare_rows(products)
        facts = [ProductFacts.from_record(n, p) for n, p in enumerate(products, 1)]
        d.plan = compare_plan(facts, rows, message)
        d.turn.comparison = rows
        d.turn.products = [record_card(p) for p in products]
        d.focus = [str(p.get("product_id")) for p in products]

    def _support(
        self,
        rt: Runtime,
        state: SessionState,
        message: str,
        nlu: NLUResult,
        user_id: str | None,
        agent_view: bool,
        d: Decision,
    ) -> None:
        if rt.support is None:
            d.plan = chat_plan("support", SUPPORT_FALLBACK[nlu.intent])
            d.turn.escalate = nlu.intent == "human_agent"
            return
        t0 = time.perf_counter()
        request = SupportRequest(
            message=message,
            nlu=nlu,
            session_id=state.session_id,
            user_id=user_id,
            history=list(state.history),
            agent_view=agent_view,
        )
        outcome = rt.support.run(request)
        d.timings["support"] = (time.perf_counter() - t0) * 1000
        d.plan = chat_plan("support", outcome.reply)
        d.turn.support = outcome.info
        d.turn.escalate = bool(outcome.escalate)
        d.case = outcome.case
        alternatives = list(outcome.info.alternatives or [])
        if alternatives:
            d.turn.products = alternatives
            records = [rt.index.product_by_id(card.product_id) for card in alternatives]
            d.shown = [r for r in records if r is not None]

    # -- helpers --------------------------------------------------------------------
    @staticmethod
    def _selects(message: str, nlu: NLUResult) -> bool:
        """ "option 3" / "the cheaper one" with nothing else to filter by: pick a product."""
        e = nlu.entities
        filters = (e.price_min, e.price_max, e.brand, e.color, e.size, e.category)
        if any(v is not None for v in filters) or e.exclude_terms or ORDER_FIRST.search(message):
            return False  # "cheapest first" orders the list
        return bool(e.product_refs) or SINGLE_SUPERLATIVE.search(message) is not None


# the intents whose messages describe what the shopper wants (scenario, stated preferences)
SHOPPING_INTENTS = frozenset({"search", "refine", "product_question", "compare"})


def _which_one(state: SessionState, missing: list[int]) -> str:
    if not state.shown:
        return "Which product do you mean? Search for something first and I'll list options."
    names = "; ".join(f"{n}. {p.get('title')}" for n, p in enumerate(state.shown, 1))
    count = len(state.shown)
    shown = "one product" if count == 1 else f"{count} products"
    lead = f"I only showed {shown}." if missing else "Which one do you mean?"
    return f'{lead} Say e.g. "the second one" — the list was: {names}.'

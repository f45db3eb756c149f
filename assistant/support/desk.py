"""The support desk: what the conversation engine calls for support intents.

``desk = SupportDesk.load(settings, store, search, index)`` once, then
``outcome = desk.run(SupportRequest(...))`` per message (thread-safe: the desk holds no
per-session state; the session's history comes in the request). One run:

1. order lookup (the order id in the message, else the case's order named earlier in the
   session, else the customer's latest orders);
2. the policy rule that applies to that order (``assistant.support.rulings``: cancel, damage,
   refund, delivery), which pins the passage to quote;
3. policy passages for the message (hybrid MiniLM + BM25 over the help-centre pages);
4. the escalation rule (``assistant.support.escalation``);
5. alternatives for a returned or broken item (same category, in stock, similar price);
6. the drafted, grounding-checked reply and the hand-over summary.

Nobody identified (no customer account) and an order id given: the agent sees the order,
the drafted reply asks for the email address on it (Contact us > What to have ready).
"""

from __future__ import annotations

import re
import time
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.engine.turn import ProductCard, SupportInfo
from assistant.nlu.references import extract_order_id
from assistant.settings import Settings, SupportSettings
from assistant.store import Store
from assistant.support.alternatives import AlternativeFinder
from assistant.support.case import CaseFacts
from assistant.support.drafting import Draft, DraftInput, ReplyDrafter
from assistant.support.escalation import EscalationDecision, EscalationInput, EscalationRule
from assistant.support.orders import (
    OrderFacts,
    OrderLookup,
    OrderLookupResult,
    message_words,
    order_in_question,
    resolve_today,
)
from assistant.support.passages import PolicyRetriever
from assistant.support.policies import SHIPPED_PAGES, Pin, PolicyIndex
from assistant.support.rulings import PolicyRules, RulingInput
from assistant.support.summary import HandoverSummary, SummaryInput
from assistant.support.types import (
    SUPPORT_INTENTS,
    PastTurn,
    Ruling,
    SupportOutcome,
    SupportRequest,
)

if TYPE_CHECKING:
    from assistant.embedding import Encoder
    from assistant.indexing.product_index import ProductIndex
    from assistant.retrieval.product_search import ProductSearch

CACHE_DIR = "support"
# an item being returned or reported broken: worth offering a replacement
_REPLACEMENT = re.compile(
    r"\b(broken|broke|faulty|defect\w*|damaged|stopped working|not working|doesn'?t work|"
    r"wrong (size|item|colou?r)|too (small|big|large|tight|loose)|replace\w*|exchange|"
    r"alternative|return(ing)?|send (it )?back|swap)\b",
    re.IGNORECASE,
)
# the identity check the contact page names: the email address on the order
IDENTITY_PIN = Pin("contact", "What to have ready", (r"^The email address used",))
# the shop's chat asks the customer to sign in, else to reach the team, whose address it quotes
SIGN_IN_PIN = Pin("contact", "Email", (r"^Write to",))


def case_order(history: list[PastTurn]) -> str | None:
    """The order the case is about, from earlier in the session: the last order id the
    customer wrote, or the order an earlier support turn dealt with (its recorded
    ``CaseFacts``; the reply's wording is never read, an order not found is skipped)."""
    for turn in reversed(history):
        order_id, _ = extract_order_id(turn.message)
        if order_id:
            return order_id
        if turn.case is not None and turn.case.case_order:
            return turn.case.case_order
    return None


def orders_at_issue(lookup: OrderLookupResult, ruling: Ruling | None = None) -> list[OrderFacts]:
    """The orders a late parcel is acted on from: the one the customer asked about by its
    number, named earlier or named by an item; none when the number they gave is not on
    their account ("status of A4245" opens no trace on another order) or they say it has
    arrived (damaged, faulty, to send back: no trace); else every order in view (a late
    parcel is the likeliest reason to write)."""
    if lookup.not_found or (ruling is not None and ruling.topic in ARRIVED_TOPICS):
        return []
    if lookup.focus is not None and lookup.focus_reason in ("requested", "carried", "named_item"):
        return [lookup.focus]
    return list(lookup.orders)


# what a customer says about a parcel they have: no carrier trace for it
ARRIVED_TOPICS = ("damage", "fault", "return")


def case_facts(lookup: OrderLookupResult, in_question: bool, draft: Draft) -> CaseFacts:
    """What this turn did to the case: the order asked for (found or not), else the order in
    question; the actions the drafted reply took and the policy it quoted."""
    focus = lookup.focus
    if lookup.requested_id:
        order_id: str | None = lookup.requested_id
        found = not lookup.not_found and focus is not None
    else:
        order_id = focus.order_id if focus is not None and in_question else None
        found = order_id is not None
    policy = f"{draft.citation['title']} > {draft.citation['heading']}" if draft.citation else None
    return CaseFacts(
        order_id,
        found,
        draft.actions,
        policy if "policy_quoted" in draft.actions else None,
    )


def index_home(index: ProductIndex) -> Path:
    """The index directory the builds live in (``DIR`` for ``DIR/builds/<name>``)."""
    root = Path(index.root)
    return root.parent.parent if root.parent.name == "builds" else root


class SupportDesk:
    """Component: ``run(SupportRequest) -> SupportOutcome``."""

    def __init__(
        self,
        settings: SupportSettings,
        store: Store,
        policies: PolicyRetriever,
        alternatives: AlternativeFinder | None = None,
        today: date | None = None,
    ) -> None:
        if settings.passages < 1 or settings.alternatives < 0:
            raise ValueError("support.passages must be >= 1 and support.alternatives >= 0")
        if not 0 <= settings.late_escalation_days <= settings.lost_after_days:
            raise ValueError("need 0 <= support.late_escalation_days <= support.lost_after_days")
        if not 0 <= settings.damage_report_days <= settings.return_window_days:
            raise ValueError("need 0 <= support.damage_report_days <= support.return_window_days")
        self.settings = settings
        self.store = store
        self.today = today or resolve_today(settings.today)
        self.orders = OrderLookup(
            store,
            self.today,
            settings.orders_shown,
            settings.return_window_days,
            settings.orders_searched,
            settings.refund_days,
        )
        self.policies = policies
        self.alternatives = alternatives
        self.escalation = EscalationRule(settings.late_escalation_days, settings.lost_after_days)
        self.rules = PolicyRules(
            settings.late_escalation_days,
            settings.lost_after_days,
            settings.damage_report_days,
            settings.return_label_fee,
        )
        self.drafter = ReplyDrafter()
        self.summary = HandoverSummary()

    @classmethod
    def load(
        cls,
        settings: Settings,
        store: Store,
        search: ProductSearch | None = None,
        index: ProductIndex | None = None,
        encoder: Encoder | None = None,
        policy_cache_dir: Path | None = None,
    ) -> SupportDesk:
        """Chunk and index the policy pages; their vectors are cached in ``policy_cache_dir``,
        by default ``<index dir>/support/`` beside the product index (none without an index)."""
        support = settings.support
        if encoder is None and search is not None:
            encoder = search.retriever.encoder
        if encoder is None:
            from assistant.embedding import default_encoder

            e = settings.embedding
            encoder = default_encoder(e.backend, e.batch_size, e.threads)
        pages = Path(support.policies_dir) if support.policies_dir else SHIPPED_PAGES
        cache = policy_cache_dir
        if cache is None and index is not None:
            cache = index_home(index) / CACHE_DIR
        policy_index = PolicyIndex.load_or_build(pages, encoder, cache)
        finder = None
        if search is not None and index is not None:
            finder = AlternativeFinder(search, index, support.price_band)
        try:
            today = resolve_today(support.today)
        except ValueError as exc:
            from assistant.errors import AssistantError

            raise AssistantError(str(exc)) from None
        return cls(
            support,
            store,
            PolicyRetriever(policy_index, encoder, support.alpha, support.passage_min_cosine),
            finder,
            today,
        )

    def run(self, request: SupportRequest) -> SupportOutcome:
        t0 = time.perf_counter()
        nlu = request.nlu
        lookup = self.orders.run(
            request.user_id,
            nlu.entities.order_id,
            request.agent_view,
            request.message,
            carried=None if nlu.entities.order_id else case_order(request.history),
        )
        known = order_in_question(nlu.intent, lookup, request.message)
        ruling = None
        if not lookup.needs_identity:
            ruling = self.rules.run(
                RulingInput(nlu.intent, request.message, lookup, known, self.today)
            )
        t1 = time.perf_counter()
        identity_pin = IDENTITY_PIN if request.agent_view else SIGN_IN_PIN
        pin = identity_pin if lookup.needs_identity else (ruling.pin if ruling else None)
        passages = self.policies.run(request.message, nlu.intent, self.settings.passages, pin)
        t2 = time.perf_counter()
        previous = next((t.sentiment for t in reversed(request.history) if t.message.strip()), None)
        decision = self.escalation.run(
            EscalationInput(nlu.intent, nlu.sentiment, previous, orders_at_issue(lookup, ruling))
        )
        alternatives = self._alternatives(request, lookup)
        t3 = time.perf_counter()
        owner = lookup.focus.order.user_id if lookup.focus else None
        name = self._display_name(request.user_id)
        draft = self.drafter.run(
            DraftInput(
                nlu.intent,
                nlu.sentiment,
                name.split()[0] if name else None,
                lookup,
                passages,
                decision,
                alternatives,
                request.message,
                ruling,
                signed_in=request.user_id is not None,
                agent_view=request.agent_view,
            )
        )
        summary = self.summary.run(
            SummaryInput(
                request.user_id,
                name,
                request.message,
                nlu.intent,
                nlu.sentiment,
                request.history,
                lookup,
                passages,
                decision,
                alternatives,
                ruling,
                self._display_name(owner) if request.user_id is None else None,
            )
        )
        summary["escalation_code"] = decision.code
        summary["citation"] = draft.citation
        t4 = time.perf_counter()
        info = SupportInfo(
            orders=[o.to_dict() for o in lookup.orders],
            passages=[dict(h.to_dict(), cited=i == 0) for i, h in enumerate(passages)],
            draft=draft.text,
            escalation_reason=decision.reason,
            alternatives=alternatives,
            summary=summary,
        )
        timings = {
            "orders": (t1 - t0) * 1000,
            "passages": (t2 - t1) * 1000,
            "alternatives": (t3 - t2) * 1000,
            "draft": (t4 - t3) * 1000,
            "total": (t4 - t0) * 1000,
        }
        return SupportOutcome(
            info=info,
            reply=draft.text,
            escalate=decision.escalate,
            timings_ms={k: round(v, 2) for k, v in timings.items()},
            grounding=draft.grounding.to_dict() | {"fallback": draft.fallback},
            lookup=lookup,
            decision=decision,
            case=case_facts(lookup, known, draft),
        )

    def _alternatives(
        self, request: SupportRequest, lookup: OrderLookupResult
    ) -> list[ProductCard]:
        focus = lookup.focus
        if (
            self.alternatives is None
            or self.settings.alternatives < 1
            or focus is None
            or focus.order.status == "processing"  # not sent yet: nothing to replace
            or request.nlu.intent not in ("return_refund", "complaint")
            or lookup.needs_identity
            or not _REPLACEMENT.search(request.message)
        ):
            return []
        words = message_words(request.message)
        chosen = lookup.focus_reason in ("requested", "carried")
        if not chosen and focus.mentions(words) == 0:
            return []  # not sure which item the customer means: no guessing
        items = sorted(focus.order.items, key=lambda item: -len(message_words(item.title) & words))
        return self.alternatives.run(
            [item.product_id for item in items], request.user_id, self.settings.alternatives
        )

    def _display_name(self, user_id: str | None) -> str | None:
        if not user_id:
            return None
        user = self.store.get_user(user_id)
        return user.display_name if user is not None and user.display_name else None


__all__ = ["SUPPORT_INTENTS", "EscalationDecision", "OrderLookupResult", "SupportDesk"]

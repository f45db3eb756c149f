"""A search-only stand-in with the ``Assistant`` API, used when the conversation engine
(``assistant.engine.assistant``) is not installed: NLU entities merged into filters per
session, ``ProductSearch`` for the list, a short template reply. No support desk."""

from __future__ import annotations

import logging
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from assistant.engine.turn import ProductCard, SupportInfo, Turn
from assistant.events import Event
from assistant.settings import Settings

log = logging.getLogger(__name__)
CARDS = 5


@dataclass
class _Session:
    user_id: str | None = None
    query: str = ""
    constraints: dict[str, Any] = field(default_factory=dict)
    liked: list[str] = field(default_factory=list)
    disliked: list[str] = field(default_factory=list)
    last_products: list[ProductCard] = field(default_factory=list)


class StandInEngine:
    """The subset of ``Assistant`` the web app uses, built on ProductSearch."""

    def __init__(self, index_dir: Path, settings: Settings) -> None:
        self.index_dir = Path(index_dir)
        self.settings = settings
        self._sessions: dict[str, _Session] = {}
        self._lock = threading.RLock()
        self._load()

    @classmethod
    def load(cls, index_dir: str | Path, settings: Settings | None = None) -> StandInEngine:
        return cls(Path(index_dir), settings or Settings())

    def _load(self) -> None:
        from assistant.embedding.encoder import default_encoder
        from assistant.indexing.product_index import ProductIndex
        from assistant.nlu.pipeline import NLUPipeline
        from assistant.nlu.vocabulary import CatalogVocabulary
        from assistant.retrieval.product_search import ProductSearch, load_personalizer
        from assistant.store import store_from_settings

        e = self.settings.embedding
        encoder = default_encoder(e.backend, e.batch_size, e.threads)
        index = ProductIndex.load(self.index_dir)
        personalizer = load_personalizer(self.index_dir, self.settings)
        vocabulary = CatalogVocabulary.from_products(index.products)
        self.nlu = NLUPipeline.load(vocabulary, self.settings.nlu, encoder)
        self.search = ProductSearch(index, encoder, self.settings, personalizer)
        self.fingerprint = index.fingerprint
        self.store = store_from_settings(self.settings)

    def reload_if_changed(self) -> bool:
        from assistant.indexing import layout
        from assistant.indexing.manifest import Manifest

        on_disk = Manifest.read(layout.resolve(self.index_dir)).fingerprint
        if on_disk == self.fingerprint:
            return False
        from assistant.indexing.product_index import ProductIndex
        from assistant.retrieval.product_search import ProductSearch

        index = ProductIndex.load(self.index_dir)
        search = ProductSearch(index, self.search.retriever.encoder, self.settings)
        search.reranker = self.search.reranker
        self.search, self.fingerprint = search, index.fingerprint  # one assignment each: atomic
        return True

    def session_state(self, session_id: str) -> dict[str, Any]:
        with self._lock:
            s = self._sessions.setdefault(session_id, _Session())
            return {"constraints": dict(s.constraints), "last_products": list(s.last_products)}

    def remove_constraint(self, session_id: str, key: str, value: Any = None) -> Turn:
        with self._lock:
            s = self._sessions.setdefault(session_id, _Session())
            s.constraints.pop(key, None)
            query, user = s.query, s.user_id
        return self._search_turn(session_id, user, query, "refine", 1.0, "neutral", {})

    def feedback(self, session_id: str, user_id: str | None, product_id: str, event: str) -> None:
        with self._lock:
            s = self._sessions.setdefault(session_id, _Session())
            if event == "dislike":
                s.disliked.append(product_id)
            elif event in {"like", "click", "add_to_cart", "purchase"}:
                s.liked.append(product_id)
        if user_id:
            self.store.add_event(Event(user_id, product_id, event, 1.0, time.time()))

    def stream(
        self, message: str, session_id: str, user_id: str | None = None
    ) -> Iterator[str | Turn]:
        turn = self.respond(message, session_id, user_id)
        for word in turn.reply.split(" "):
            yield word + " "
        yield turn

    def respond(
        self, message: str, session_id: str, user_id: str | None = None, agent_view: bool = False
    ) -> Turn:
        nlu = self.nlu.run(message)
        entities = nlu.entities.to_dict()
        with self._lock:
            s = self._sessions.setdefault(session_id, _Session())
            s.user_id = user_id
            for key in ("price_min", "price_max", "brand", "color", "size", "category"):
                if key in entities:
                    s.constraints[key] = entities[key]
            if nlu.intent == "search" or not s.query:
                s.query = message
        turn = self._search_turn(
            session_id, user_id, s.query, nlu.intent, nlu.intent_confidence, nlu.sentiment, entities
        )
        if agent_view and nlu.intent not in {"search", "refine"}:
            turn.support = SupportInfo(draft="(support desk not installed)")
        if user_id:
            self.store.ensure_session(session_id, user_id)
            self.store.add_turn(session_id, user_id, "user", message, nlu.intent, nlu.sentiment)
            ids = [p.product_id for p in turn.products]
            self.store.add_turn(
                session_id, user_id, "assistant", turn.reply, data={"products": ids}
            )
        return turn

    def _search_turn(
        self,
        session_id: str,
        user_id: str | None,
        query: str,
        intent: str,
        confidence: float,
        sentiment: str,
        entities: dict[str, Any],
    ) -> Turn:
        from assistant.retrieval.types import Filters

        with self._lock:
            s = self._sessions[session_id]
            c = dict(s.constraints)
            liked, disliked = list(s.liked), list(s.disliked)
        filters = Filters(
            price_min=c.get("price_min"),
            price_max=c.get("price_max"),
            brands=[c["brand"]] if c.get("brand") else [],
            colors=[c["color"]] if c.get("color") else [],
            sizes=[c["size"]] if c.get("size") else [],
            category=c.get("category"),
            exclude_ids=disliked,
        )
        result = self.search.run(query or "popular", filters, CARDS, user_id, liked)
        cards = [
            ProductCard(
                p.product_id,
                p.title,
                p.price,
                p.brand,
                p.image_url,
                p.score,
                p.reasons,
                p.product.get("rating"),
                int(p.product.get("review_count") or 0),
                bool(p.product.get("in_stock", True)),
                str(p.product.get("category") or ""),
            )
            for p in result.products
        ]
        with self._lock:
            s.last_products = cards
        reply = (
            f"Here are {len(cards)} options; the first is {cards[0].title}."
            if cards
            else "Nothing matches all of that; try removing a filter."
        )
        return Turn(
            intent,
            confidence,
            sentiment,
            entities,
            c,
            cards,
            reply,
            timings_ms=result.timings_ms,
            session_id=session_id,
            turn_id=uuid.uuid4().hex[:8],
        )

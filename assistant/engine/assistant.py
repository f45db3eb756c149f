"""The Assistant: one call per message, one typed Turn back (DESIGN.md, Python API).

Thread-safe: turns of one session run one at a time (a lock per session); different
sessions run in parallel. The index and everything built from it live in one ``Runtime``
that ``reload_if_changed`` swaps atomically when the index on disk changes.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from assistant.embedding.encoder import Encoder
from assistant.embedding.threads import limit_blas_threads
from assistant.engine.decision import Decision
from assistant.engine.router import Router
from assistant.engine.runtime import Runtime, disk_identity
from assistant.engine.session_restore import ANONYMOUS
from assistant.engine.sessions import Sessions, claim
from assistant.engine.state import REMOVABLE, SessionState
from assistant.engine.turn import Turn, TurnPreview
from assistant.errors import AssistantError
from assistant.events import EVENT_TYPES, Event
from assistant.generation.backends import Generator, make_generator
from assistant.generation.writer import GenerationMetrics, ReplyWriter
from assistant.settings import Settings
from assistant.store import Store, store_from_settings

log = logging.getLogger(__name__)

MAX_MESSAGE_CHARS = 4000
MAX_VALUE_CHARS = 200  # a removed chip's value, as the page sent it
ERROR_REPLY = "Sorry — something went wrong on my side. Please try again or rephrase."
EMPTY_REPLY = "I didn't catch anything there — what are you looking for?"
BUSY_WAIT_S = 120.0
BUSY_REPLY = "I'm still working on your previous message — please send this one again in a moment."
POSITIVE_EVENTS = frozenset({"click", "like", "add_to_cart", "purchase", "view"})


class Assistant:
    def __init__(
        self,
        runtime: Runtime,
        settings: Settings,
        encoder: Encoder,
        store: Store,
        generator: Generator | None = None,
        k: int = 5,
    ) -> None:
        self.settings = settings
        self.encoder = encoder
        self.store = store
        self.router = Router(k, settings.support.triage_unsure)
        self.generator = generator or make_generator(settings.generation)
        self._runtime = runtime
        self._metrics = GenerationMetrics()
        self._sessions = Sessions(store, lambda: self._runtime.index.product_by_id)
        self._reload_lock = threading.Lock()

    @classmethod
    def load(
        cls,
        index_dir: str | Path | None = None,
        settings: Settings | None = None,
        *,
        store: Store | None = None,
        encoder: Encoder | None = None,
        generator: Generator | None = None,
        k: int = 5,
    ) -> Assistant:
        """Load the index (``settings.index_dir`` when not given), NLU, CF model and store."""
        settings = settings or Settings.load()
        directory = Path(index_dir) if index_dir is not None else Path(settings.index_dir)
        if encoder is None:
            from assistant.embedding.encoder import query_encoder

            encoder = query_encoder(settings.embedding)
        store = store or store_from_settings(settings)
        runtime = Runtime.load(directory, settings, encoder, store)
        limit_blas_threads(settings.embedding.blas_threads)
        return cls(runtime, settings, encoder, store, generator, k)

    # -- turns ----------------------------------------------------------------------
    def respond(
        self,
        message: str,
        session_id: str,
        user_id: str | None = None,
        agent_view: bool = False,
    ) -> Turn:
        return _last_turn(self.stream(message, session_id, user_id, agent_view))

    def stream(
        self,
        message: str,
        session_id: str,
        user_id: str | None = None,
        agent_view: bool = False,
        preview: bool = False,
    ) -> Iterator[str | TurnPreview | Turn]:
        """Reply text chunks as they are produced, then the final Turn (always last); with
        ``preview`` a ``TurnPreview`` (the turn's products, constraints, comparison) comes
        before the first chunk.

        Every chunk has passed the grounding check. ``Turn.reply`` is the authority: it
        equals the joined chunks unless a late LLM sentence failed the check, in which case
        the reply is the template one (show ``Turn.reply`` when the Turn arrives)."""
        if not isinstance(session_id, str) or not session_id.strip():
            raise AssistantError("session_id must be a non-empty string")
        if not isinstance(message, str):
            raise AssistantError(f"message must be a string, got {type(message).__name__}")
        t0 = time.perf_counter()
        yield from self._in_session(
            session_id,
            user_id,
            lambda rt, state: self._turn(rt, state, message, user_id, agent_view, t0, preview),
        )

    def _in_session(
        self,
        session_id: str,
        user_id: str | None,
        turn: Callable[[Runtime, SessionState], Iterator[str | TurnPreview | Turn]],
    ) -> Iterator[str | TurnPreview | Turn]:
        """``turn`` run with the session locked for this caller (a busy reply when a turn of
        it is still running, ``ForeignSessionError`` when it is not theirs)."""
        rt = self._runtime
        state = self._sessions.open(session_id, user_id, BUSY_WAIT_S)
        if state is None:
            yield from _plain(session_id, BUSY_REPLY)
            return
        try:
            yield from turn(rt, state)
        finally:  # also when the caller stops iterating early (GeneratorExit)
            state.lock.release()

    def _turn(
        self,
        rt: Runtime,
        state: SessionState,
        message: str,
        user_id: str | None,
        agent_view: bool,
        t0: float,
        preview: bool = False,
    ) -> Iterator[str | TurnPreview | Turn]:
        session_id = state.session_id
        text = " ".join(message[:MAX_MESSAGE_CHARS].split())
        if not text:
            yield from _plain(session_id, EMPTY_REPLY)
            return
        try:
            nlu = rt.nlu.run(text)
            t1 = time.perf_counter()
            personal = user_id if self._personalised(user_id) else None
            decision = self.router.decide(rt, state, text, nlu, personal, agent_view)
            decision.timings["nlu"] = (t1 - t0) * 1000
        except Exception as exc:
            log.exception("turn failed in session %s", session_id)
            yield from _plain(session_id, ERROR_REPLY, exc.__class__.__name__)
            return
        yield from self._finish(rt, state, decision, text, user_id, t0, preview)

    def _finish(
        self,
        rt: Runtime,
        state: SessionState,
        decision: Decision,
        text: str,
        user_id: str | None,
        t0: float,
        preview: bool,
    ) -> Iterator[str | TurnPreview | Turn]:
        """The decided turn worded (chunk by chunk), timed, remembered and stored."""
        session_id = state.session_id
        if preview:
            t = decision.turn
            yield TurnPreview(list(t.products), dict(t.constraints or {}), t.comparison)
        t2 = time.perf_counter()
        writer = ReplyWriter(self.generator, rt.checker, self._metrics)
        reply = writer.write(decision.plan)
        yield from reply
        turn = decision.turn
        turn.reply = reply.reply
        turn.generator = reply.generator
        timings = {k: round(v, 2) for k, v in decision.timings.items()}
        timings["generate"] = round((time.perf_counter() - t2) * 1000, 2)
        timings["total"] = round((time.perf_counter() - t0) * 1000, 2)
        turn.timings_ms = timings
        turn.turn_id = f"{session_id}:{state.turns + 1}"
        self._commit(state, decision, text, turn, user_id)
        yield turn

    def _commit(
        self, state: SessionState, d: Decision, text: str, turn: Turn, user_id: str | None
    ) -> None:
        state.follow(d.constraints, d.back)
        state.shown = d.shown
        state.focus = d.focus
        state.remember(text, turn.intent, turn.sentiment, turn.reply, d.case)
        who = user_id or ANONYMOUS
        try:
            self.store.add_turn(
                state.session_id,
                who,
                "user",
                text,
                turn.intent,
                turn.sentiment,
                {"entities": turn.entities},
            )
            self.store.add_turn(
                state.session_id,
                who,
                "assistant",
                turn.reply,
                turn.intent,
                None,
                {
                    "constraints": turn.constraints,
                    "shown": state.shown_ids(),
                    "focus": list(state.focus),
                    "products": [p.product_id for p in turn.products],
                    "generator": turn.generator,
                    "escalate": turn.escalate,
                    "support": turn.support.to_dict() if turn.support else None,
                    "case": d.case.to_dict() if d.case is not None else None,
                },
            )
        except Exception:  # the shopper still gets the reply; the log says what failed
            log.exception("could not store turn of session %s", state.session_id)

    # -- removing a filter ----------------------------------------------------------------
    def remove_constraint(
        self, session_id: str, user_id: str | None, key: str, value: str | None = None
    ) -> Turn:
        """The session's search again without one constraint (its chip's remove button):
        ``value`` removes one value of a list (one colour of two), else the whole field.
        Read by no model: "forget the exclude terms filter" as a message would be a search."""
        return _last_turn(self.remove_constraint_stream(session_id, user_id, key, value))

    def remove_constraint_stream(
        self,
        session_id: str,
        user_id: str | None,
        key: str,
        value: str | None = None,
        preview: bool = False,
    ) -> Iterator[str | TurnPreview | Turn]:
        """``remove_constraint`` as ``stream`` gives a message's turn: chunks, then the Turn."""
        if key not in REMOVABLE:
            raise AssistantError(f"unknown constraint {key!r}; expected one of {REMOVABLE}")
        value = None if value is None else str(value)[:MAX_VALUE_CHARS]
        t0 = time.perf_counter()

        def removal(rt: Runtime, state: SessionState) -> Iterator[str | TurnPreview | Turn]:
            try:
                constraints = state.constraints.without_value(key, value)
            except ValueError as exc:  # the page named a filter this search does not have
                raise AssistantError(str(exc)) from exc
            try:
                personal = user_id if self._personalised(user_id) else None
                decision = self.router.refilter(rt, state, constraints, personal)
            except Exception as exc:
                log.exception("removing %s failed in session %s", key, session_id)
                yield from _plain(session_id, ERROR_REPLY, exc.__class__.__name__)
                return
            words = key.replace("_", " ") + (f" {value}" if value else "")
            text = f"remove the filter: {words}"
            yield from self._finish(rt, state, decision, text, user_id, t0, preview)

        yield from self._in_session(session_id, user_id, removal)

    # -- feedback -------------------------------------------------------------------
    def feedback(
        self,
        session_id: str,
        user_id: str | None,
        product_id: str,
        event: str,
        value: float = 1.0,
    ) -> None:
        """Record like / dislike / click / add_to_cart / purchase (also view, rating) in the
        store and apply it to the personalisation model at once."""
        if event not in EVENT_TYPES:
            raise AssistantError(f"unknown feedback event {event!r}; expected one of {EVENT_TYPES}")
        rt = self._runtime
        if rt.index.product_by_id(product_id) is None:
            raise AssistantError(f"unknown product {product_id!r}")
        state = self._sessions.state(session_id)
        with state.lock:
            claim(state, user_id)  # nothing is recorded for a session not theirs
            who = user_id or f"{ANONYMOUS}:{session_id}"
            record = Event(who, product_id, event, float(value), time.time())
            self.store.add_event(record)
            if rt.personalizer is not None and self._personalised(who):
                rt.personalizer.record(who, [record])
            if event in POSITIVE_EVENTS and product_id not in state.items:
                state.items.append(product_id)
            elif event == "dislike" and product_id in state.items:
                state.items.remove(product_id)

    # -- sessions -------------------------------------------------------------------
    def new_session(self, user_id: str | None = None) -> str:
        return self._sessions.new(user_id)

    def session_state(self, session_id: str) -> dict[str, Any]:
        """Constraints, last shown products (id, title, price, brand), focus and history.

        A staff and test read with no owner check; a shopper's own messages go through
        ``stream`` / ``respond``, which refuse a session that belongs to someone else."""
        state = self._sessions.peek(session_id)
        with state.lock:
            return state.to_dict()

    def _personalised(self, user_id: str | None) -> bool:
        if not user_id:
            return False
        try:
            return bool(self.store.personalization_enabled(user_id))
        except Exception:
            return True

    # -- index changes and metrics ----------------------------------------------------
    def reload_if_changed(self) -> bool:
        """Load the index again when its build on disk changed; True when swapped."""
        with self._reload_lock:
            current = self._runtime
            try:
                identity = disk_identity(current.index_dir)
            except AssistantError as exc:
                log.warning("index check failed, keeping the loaded one: %s", exc)
                return False
            if identity == current.identity:
                return False
            runtime = Runtime.load(current.index_dir, self.settings, self.encoder, self.store)
            self._runtime = runtime  # one reference assignment: turns see old or new
            log.info("index reloaded: %s", identity)
            return True

    @property
    def metrics(self) -> dict[str, Any]:
        return {"generation": self._metrics.to_dict(), "sessions": len(self._sessions)}

    @property
    def index(self) -> Any:
        return self._runtime.index

    @property
    def profiles(self) -> Any:
        """The shopper profiles (``ShopperProfiles``; ``.service`` views, removes, corrects)."""
        return self._runtime.profiles

    def close(self) -> None:
        self.store.close()


def _plain(session_id: str, reply: str, error: str | None = None) -> Iterator[str | Turn]:
    """A turn with nothing but a fixed reply, as a stream gives it: the text, then the Turn."""
    yield reply
    yield Turn(
        intent="other",
        intent_confidence=0.0,
        sentiment="neutral",
        entities={},
        constraints={},
        products=[],
        reply=reply,
        session_id=session_id,
        error=error,
    )


def _last_turn(items: Iterator[str | TurnPreview | Turn]) -> Turn:
    turn: Turn | None = None
    for item in items:
        if isinstance(item, Turn):
            turn = item
    assert turn is not None
    return turn

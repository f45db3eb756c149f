"""A turn's products, constraints and comparison before its reply text streams.

``Assistant.stream`` yields the reply's chunks and only then the Turn; with an LLM wording
the reply, the cards and chips of the previous turn would stay up for seconds under a reply
that already names the new products. The engine decides the products (``Router.decide``)
before it yields the first chunk, so the web app wraps the engine's router once: a decision
made on a thread that is reading a stream through ``with_preview`` is handed to that stream,
which yields a ``TurnPreview`` before the chunk. Any other caller of the engine (the support
tab, the API) is unaffected: no reader, nothing recorded.

(An engine that yields the preview itself would make this wrapper unnecessary.)
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from assistant.engine.turn import ProductCard

log = logging.getLogger(__name__)
_reader = threading.local()


@dataclass(frozen=True)
class TurnPreview:
    """What a turn will show, known before its reply: products, constraints, comparison."""

    products: list[ProductCard] = field(default_factory=list)
    constraints: dict[str, Any] = field(default_factory=dict)
    comparison: list[dict[str, Any]] | None = None


class PreviewRouter:
    """The engine's router, telling the stream being read on this thread what it decided."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner

    def decide(self, *args: Any, **kwargs: Any) -> Any:
        decision = self.inner.decide(*args, **kwargs)
        sink = getattr(_reader, "sink", None)
        if sink is not None:
            try:
                turn = decision.turn
                sink.append(
                    TurnPreview(
                        [p for p in turn.products if isinstance(p, ProductCard)],
                        dict(turn.constraints or {}),
                        turn.comparison,
                    )
                )
            except Exception:  # a preview is a nicety: the turn goes on without it
                log.exception("turn preview failed")
        return decision

    def __getattr__(self, name: str) -> Any:
        return getattr(self.inner, name)


def install(engine: Any) -> bool:
    """Wrap ``engine.router`` (once); False when the engine has no router to wrap."""
    router = getattr(engine, "router", None)
    if router is None or not callable(getattr(router, "decide", None)):
        return False
    if not isinstance(router, PreviewRouter):
        engine.router = PreviewRouter(router)
    return True


def with_preview(stream: Iterable[Any]) -> Iterator[Any]:
    """The stream's items, with a ``TurnPreview`` before the item during which the engine
    decided the turn (the first reply chunk)."""
    items = iter(stream)
    try:
        while True:
            sink: list[TurnPreview] = []
            _reader.sink = sink
            try:
                item = next(items)
            except StopIteration:
                return
            finally:
                _reader.sink = None
            yield from sink
            yield item
    finally:
        close = getattr(items, "close", None)
        if callable(close):
            close()

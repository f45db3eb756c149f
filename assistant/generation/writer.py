"""Turns a ReplyPlan into the shown reply: template, or an LLM continuation checked sentence
by sentence before any of it is shown.

Streaming: the code-written opening is yielded at once; the LLM's continuation is yielded
one complete sentence at a time, each only after it passed the grounding check. When a
sentence fails (or the backend errors, or says nothing), generation stops and the whole
draft is replaced by the template reply: ``ReplyStream.reply`` is then the template, and the
part of it not yet shown is yielded if only the opening had been shown. Either way nothing
unchecked is ever yielded, and the final ``reply`` is the authority.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from assistant.generation.backends import GenerationError, Generator
from assistant.generation.grounding import GroundingChecker
from assistant.generation.types import ReplyPlan

log = logging.getLogger(__name__)

_SENTENCE_END = re.compile(r"(?<!\d)[.!?](?=\s|$)|\n")
MAX_SENTENCES = 2
MIN_SENTENCE_CHARS = 3
RECENT_VIOLATIONS = 50


@dataclass
class GenerationMetrics:
    """Counters over the life of an Assistant (thread-safe)."""

    drafts: int = 0  # LLM drafts attempted
    grounded: int = 0  # drafts shown as written
    fallbacks: int = 0  # drafts replaced by the template after a failed grounding check
    errors: int = 0  # backend errors / empty drafts (template used)
    recent_violations: deque[str] = field(default_factory=lambda: deque(maxlen=RECENT_VIOLATIONS))
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def add(self, outcome: str, violations: list[str] = ()) -> None:  # type: ignore[assignment]
        with self._lock:
            self.drafts += 1
            setattr(self, outcome, getattr(self, outcome) + 1)
            self.recent_violations.extend(violations)

    def to_dict(self) -> dict[str, Any]:
        with self._lock:
            return {
                "drafts": self.drafts,
                "grounded": self.grounded,
                "fallbacks": self.fallbacks,
                "errors": self.errors,
                "recent_violations": list(self.recent_violations),
            }


class ReplyStream:
    """Iterate for the shown chunks; afterwards ``reply``, ``generator``, ``violations``."""

    def __init__(self, writer: ReplyWriter, plan: ReplyPlan) -> None:
        self.writer = writer
        self.plan = plan
        self.reply = plan.template
        self.generator = "template"
        self.violations: list[str] = []
        self.error: str | None = None
        self._done = False

    def __iter__(self) -> Iterator[str]:
        if self._done:
            return
        self._done = True
        gen = self.writer.generator
        if gen is None or gen.name == "template" or not self.plan.llm_allowed:
            yield from _chunks(self.plan.template)
            return
        yield from self._llm(gen)

    def text(self) -> str:
        for _ in self:
            pass
        return self.reply

    def _llm(self, gen: Generator) -> Iterator[str]:
        plan, checker, metrics = self.plan, self.writer.checker, self.writer.metrics
        shown = plan.opening
        yield plan.opening
        accepted: list[str] = []
        buffer = ""
        outcome = "grounded"
        try:
            for piece in gen.stream(plan):
                buffer += piece
                sentence, buffer = _take_sentence(buffer)
                while sentence is not None:
                    if len(sentence.strip()) >= MIN_SENTENCE_CHARS:
                        result = checker.check(sentence, plan)
                        if not result.ok:
                            self.violations = result.violations
                            outcome = "fallbacks"
                            break
                        accepted.append(sentence)
                        chunk = (" " if not sentence[:1].isspace() else "") + sentence.rstrip()
                        shown += chunk
                        yield chunk
                        if len(accepted) >= MAX_SENTENCES:
                            break
                    sentence, buffer = _take_sentence(buffer)
                if outcome != "grounded" or len(accepted) >= MAX_SENTENCES:
                    break
        except GenerationError as exc:
            self.error = str(exc)
            outcome = "errors"
            log.warning("generation failed, template reply used: %s", exc)
        if outcome == "grounded" and not accepted:
            outcome = "errors"  # the model said nothing usable (an unfinished sentence is cut)
            self.error = "empty draft"
        metrics.add(outcome, self.violations)
        if outcome == "grounded":
            self.reply = shown.strip()
            self.generator = gen.name
            return
        self.reply = plan.template
        self.generator = "template"
        if not accepted and plan.template.startswith(plan.opening):
            yield from _chunks(plan.template[len(plan.opening) :])


class ReplyWriter:
    def __init__(
        self,
        generator: Generator | None,
        checker: GroundingChecker,
        metrics: GenerationMetrics | None = None,
    ) -> None:
        self.generator = generator
        self.checker = checker
        self.metrics = metrics if metrics is not None else GenerationMetrics()

    def write(self, plan: ReplyPlan) -> ReplyStream:
        return ReplyStream(self, plan)


def _take_sentence(buffer: str) -> tuple[str | None, str]:
    m = _SENTENCE_END.search(buffer)
    if m is None:
        return None, buffer
    return buffer[: m.end()], buffer[m.end() :]


def _chunks(text: str) -> Iterator[str]:
    """A finished text as word-sized chunks (keeps the UI's streaming path uniform)."""
    for m in re.finditer(r"\s*\S+", text):
        yield m.group(0)

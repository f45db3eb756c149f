"""The generator interface and its template and OpenAI-compatible backends.

``Generator.stream(plan)`` yields the text that follows ``plan.opening``, chunk by chunk as
the backend produces it. It never decides what to show: ``ReplyWriter`` checks every
sentence first. The local SmolLM2 backend lives in ``local_llm.py``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Protocol

from assistant.errors import AssistantError
from assistant.generation.prompts import chat_messages
from assistant.generation.types import ReplyPlan
from assistant.settings import GenerationSettings

BACKENDS = ("template", "local", "openai")


class GenerationError(RuntimeError):
    """The backend failed (unreachable, timed out, bad answer): the template reply is used."""


class Generator(Protocol):
    name: str

    def stream(self, plan: ReplyPlan) -> Iterator[str]: ...


class TemplateGenerator:
    """No model: the plan's own template is the reply (the writer never calls ``stream``)."""

    name = "template"

    def stream(self, plan: ReplyPlan) -> Iterator[str]:
        rest = plan.template[len(plan.opening) :] if plan.template.startswith(plan.opening) else ""
        yield rest


class OpenAIGenerator:
    """Any OpenAI-compatible ``/chat/completions`` endpoint (vLLM, Ollama, llama.cpp server,
    hosted APIs), streamed over server-sent events with httpx."""

    name = "openai"

    def __init__(self, settings: GenerationSettings) -> None:
        if not settings.openai_url.startswith(("http://", "https://")):
            raise AssistantError(
                f"generation.openai_url must be an http(s) URL, got {settings.openai_url!r}"
            )
        if settings.timeout_s <= 0 or settings.max_new_tokens < 1:
            raise AssistantError("generation.timeout_s and max_new_tokens must be positive")
        self.settings = settings
        self.url = settings.openai_url.rstrip("/") + "/chat/completions"

    def stream(self, plan: ReplyPlan) -> Iterator[str]:
        import httpx

        s = self.settings
        headers = {"Content-Type": "application/json"}
        if s.openai_api_key:
            headers["Authorization"] = f"Bearer {s.openai_api_key}"
        body = {
            "model": s.openai_model,
            "messages": chat_messages(plan),
            "max_tokens": s.max_new_tokens,
            "temperature": 0.2,
            "stream": True,
        }
        try:
            with (
                httpx.Client(timeout=s.timeout_s, trust_env=False) as client,
                client.stream("POST", self.url, json=body, headers=headers) as response,
            ):
                if response.status_code != 200:
                    raise GenerationError(f"{self.url} answered HTTP {response.status_code}")
                for line in response.iter_lines():
                    text = _sse_delta(line)
                    if text is None:
                        return
                    if text:
                        yield text
        except httpx.HTTPError as exc:
            raise GenerationError(f"{self.url}: {exc.__class__.__name__}: {exc}") from None


def _sse_delta(line: str) -> str | None:
    """The text of one SSE line: '' for keep-alives and role chunks, None at ``[DONE]``."""
    line = line.strip()
    if not line.startswith("data:"):
        return ""
    payload = line[5:].strip()
    if payload == "[DONE]":
        return None
    try:
        chunk = json.loads(payload)
        choice = chunk["choices"][0]
    except (json.JSONDecodeError, KeyError, IndexError, TypeError):
        raise GenerationError(f"malformed stream chunk: {payload[:80]!r}") from None
    delta = choice.get("delta") or {}
    content = delta.get("content") if isinstance(delta, dict) else None
    return content if isinstance(content, str) else ""


def make_generator(settings: GenerationSettings) -> Generator:
    if settings.backend == "template":
        return TemplateGenerator()
    if settings.backend == "openai":
        return OpenAIGenerator(settings)
    if settings.backend == "local":
        from assistant.generation.local_llm import LocalGenerator

        return LocalGenerator(settings)
    raise AssistantError(
        f"unknown generation backend {settings.backend!r}; expected one of {BACKENDS}"
    )

"""Prompt files (``prompts/`` at the project root) and the data block an LLM is shown.

Untrusted text (catalog fields, the shopper's words) only ever enters a prompt as JSON
string values inside the marked data sections, never in the system message, and
``string.Template.safe_substitute`` does not interpret anything inside the values.
"""

from __future__ import annotations

import json
from functools import lru_cache
from pathlib import Path
from string import Template

from assistant.errors import AssistantError
from assistant.generation.types import ProductFacts, ReplyPlan, money
from assistant.text_cut import reviews

PROMPTS_DIR = Path(__file__).resolve().parents[2] / "prompts"
SYSTEM_PROMPT = "reply_system.txt"
USER_PROMPT = "reply_user.txt"
DESCRIPTION_CHARS = 120
MAX_ATTRIBUTES = 3
# products shown to the LLM: each costs ~140 prompt tokens, i.e. ~0.4 s before the local
# model's first token on 2 cores; a two-sentence reply rarely names a third
MAX_PRODUCTS = 2


@lru_cache(maxsize=8)
def load_prompt(name: str) -> str:
    path = PROMPTS_DIR / name
    try:
        return path.read_text(encoding="utf-8").strip()
    except OSError as exc:
        raise AssistantError(f"prompt file {path} cannot be read ({exc})") from None


def product_line(p: ProductFacts) -> str:
    data: dict[str, object] = {"name": p.title, "brand": p.brand, "price": money(p.price)}
    if p.rating is not None:
        data["rating"] = f"{p.rating:g} of 5 from {reviews(p.review_count)}"
    attributes = dict(list(p.attributes.items())[:MAX_ATTRIBUTES])
    if attributes:
        data["details"] = attributes
    if p.description:
        first = p.description.split(". ")[0][:DESCRIPTION_CHARS]
        data["description"] = first
    if p.reasons:
        data["why"] = p.reasons[:2]
    if p.outside_constraints:
        data["note"] = "outside the shopper's constraints"
    return f"{p.position}. " + json.dumps(data, ensure_ascii=False)


def chat_messages(plan: ReplyPlan) -> list[dict[str, str]]:
    """System + user messages for a plan; the user message carries the data as JSON."""
    user = Template(load_prompt(USER_PROMPT)).safe_substitute(
        request=json.dumps(plan.request, ensure_ascii=False),
        facts="\n".join(product_line(p) for p in plan.products[:MAX_PRODUCTS]),
        opening=json.dumps(plan.opening, ensure_ascii=False),
    )
    return [
        {"role": "system", "content": load_prompt(SYSTEM_PROMPT)},
        {"role": "user", "content": user},
    ]


def chat_messages_system_only() -> list[dict[str, str]]:
    """The system message alone: the prefix every reply's prompt starts with."""
    return [{"role": "system", "content": load_prompt(SYSTEM_PROMPT)}]

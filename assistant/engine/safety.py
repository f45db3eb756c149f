"""Recognising attempts to steer the assistant itself (prompt injection) in a message."""

from __future__ import annotations

import re

INJECTION = re.compile(
    r"\b(?:ignore|disregard|forget|override|bypass)\b[^.?!\n]{0,40}"
    r"\b(?:instructions?|prompts?|rules|guidelines|directives|guardrails)\b"
    r"|\bsystem\s+(?:prompt|message|instructions?)\b"
    r"|\b(?:reveal|show|print|repeat|tell me|give me|what (?:is|are))\b[^.?!\n]{0,30}"
    r"\b(?:your|the)\s+(?:prompt|instructions|rules|settings|configuration|config|api[ _-]?key|"
    r"password|secrets?)\b"
    r"|\byou are now\b|\bfrom now on,? you\b|\bact as (?:an?|my)\b|\bpretend (?:to be|you)\b"
    r"|\bjailbreak\b|\bdeveloper mode\b|\bDAN\b",
    re.IGNORECASE,
)


def looks_like_injection(message: str) -> bool:
    return INJECTION.search(message) is not None

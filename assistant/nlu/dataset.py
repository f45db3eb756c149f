"""The project's own labelled utterances (assistant/nlu/data) and their fixed held-out split.

Each label has one text file, one utterance per line. A line belongs to the held-out split
when the CRC32 of its normalised text is divisible by ``HELDOUT_MODULUS`` (about 20 %), so
the split is stable when lines are added or reordered.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from pathlib import Path

DATA_DIR = Path(__file__).parent / "data"
HELDOUT_MODULUS = 5

INTENTS: tuple[str, ...] = (
    "greeting", "goodbye", "search", "refine", "product_question", "compare", "order_status",
    "return_refund", "complaint", "policy_question", "human_agent", "other",
)  # fmt: skip
SENTIMENTS: tuple[str, ...] = ("negative", "neutral", "positive")
# Never the fallback for an uncertain intent.
SERVICE_ACTIONS = frozenset({"order_status", "return_refund", "complaint", "human_agent"})


@dataclass(frozen=True)
class Example:
    text: str
    label: str
    heldout: bool


def is_heldout(text: str) -> bool:
    key = " ".join(text.lower().split())
    return zlib.crc32(key.encode("utf-8")) % HELDOUT_MODULUS == 0


def load_examples(task: str, data_dir: Path = DATA_DIR) -> list[Example]:
    """All examples of ``task`` ("intents" or "sentiment"), in label order."""
    labels = {"intents": INTENTS, "sentiment": SENTIMENTS}.get(task)
    if labels is None:
        raise ValueError(f"unknown task {task!r} (intents or sentiment)")
    examples: list[Example] = []
    seen: set[str] = set()
    for label in labels:
        path = data_dir / task / f"{label}.txt"
        for line in path.read_text(encoding="utf-8").splitlines():
            text = line.strip()
            key = " ".join(text.lower().split())
            if not text or key in seen:
                continue
            seen.add(key)
            examples.append(Example(text, label, is_heldout(text)))
    return examples


def split(examples: list[Example]) -> tuple[list[Example], list[Example]]:
    """(train, held-out)."""
    return [e for e in examples if not e.heldout], [e for e in examples if e.heldout]

"""The interactions contract: ``user_id, product_id, event, value, timestamp``."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

EVENT_TYPES = ("view", "click", "like", "dislike", "add_to_cart", "purchase", "rating")


@dataclass(frozen=True)
class Event:
    user_id: str
    product_id: str
    event: str
    value: float = 1.0  # the star rating for "rating", a quantity or 1.0 otherwise
    timestamp: float = 0.0  # unix seconds, UTC

    def __post_init__(self) -> None:
        if self.event not in EVENT_TYPES:
            raise ValueError(f"unknown event {self.event!r}; expected one of {EVENT_TYPES}")
        if not self.user_id or not self.product_id:
            raise ValueError("user_id and product_id must be non-empty")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

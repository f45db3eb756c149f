"""Typed records that go in and out of the store (besides ``assistant.events.Event``)."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Role = Literal["user", "assistant"]
FactSource = Literal["stated", "inferred"]

ROLES: tuple[str, ...] = ("user", "assistant")
FACT_SOURCES: tuple[str, ...] = ("stated", "inferred")
ORDER_STATUSES: tuple[str, ...] = (
    "processing",
    "shipped",
    "delivered",
    "returned",
    "refunded",
    "cancelled",
)


def normalize_order_id(order_id: str) -> str:
    """``"#A1093"``, ``" a1093 "`` and ``"A1093"`` all name the same order: ``"A1093"``."""
    return order_id.strip().lstrip("#").strip().upper()


@dataclass(frozen=True)
class User:
    user_id: str
    display_name: str | None = None
    personalization: bool = True
    created_at: float = 0.0
    updated_at: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class TurnRecord:
    """One stored conversation message; ``text`` is already redacted."""

    turn_id: int
    session_id: str
    user_id: str
    role: Role
    text: str
    intent: str | None = None
    sentiment: str | None = None
    data: dict[str, Any] = field(default_factory=dict)
    created_at: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class OrderItem:
    product_id: str
    title: str
    qty: int = 1
    unit_price: float = 0.0

    def __post_init__(self) -> None:
        if not self.product_id:
            raise ValueError("order item needs a product_id")
        if self.qty < 1:
            raise ValueError(f"order item qty must be >= 1, got {self.qty}")
        if self.unit_price < 0:
            raise ValueError(f"order item unit_price must be >= 0, got {self.unit_price}")

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Order:
    """A shop order (support-agent mode). Dates are ISO-8601 strings."""

    order_id: str
    user_id: str
    status: str
    placed_at: str
    items: tuple[OrderItem, ...] = ()
    carrier: str | None = None
    tracking: str | None = None
    estimated_delivery: str | None = None
    delivered_at: str | None = None
    shipping_cost: float = 0.0  # charged on top of the items (part of the total)
    payment_method: str | None = None  # card, paypal, apple_pay, gift_card, ...
    refund_amount: float | None = None  # what was refunded, once refunded
    refunded_at: str | None = None
    returned_at: str | None = None  # when the return reached the warehouse

    def __post_init__(self) -> None:
        object.__setattr__(self, "order_id", normalize_order_id(self.order_id))
        object.__setattr__(self, "items", tuple(self.items))
        if not self.order_id or not self.user_id:
            raise ValueError("order_id and user_id must be non-empty")
        if self.status not in ORDER_STATUSES:
            raise ValueError(
                f"unknown order status {self.status!r}; expected one of {ORDER_STATUSES}"
            )

    @property
    def subtotal(self) -> float:
        return round(sum(item.qty * item.unit_price for item in self.items), 2)

    @property
    def total(self) -> float:
        """What the customer paid: the items plus shipping."""
        return round(self.subtotal + (self.shipping_cost or 0.0), 2)

    def to_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["items"] = [item.to_dict() for item in self.items]
        out["subtotal"] = self.subtotal
        out["total"] = self.total
        return out


@dataclass(frozen=True)
class ProfileFact:
    user_id: str
    key: str
    value: Any
    source: FactSource
    updated_at: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class ForgetReport:
    """What ``forget_user`` deleted; orders are kept as business records (see the store docs)."""

    user_id: str
    events: int = 0
    turns: int = 0
    sessions: int = 0
    profile_facts: int = 0
    user_row: int = 0
    orders_kept: int = 0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class Reject:
    """A row that could not be imported: ``line`` is the file's line number (CSV header = 1)."""

    line: int
    reason: str

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


@dataclass(frozen=True)
class ImportReport:
    path: str
    imported: int
    rejected: int
    rejects: tuple[Reject, ...] = ()

    def to_dict(self, max_rejects: int | None = None) -> dict[str, Any]:
        shown = self.rejects if max_rejects is None else self.rejects[:max_rejects]
        return {
            "path": self.path,
            "imported": self.imported,
            "rejected": self.rejected,
            "rejects": [r.to_dict() for r in shown],
        }

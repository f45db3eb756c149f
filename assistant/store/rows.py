"""Row <-> record conversion for the SQLite store."""

from __future__ import annotations

import json
import sqlite3
from typing import Any

from assistant.events import Event
from assistant.store.records import Order, OrderItem, TurnRecord

INSERT_EVENT = (
    "INSERT INTO events (user_id, product_id, event, value, timestamp) VALUES (?, ?, ?, ?, ?)"
)
EVENT_COLUMNS = "id, user_id, product_id, event, value, timestamp"
TURN_COLUMNS = "id, session_id, user_id, role, text, intent, sentiment, data, created_at"
ORDER_COLUMNS = (
    "order_id, user_id, status, placed_at, items, carrier, tracking, estimated_delivery, "
    "delivered_at, shipping_cost, payment_method, refund_amount, refunded_at, returned_at"
)
ORDER_WIDTH = len(ORDER_COLUMNS.split(", "))


def event_params(event: Event, now: float) -> tuple[str, str, str, float, float]:
    timestamp = event.timestamp if event.timestamp > 0 else now
    return (event.user_id, event.product_id, event.event, float(event.value), timestamp)


def to_event(row: sqlite3.Row | tuple[Any, ...]) -> Event:
    return Event(row[1], row[2], row[3], float(row[4]), float(row[5]))


def to_turn(row: tuple[Any, ...]) -> TurnRecord:
    return TurnRecord(
        turn_id=int(row[0]),
        session_id=row[1],
        user_id=row[2],
        role=row[3],
        text=row[4],
        intent=row[5],
        sentiment=row[6],
        data=json.loads(row[7]),
        created_at=float(row[8]),
    )


def to_order(row: tuple[Any, ...]) -> Order:
    items = tuple(OrderItem(**item) for item in json.loads(row[4]))
    return Order(
        order_id=row[0],
        user_id=row[1],
        status=row[2],
        placed_at=row[3],
        items=items,
        carrier=row[5],
        tracking=row[6],
        estimated_delivery=row[7],
        delivered_at=row[8],
        shipping_cost=float(row[9] or 0.0),
        payment_method=row[10],
        refund_amount=None if row[11] is None else float(row[11]),
        refunded_at=row[12],
        returned_at=row[13],
    )


def order_params(o: Order) -> tuple[Any, ...]:
    """The values of ``ORDER_COLUMNS`` for one order."""
    items = json.dumps([item.to_dict() for item in o.items], ensure_ascii=False)
    return (
        o.order_id,
        o.user_id,
        o.status,
        o.placed_at,
        items,
        o.carrier,
        o.tracking,
        o.estimated_delivery,
        o.delivered_at,
        o.shipping_cost,
        o.payment_method,
        o.refund_amount,
        o.refunded_at,
        o.returned_at,
    )


def require_text(name: str, value: str) -> str:
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"{name} must be a non-empty string")
    return value

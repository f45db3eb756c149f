"""Load the demo shop's orders and shoppers (names) into the store.

``orders.jsonl`` carries more than the store's order record (currency, shipping method, return
reason); the store keeps id, customer, status, dates, carrier, tracking, items, shipping cost,
payment method and the refund (amount and date).
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from assistant.errors import AssistantError
from assistant.store import Order, OrderItem, Store


@dataclass(frozen=True)
class DemoLoadReport:
    orders: int
    users: int

    def to_dict(self) -> dict[str, Any]:
        return {"orders": self.orders, "users": self.users}


def read_jsonl(path: Path) -> list[dict[str, Any]]:
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
        return [json.loads(line) for line in lines if line.strip()]
    except FileNotFoundError:
        raise AssistantError(f"{path} not found: run `assistant demo generate` first") from None
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise AssistantError(f"cannot read {path}: {exc}") from None


def demo_order(row: dict[str, Any]) -> Order:
    items = tuple(
        OrderItem(i["product_id"], i.get("title", ""), int(i.get("qty", 1)), float(i["unit_price"]))
        for i in row.get("items", [])
    )
    return Order(
        order_id=str(row["order_id"]),
        user_id=str(row["user_id"]),
        status=str(row["status"]),
        placed_at=str(row["placed_at"]),
        items=items,
        carrier=row.get("carrier"),
        tracking=row.get("tracking_number") or row.get("tracking"),
        estimated_delivery=row.get("estimated_delivery"),
        delivered_at=row.get("delivered_at"),
        shipping_cost=float(row.get("shipping_cost") or 0.0),
        payment_method=row.get("payment_method"),
        refund_amount=None if row.get("refund_amount") is None else float(row["refund_amount"]),
        refunded_at=row.get("refunded_at"),
        returned_at=row.get("returned_at"),
    )


def load_demo_orders(store: Store, demo_dir: str | Path) -> DemoLoadReport:
    """Upsert the demo's orders and shopper display names; returns the counts."""
    directory = Path(demo_dir)
    try:
        orders = [demo_order(row) for row in read_jsonl(directory / "orders.jsonl")]
    except (KeyError, TypeError, ValueError) as exc:
        raise AssistantError(f"bad order in {directory / 'orders.jsonl'}: {exc}") from None
    users = 0
    shoppers = directory / "shoppers.jsonl"
    if shoppers.is_file():
        for row in read_jsonl(shoppers):
            store.upsert_user(str(row["user_id"]), display_name=row.get("display_name"))
            users += 1
    return DemoLoadReport(store.add_orders(orders), users)

"""HTML for the support-agent console: the customer's orders (dates in words, the real total)
and the hand-over note (labelled lines, nothing empty, no internal field names)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from assistant.support.grounding import human_date
from assistant.web.render import esc, money


def when(value: Any) -> str:
    """An ISO date or timestamp in words ("October 20, 2026"); anything else as it is."""
    try:
        return human_date(str(value)) if value else ""
    except ValueError:
        return str(value)


def orders_table(orders: Sequence[Mapping[str, Any]]) -> str:
    if not orders:
        return '<div class="orders empty">No orders to show.</div>'
    rows = []
    for o in orders:
        items = "<br>".join(
            esc(i.get("title") or i.get("product_id", ""))
            + (f" × {esc(i.get('qty'))}" if int(i.get("qty") or 1) > 1 else "")
            for i in o.get("items", [])
        )
        status = str(o.get("status") or "")
        if status == "delivered" and o.get("delivered_at"):
            delivery = f"delivered {when(o['delivered_at'])}"
        elif o.get("estimated_delivery"):
            delivery = f"due {when(o['estimated_delivery'])}"
            late = int(o.get("business_days_late") or 0)
            if late:
                delivery += f" ({late} business days late)"
        else:
            delivery = ""
        tracking = " ".join(str(x) for x in (o.get("carrier"), o.get("tracking")) if x)
        rows.append(
            f"<tr><td>{esc(o.get('order_id'))}</td><td>{esc(status)}</td>"
            f"<td>{esc(when(o.get('placed_at')))}</td><td>{esc(delivery)}</td>"
            f"<td>{esc(tracking)}</td><td>{items}</td><td>{esc(money(o.get('total')))}</td></tr>"
        )
    head = (
        "<tr><th>Order</th><th>Status</th><th>Placed</th><th>Delivery</th><th>Carrier</th>"
        "<th>Items</th><th>Total</th></tr>"
    )
    return f'<table class="orders"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>'


def handover(summary: Mapping[str, Any]) -> str:
    """The summary's ``note``: one row per label, in the note's order."""
    note = summary.get("note") if summary else None
    if not isinstance(note, Mapping) or not note:
        return '<div class="summary empty">No hand-over needed.</div>'
    rows = "".join(
        f"<tr><th>{esc(label)}</th><td>{esc(text)}</td></tr>"
        for label, text in note.items()
        if text
    )
    return f'<table class="summary">{rows}</table>'

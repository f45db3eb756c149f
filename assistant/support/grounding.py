"""Grounding check for support replies: every order id, date and amount must come from the facts.

The facts are the orders in view (their ids, dates, prices, totals and refunds), the cited
policy passages (their text: "$5.99", "A1093"), the offered alternatives (their prices) and the
order id the customer mentioned. A draft that states any other id, date or amount fails the check; the desk then falls
back to a reply without the offending parts, and an LLM rewording can be checked the same way.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

MONTHS = [
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
]  # fmt: skip
_MONTH_RE = "|".join(MONTHS)
_ISO_DATE = re.compile(r"\b(\d{4})-(\d{2})-(\d{2})\b")
_LONG_DATE = re.compile(rf"\b({_MONTH_RE}) (\d{{1,2}}), (\d{{4}})\b")
_AMOUNT = re.compile(r"\$\s?(\d{1,3}(?:,\d{3})*(?:\.\d{1,2})?|\d+(?:\.\d{1,2})?)")
# the shop's two order id shapes ("A1093", "58213"), optionally with "#"
_ORDER_ID = re.compile(r"(?<![\w$.,-])#?([A-Z]\d{4}|\d{5})(?![\w-])")


def human_date(iso: str | None) -> str:
    """``"2026-11-03"`` or ``"2026-11-03T14:00:00Z"`` -> ``"November 3, 2026"``."""
    if not iso:
        return ""
    day = date.fromisoformat(iso[:10])
    return f"{MONTHS[day.month - 1]} {day.day}, {day.year}"


def money(value: float) -> str:
    return f"${value:,.2f}"


def dates_in(text: str) -> set[str]:
    found = {f"{y}-{m}-{d}" for y, m, d in _ISO_DATE.findall(text)}
    for month, day, year in _LONG_DATE.findall(text):
        found.add(date(int(year), MONTHS.index(month) + 1, int(day)).isoformat())
    return found


def amounts_in(text: str) -> set[float]:
    return {round(float(a.replace(",", "")), 2) for a in _AMOUNT.findall(text)}


def order_ids_in(text: str) -> set[str]:
    return set(_ORDER_ID.findall(_ISO_DATE.sub(" ", text)))


@dataclass
class GroundingFacts:
    order_ids: set[str] = field(default_factory=set)
    dates: set[str] = field(default_factory=set)  # ISO dates
    amounts: set[float] = field(default_factory=set)

    @classmethod
    def collect(
        cls,
        orders: Iterable[Mapping[str, Any]] = (),
        texts: Iterable[str] = (),
        amounts: Iterable[float] = (),
        order_ids: Iterable[str] = (),
    ) -> GroundingFacts:
        facts = cls(set(order_ids), set(), {round(float(a), 2) for a in amounts})
        for order in orders:
            facts.order_ids.add(str(order["order_id"]))
            for value in order.values():
                if isinstance(value, str) and _ISO_DATE.match(value[:10]):
                    facts.dates.add(value[:10])
            for key in ("total", "subtotal", "shipping_cost", "refund_amount"):
                if order.get(key) is not None:
                    facts.amounts.add(round(float(order[key]), 2))
            for item in order.get("items", []):
                unit = round(float(item.get("unit_price", 0.0)), 2)
                facts.amounts.update({unit, round(unit * int(item.get("qty", 1)), 2)})
        for text in texts:
            facts.dates |= dates_in(text)
            facts.amounts |= amounts_in(text)
            facts.order_ids |= order_ids_in(text)
        return facts


@dataclass
class GroundingReport:
    ok: bool
    unsupported: list[str] = field(default_factory=list)  # e.g. "date 2026-11-09"

    def to_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, "unsupported": self.unsupported}


class GroundingCheck:
    """Component: ``run(text, facts) -> GroundingReport``."""

    def run(self, text: str, facts: GroundingFacts) -> GroundingReport:
        bad = [f"order {o}" for o in sorted(order_ids_in(text) - facts.order_ids)]
        bad += [f"date {d}" for d in sorted(dates_in(text) - facts.dates)]
        bad += [f"amount ${a:.2f}" for a in sorted(amounts_in(text) - facts.amounts)]
        return GroundingReport(not bad, bad)

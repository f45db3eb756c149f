"""Per-session dialogue state: active constraints, last shown products, focus and history."""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass, field
from typing import Any

from assistant.retrieval.types import RESULT_ORDERS, Filters
from assistant.support.case import CaseFacts
from assistant.support.types import PastTurn

MAX_HISTORY = 20
MAX_EARLIER = 10  # earlier searches "go back" can return to
CONSTRAINT_FIELDS = (
    "category",
    "price_min",
    "price_max",
    "brands",
    "colors",
    "sizes",
    "exclude_terms",
    "exclude_brands",
    "in_stock_only",
    "child_age",
    "weight_max",
    "capacity_min",
)
STRICT = {
    "price_min": "price_min_strict",
    "price_max": "price_max_strict",
    "capacity_min": "capacity_min_strict",
    "weight_max": "weight_max_strict",
}
REMOVABLE = (*CONSTRAINT_FIELDS, "sort")
# the result orders (``Constraints.sort``) as the reply and the chips say them
ORDER_NAMES = {
    "price_asc": "lowest price first",
    "price_desc": "highest price first",
    "weight_asc": "lightest first",
    "rating_desc": "best rated first",
}  # what a shopper can remove by its chip


@dataclass
class Constraints:
    """What the shopper is looking for: the search text and the hard filters."""

    query: str = ""
    category: str | None = None
    price_min: float | None = None
    price_max: float | None = None
    # "over" / "under" rather than "at least" / "at most": a bound set from a shown price
    # ("cheaper than the first one" is under its price, not "within your limit" below it)
    price_min_strict: bool = False
    price_max_strict: bool = False
    brands: list[str] = field(default_factory=list)
    colors: list[str] = field(default_factory=list)
    sizes: list[str] = field(default_factory=list)
    exclude_terms: list[str] = field(default_factory=list)
    exclude_brands: list[str] = field(default_factory=list)
    in_stock_only: bool = False
    child_age: int | None = None  # "for my 5 year old": products for that age or younger
    weight_max: float | None = None  # grams: "a tent under 2 kg"
    weight_max_strict: bool = False  # "lighter": under the lightest shown
    capacity_min: float | None = None  # litres: "at least 30 litres", "bigger"
    capacity_min_strict: bool = False  # "bigger": more than the shown ones hold
    sort: str | None = None  # one of ``ORDER_NAMES``: the close matches in that order
    skip: list[str] = field(default_factory=list)  # shown already; "show me more" skips them
    # constraint field names, the most recently set last (to name what emptied a list)
    order: list[str] = field(default_factory=list)

    def touch(self, name: str) -> None:
        if name in self.order:
            self.order.remove(name)
        self.order.append(name)

    def clear(self, name: str) -> None:
        default = Constraints()
        setattr(self, name, getattr(default, name))
        if name in STRICT:
            setattr(self, STRICT[name], False)
        if name in self.order:
            self.order.remove(name)

    def set_bound(self, name: str, value: float, strict: bool = False) -> None:
        """Set a bound (a field of ``STRICT``: the price range, ``capacity_min``,
        ``weight_max``): inclusive as the shopper says it ("under $50" keeps a $50 product),
        ``strict`` when it comes from the shown products ("cheaper", "bigger", "lighter")."""
        setattr(self, name, value)
        setattr(self, STRICT[name], strict)
        self.touch(name)

    def active(self) -> list[str]:
        """Set constraint fields, most recent first."""
        set_fields = [n for n in CONSTRAINT_FIELDS if getattr(self, n) not in (None, [], False)]
        ranked = [n for n in reversed(self.order) if n in set_fields]
        return ranked + [n for n in set_fields if n not in ranked]

    def to_filters(self) -> Filters:
        return Filters(
            price_min=self.price_min,
            price_max=self.price_max,
            price_min_strict=self.price_min_strict and self.price_min is not None,
            price_max_strict=self.price_max_strict and self.price_max is not None,
            brands=list(self.brands),
            colors=list(self.colors),
            sizes=list(self.sizes),
            category=self.category,
            in_stock_only=self.in_stock_only,
            exclude_brands=list(self.exclude_brands),
            exclude_terms=list(self.exclude_terms),
            exclude_ids=list(self.skip),
            child_age=self.child_age,
            weight_max=self.weight_max,
            weight_max_strict=self.weight_max_strict and self.weight_max is not None,
            capacity_min=self.capacity_min,
            capacity_min_strict=self.capacity_min_strict and self.capacity_min is not None,
        )

    def without(self, name: str) -> Constraints:
        copy = self.copy()
        copy.clear(name)
        return copy

    def without_value(self, name: str, value: str | None = None) -> Constraints:
        """A copy without one constraint (a removed chip): one ``value`` of a list (one
        colour of two, case-insensitive), else the whole field; paging starts again."""
        if name not in REMOVABLE:
            raise ValueError(f"not a removable constraint: {name!r}")
        copy = self.copy()
        copy.skip = []
        current = getattr(copy, name)
        if current in (None, [], False):
            raise ValueError(f"no {name} constraint to remove")
        if isinstance(current, list) and value is not None:
            kept = [v for v in current if str(v).casefold() != str(value).casefold()]
            if len(kept) == len(current):
                raise ValueError(f"{value!r} is not one of the {name} constraints")
            if kept:
                setattr(copy, name, kept)
                return copy
        copy.clear(name)
        return copy

    def copy(self) -> Constraints:
        return Constraints(**{**self.__dict__, **{k: list(v) for k, v in self.lists().items()}})

    def lists(self) -> dict[str, list[Any]]:
        return {k: v for k, v in self.__dict__.items() if isinstance(v, list)}

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"query": self.query} if self.query else {}
        for name in CONSTRAINT_FIELDS:
            value = getattr(self, name)
            if value not in (None, [], False):
                out[name] = list(value) if isinstance(value, list) else value
        for name, flag in STRICT.items():
            if name in out and getattr(self, flag):
                out[flag] = True
        if self.sort:
            out["sort"] = self.sort
        return out

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> Constraints:
        extra = ("query", "sort", *STRICT.values())
        known = {k: v for k, v in data.items() if k in extra or k in CONSTRAINT_FIELDS}
        if known.get("sort") not in (None, *RESULT_ORDERS):
            del known["sort"]
        out = cls(**known)
        out.order = [n for n in CONSTRAINT_FIELDS if n in known]
        return out


@dataclass
class SessionState:
    session_id: str
    user_id: str | None = None
    constraints: Constraints = field(default_factory=Constraints)
    shown: list[dict[str, Any]] = field(default_factory=list)  # last shown product records
    focus: list[str] = field(default_factory=list)  # product ids talked about last
    items: list[str] = field(default_factory=list)  # products clicked / liked this session
    history: list[PastTurn] = field(default_factory=list)
    lifted: set[str] = field(default_factory=set)  # profile soft filters lifted this session
    # the searches before the current one, the last most recent ("go back" returns to it)
    earlier: list[Constraints] = field(default_factory=list)
    turns: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def remember(
        self,
        message: str,
        intent: str,
        sentiment: str,
        reply: str,
        case: CaseFacts | None = None,
    ) -> None:
        """Add one finished turn to the history; ``case``: what the support desk did in it."""
        self.history.append(PastTurn(message, intent, sentiment, reply, case))
        del self.history[:-MAX_HISTORY]
        self.turns += 1

    def follow(self, constraints: Constraints, back: bool = False) -> None:
        """Make ``constraints`` the current search: the one it replaces is kept for "go back"
        (when it was a search and differs), or, ``back``, the one returned to is taken off."""
        current = self.constraints
        if back and self.earlier:
            self.earlier.pop()
        elif (current.query or current.category) and current.to_dict() != constraints.to_dict():
            self.earlier.append(current)
            del self.earlier[:-MAX_EARLIER]
        self.constraints = constraints

    def shown_ids(self) -> list[str]:
        return [str(p.get("product_id")) for p in self.shown]

    def to_dict(self) -> dict[str, Any]:
        return {
            "session_id": self.session_id,
            "user_id": self.user_id,
            "constraints": self.constraints.to_dict(),
            "shown": [
                {k: p.get(k) for k in ("product_id", "title", "price", "brand")} for p in self.shown
            ],
            "focus": list(self.focus),
            "turns": self.turns,
            "history": [h.to_dict() for h in self.history],
            "lifted": sorted(self.lifted),
        }


class SessionTable:
    """Session states by id, least recently used dropped past ``capacity`` (thread-safe)."""

    def __init__(self, capacity: int = 10_000) -> None:
        if capacity < 1:
            raise ValueError("capacity must be >= 1")
        self.capacity = capacity
        self._states: OrderedDict[str, SessionState] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, session_id: str) -> SessionState | None:
        with self._lock:
            state = self._states.get(session_id)
            if state is not None:
                self._states.move_to_end(session_id)
            return state

    def get_or_add(self, state: SessionState) -> SessionState:
        with self._lock:
            existing = self._states.get(state.session_id)
            if existing is not None:
                self._states.move_to_end(state.session_id)
                return existing
            self._states[state.session_id] = state
            while len(self._states) > self.capacity:
                self._states.popitem(last=False)
            return state

    def __len__(self) -> int:
        with self._lock:
            return len(self._states)

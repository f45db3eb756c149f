"""What a support turn did to the case, as facts (never read back from the reply's wording).

The desk records ``CaseFacts`` with every turn it handles: the order the turn was about (and
whether it is on the customer's account) and the actions the reply took. The session history
keeps them (``PastTurn.case``) and the stored assistant turn carries them
(``data["case"]``), so the next turn's case order and the hand-over note's "So far"
line hold however the reply was worded (a template, an LLM, an agent's edit).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, Literal, get_args

CaseAction = Literal[
    "asked_email",  # asked for the email address on the order (identity check)
    "asked_sign_in",  # asked the customer to sign in (the chat cannot check an email)
    "asked_order",  # asked which order the message is about
    "order_not_found",  # the order id given is not on the customer's account
    "policy_quoted",  # quoted a policy passage (``CaseFacts.policy`` names it)
    "trace_requested",  # asked the team to open a carrier trace
    "handed_over",  # passed the conversation to a person
]
CASE_ACTIONS: tuple[CaseAction, ...] = get_args(CaseAction)


def in_case_order(actions: Iterable[CaseAction]) -> tuple[CaseAction, ...]:
    """Each action once, in ``CASE_ACTIONS`` order (the one order facts and drafts use)."""
    taken = set(actions)
    return tuple(a for a in CASE_ACTIONS if a in taken)


@dataclass(frozen=True)
class CaseFacts:
    """One support turn's facts. ``order_id``: the order the turn was about (the one asked
    for, found or not, else the order in question); ``order_found``: it is on the customer's
    account and the turn dealt with it; ``policy``: ``"Returns > Damaged items"`` (page title
    and heading) when a passage was quoted."""

    order_id: str | None = None
    order_found: bool = False
    actions: tuple[CaseAction, ...] = ()
    policy: str | None = None

    def __post_init__(self) -> None:
        unknown = [a for a in self.actions if a not in CASE_ACTIONS]
        if unknown:
            raise ValueError(f"unknown case actions {unknown}; expected some of {CASE_ACTIONS}")
        object.__setattr__(self, "actions", in_case_order(self.actions))
        if self.order_found and not self.order_id:
            raise ValueError("order_found needs an order_id")

    @property
    def case_order(self) -> str | None:
        """The order this turn settled the case on (an order not found settles nothing)."""
        return self.order_id if self.order_found else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "order_id": self.order_id,
            "order_found": self.order_found,
            "actions": list(self.actions),
            "policy": self.policy,
        }

    @classmethod
    def from_dict(cls, data: Any) -> CaseFacts | None:
        """The facts from their JSON form; None for a turn stored before they were recorded
        (no or malformed ``case``). Unknown actions (from a newer version) are skipped."""
        if not isinstance(data, dict):
            return None
        order_id = data.get("order_id")
        order_id = str(order_id) if order_id else None
        actions = data.get("actions")
        known = tuple(a for a in actions if a in CASE_ACTIONS) if isinstance(actions, list) else ()
        policy = data.get("policy")
        return cls(
            order_id=order_id,
            order_found=bool(data.get("order_found")) and order_id is not None,
            actions=known,
            policy=str(policy) if policy else None,
        )

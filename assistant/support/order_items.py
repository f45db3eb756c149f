"""Which items of an order a message names: "cancel the speaker, keep the watch"."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.nlu.kinds import title_head
from assistant.nlu.vocabulary import tokens
from assistant.store.records import OrderItem

# an item named after these is to stay ("keep the watch", "but not the mug")
_KEEP = frozenset({"keep", "not", "except", "leave", "without", "but"})
KEEP_REACH = 3  # words between the cue and the item's name, at most


def split_items(
    items: Sequence[OrderItem], message: str
) -> tuple[list[OrderItem], list[OrderItem]]:
    """(the items to act on, the items to keep) when the message names some items of the
    order by their kind ("the speaker"); ``([], [])`` when it names none of them, or when
    what it names comes to the whole order."""
    words = tokens(message)
    act: list[OrderItem] = []
    keep: list[OrderItem] = []
    for item in items:
        head = title_head(item.title)
        at = [i for i, w in enumerate(words) if head and w == head]
        if not at:
            continue
        kept = any(_KEEP & set(words[max(0, i - KEEP_REACH) : i]) for i in at)
        (keep if kept else act).append(item)
    if keep and not act:
        act = [i for i in items if i not in keep]
    if not act or len(act) == len(items):
        return [], []
    return act, [i for i in items if i not in act]


def item_names(items: Sequence[OrderItem]) -> str:
    """ "the Boom Go Speaker", "the Mug and the Kettle"."""
    return " and ".join(f"the {re.sub(r',.*$', '', i.title)}" for i in items)


def items_total(items: Sequence[OrderItem]) -> float:
    return round(sum(i.qty * i.unit_price for i in items), 2)

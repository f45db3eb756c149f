"""Which items of an order a message names: "cancel the speaker, keep the watch"."""

from __future__ import annotations

import re
from collections.abc import Sequence

from assistant.nlu.kinds import title_head
from assistant.nlu.vocabulary import tokens
from assistant.store.records import OrderItem

# after these the items named are to stay ("keep the watch", "but not the mug", "don't
# cancel the helmet"), after the others to go ("cancel the bag", "only the lotion")
_KEEP = frozenset({"keep", "not", "except", "leave", "without", "but", "dont", "never"})
_ACT = frozenset({"cancel", "only", "just", "remove", "drop", "return", "refund"})
_NEGATION = frozenset({"not", "dont", "never", "no"})


def split_items(
    items: Sequence[OrderItem], message: str
) -> tuple[list[OrderItem], list[OrderItem]]:
    """(the items to act on, the items to keep) when the message names some items of the
    order by their kind ("the speaker"); ``([], [])`` when it names none of them, or when
    what it names comes to the whole order. Each named item takes the side of the last cue
    before it: "keep the lotion and the helmet, cancel the bag" keeps two."""
    words = tokens(message)
    heads = {id(item): title_head(item.title) for item in items}
    act: list[OrderItem] = []
    keep: list[OrderItem] = []
    keeping = False
    for i, word in enumerate(words):
        if word in _KEEP:
            keeping = True
        elif word in _ACT and not (i and words[i - 1] in _NEGATION):
            keeping = False
        for item in items:
            if heads[id(item)] == word and item not in act and item not in keep:
                (keep if keeping else act).append(item)
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

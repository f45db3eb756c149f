from __future__ import annotations

from assistant.store.records import OrderItem
from assistant.support.order_items import item_names, items_total, split_items

WATCH = OrderItem("P1", "Stride GPS Fitness Watch, Grey", 1, 319.99)
SPEAKER = OrderItem("P2", "Boom Go Portable Speaker, Navy", 2, 50.0)
ITEMS = [WATCH, SPEAKER]


def test_the_items_a_message_names_and_the_ones_it_keeps():
    assert split_items(ITEMS, "cancel the speaker, keep the watch") == ([SPEAKER], [WATCH])
    assert split_items(ITEMS, "cancel everything but not the watch") == ([SPEAKER], [WATCH])
    assert split_items(ITEMS, "only the speakers please") == ([SPEAKER], [WATCH])
    assert split_items(ITEMS, "cancel my order") == ([], [])  # no item named: the order
    assert split_items(ITEMS, "cancel the watch and the speaker") == ([], [])  # all of it
    assert split_items(ITEMS, "don't cancel the watch, only the speaker") == ([SPEAKER], [WATCH])
    bag = OrderItem("P3", "City Tote Bag", 1, 30.0)
    three = [WATCH, SPEAKER, bag]
    keep_two = split_items(three, "keep the watch and the speaker, cancel the bag")
    assert keep_two == ([bag], [WATCH, SPEAKER])  # a list after "keep" stays


def test_item_names_and_total():
    assert item_names([SPEAKER]) == "the Boom Go Portable Speaker"
    assert items_total([SPEAKER, WATCH]) == 419.99

"""Users, sessions and turns, orders and profile facts, forget."""

from __future__ import annotations

import pytest

from assistant.events import Event
from assistant.store import Order, OrderItem, SQLiteStore, normalize_order_id


def test_users_and_personalization(store: SQLiteStore) -> None:
    assert store.get_user("u1") is None
    assert store.personalization_enabled("u1") is True  # unknown users default to on
    store.upsert_user("u1", display_name="Ada")
    user = store.get_user("u1")
    assert user is not None
    assert (user.display_name, user.personalization) == ("Ada", True)
    store.set_personalization("u1", False)
    assert store.personalization_enabled("u1") is False
    store.upsert_user("u1")  # re-registering keeps the opt-out and the name
    user = store.get_user("u1")
    assert user is not None
    assert (user.display_name, user.personalization) == ("Ada", False)
    store.set_personalization("u2", False)  # unknown user: created with the choice
    assert store.personalization_enabled("u2") is False
    store.upsert_user("u1", personalization=True)
    assert [(u.user_id, u.personalization) for u in store.list_users()] == [
        ("u1", True),
        ("u2", False),
    ]


def test_turns_are_stored_redacted(store: SQLiteStore) -> None:
    store.add_turn(
        "s1",
        "u1",
        "user",
        "I'm jane@example.com, call +44 7700 900123, card 4111 1111 1111 1111, order #A1093",
        intent="order_status",
        sentiment="neutral",
        data={
            "entities": {"order_id": "A1093", "note": "mail jane@example.com"},
            "product_ids": ["P1"],
        },
    )
    store.add_turn("s1", "u1", "assistant", "Order A1093 ships tomorrow ($1,299.99).")
    turns = store.session_turns("s1")
    assert [t.role for t in turns] == ["user", "assistant"]
    first = turns[0]
    assert first.text == "I'm [email], call [phone], card [card], order #A1093"
    assert first.intent == "order_status" and first.sentiment == "neutral"
    assert first.data == {
        "entities": {"order_id": "A1093", "note": "mail [email]"},
        "product_ids": ["P1"],
    }
    assert turns[1].text == "Order A1093 ships tomorrow ($1,299.99)."
    raw = store._db.get().execute("SELECT text, data FROM turns").fetchall()
    assert all(
        "jane@" not in text and "4111" not in text and "jane@" not in data for text, data in raw
    )


def test_turn_rejects_unknown_role(store: SQLiteStore) -> None:
    with pytest.raises(ValueError, match="role"):
        store.add_turn("s1", "u1", "system", "hi")  # type: ignore[arg-type]
    assert store.session_turns("s1") == []


def test_sessions_and_iter_turns(store: SQLiteStore) -> None:
    store.ensure_session("s1", "u1")
    store.ensure_session("s1", "u1")
    for i in range(1_203):
        store.add_turn(f"s{i % 3}", "u1", "user", f"message {i}")
    turns = list(store.iter_turns())
    assert len(turns) == 1_203
    assert [t.text for t in turns[:2]] == ["message 0", "message 1"]
    assert turns == sorted(turns, key=lambda t: t.turn_id)
    cutoff = turns[1_000].created_at
    assert all(t.created_at >= cutoff for t in store.iter_turns(since=cutoff))
    assert len(list(store.iter_turns(since=cutoff + 3600))) == 0
    sessions = store._db.get().execute("SELECT COUNT(*) FROM sessions").fetchone()[0]
    assert sessions == 3


def _order(order_id: str, user: str, placed: str, status: str = "shipped") -> Order:
    return Order(
        order_id,
        user,
        status,
        placed,
        [OrderItem("P1", "Trail shoe", 2, 59.5), OrderItem("P2", "Socks", 1, 9.0)],
        carrier="DHL",
        tracking="JD0001",
        estimated_delivery="2024-03-09",
    )


@pytest.mark.parametrize("spelling", ["A1093", "#A1093", "a1093", " #a1093 "])
def test_order_ids_are_normalised(spelling: str) -> None:
    assert normalize_order_id(spelling) == "A1093"


def test_orders(store: SQLiteStore) -> None:
    assert (
        store.add_orders(
            [
                _order("#a1093", "u1", "2024-03-05T10:00:00"),
                _order("A1100", "u1", "2024-04-01T09:00:00", "processing"),
                _order("B2000", "u2", "2024-02-01T09:00:00", "delivered"),
            ]
        )
        == 3
    )
    order = store.get_order("#A1093")
    assert order is not None
    assert order.order_id == "A1093"
    assert order.items == (OrderItem("P1", "Trail shoe", 2, 59.5), OrderItem("P2", "Socks", 1, 9.0))
    assert (order.carrier, order.tracking, order.delivered_at) == ("DHL", "JD0001", None)
    assert order.total == 128.0
    assert store.get_order("Z9") is None
    assert [o.order_id for o in store.user_orders("u1")] == ["A1100", "A1093"]
    assert [o.order_id for o in store.user_orders("u1", limit=1)] == ["A1100"]
    store.add_orders([_order("a1093", "u1", "2024-03-05T10:00:00", "delivered")])  # update
    updated = store.get_order("A1093")
    assert updated is not None and updated.status == "delivered"
    returned = Order("R1", "u3", "returned", "2024-05-01T09:00:00", (), returned_at="2024-05-20")
    store.add_orders([returned])
    assert store.get_order("R1") == returned  # when the return arrived is kept


@pytest.mark.parametrize(
    "kwargs",
    [{"status": "lost"}, {"order_id": "#"}, {"user_id": ""}],
)
def test_bad_orders_are_refused(kwargs: dict[str, str]) -> None:
    fields = {"order_id": "A1", "user_id": "u1", "status": "shipped", "placed_at": "2024-01-01"}
    fields.update(kwargs)
    with pytest.raises(ValueError):
        Order(**fields)  # type: ignore[arg-type]


def test_profile_facts_stated_outrank_inferred(store: SQLiteStore) -> None:
    assert store.set_profile_fact("u1", "size", "10", "inferred")
    assert store.set_profile_fact("u1", "size", "9", "stated")
    assert not store.set_profile_fact("u1", "size", "11", "inferred")
    assert store.set_profile_fact("u1", "avoid", ["leather"], "stated")
    facts = store.profile_facts("u1")
    assert {k: (f.value, f.source) for k, f in facts.items()} == {
        "size": ("9", "stated"),
        "avoid": (["leather"], "stated"),
    }
    assert store.delete_profile_fact("u1", "size")
    assert not store.delete_profile_fact("u1", "size")
    assert list(store.profile_facts("u1")) == ["avoid"]
    assert store.profile_facts("u2") == {}
    with pytest.raises(ValueError):
        store.set_profile_fact("u1", "x", 1, "guessed")  # type: ignore[arg-type]


def _populate(store: SQLiteStore, user: str) -> None:
    store.upsert_user(user, display_name=user.upper())
    store.add_events([Event(user, f"p{i}", "view", 1.0, float(i + 1)) for i in range(5)])
    store.add_turn(f"{user}-s1", user, "user", "hello")
    store.add_turn(f"{user}-s2", user, "user", "hi again")
    store.set_profile_fact(user, "size", "10")
    store.add_orders([_order(f"{user}-o1", user, "2024-01-01")])


def test_forget_removes_the_user_and_nothing_else(store: SQLiteStore) -> None:
    _populate(store, "alice")
    _populate(store, "bob")
    before_bob = (
        store.user_events("bob"),
        store.session_turns("bob-s1"),
        store.profile_facts("bob"),
    )
    report = store.forget_user("alice")
    assert report.to_dict() == {
        "user_id": "alice",
        "events": 5,
        "turns": 2,
        "sessions": 2,
        "profile_facts": 1,
        "user_row": 1,
        "orders_kept": 1,
    }
    assert store.user_events("alice") == []
    assert store.session_turns("alice-s1") == []
    assert list(store.iter_turns()) == store.session_turns("bob-s1") + store.session_turns("bob-s2")
    assert store.profile_facts("alice") == {}
    assert store.get_user("alice") is None
    assert store.user_orders("alice") != []  # business records are kept
    assert (
        store.user_events("bob"),
        store.session_turns("bob-s1"),
        store.profile_facts("bob"),
    ) == before_bob
    assert store.get_user("bob") is not None
    assert store.forget_user("alice").events == 0  # idempotent

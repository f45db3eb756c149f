"""A session belongs to the user who spoke in it: another user, or an anonymous caller,
holding its id is refused and learns nothing of it, in this process and after a restart."""

from __future__ import annotations

import uuid

import pytest

from assistant.errors import AssistantError, ForeignSessionError


def sid() -> str:
    return uuid.uuid4().hex


def test_another_user_or_an_anonymous_caller_cannot_use_a_users_session(bot):
    s = sid()
    first = bot.respond("blue yoga mats under $60", s, "u-owner")
    before = bot.session_state(s)
    for intruder in ("u-other", None):
        with pytest.raises(ForeignSessionError, match="belongs to another account"):
            bot.respond("tell me about the first one", s, intruder)
        with pytest.raises(AssistantError):
            bot.feedback(s, intruder, first.products[0].product_id, "like")
    assert bot.session_state(s) == before  # nothing of the refused calls reached the session
    assert bot.store.user_events("u-other") == []  # nor the store (or the CF model)
    assert bot.store.user_events(f"anonymous:{s}") == []
    turn = bot.respond("tell me about the first one", s, "u-owner")
    assert turn.products[0].product_id == first.products[0].product_id


def test_an_anonymous_session_becomes_the_users_when_they_sign_in(bot):
    s = sid()
    bot.respond("running shoes", s)
    signed_in = bot.respond("the cheapest one", s, "u-signed-in")
    assert signed_in.products
    with pytest.raises(ForeignSessionError):
        bot.respond("the cheapest one", s, "u-someone-else")
    with pytest.raises(ForeignSessionError):
        bot.respond("the cheapest one", s)


def test_a_restored_session_keeps_its_owner_and_a_refusal_does_not_empty_it(bot, encoder):
    from assistant.engine.assistant import Assistant

    s = sid()
    first = bot.respond("tents for two", s, "u-restored")
    fresh = Assistant(bot._runtime, bot.settings, encoder, bot.store)  # e.g. after a restart
    with pytest.raises(ForeignSessionError):
        fresh.respond("tell me about the first one", s, "u-other")
    with pytest.raises(ForeignSessionError):
        fresh.respond("tell me about the first one", s)
    turn = fresh.respond("tell me about the first one", s, "u-restored")
    assert turn.products[0].product_id == first.products[0].product_id
    assert len(fresh.session_state(s)["history"]) == 2


def test_a_staff_read_of_a_stored_session_does_not_keep_it(bot):
    s = sid()
    bot.respond("running shoes", s, "u-reader")
    bot._sessions._table._states.pop(s)  # as after a restart: only the store has it
    state = bot.session_state(s)
    assert state["constraints"]["query"] == "running shoes"
    assert bot._sessions.get(s) is None  # read, not loaded into the table

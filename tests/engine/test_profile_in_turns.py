"""The shopper's profile and the conversation's scenario reach the turn and the ranking."""

from __future__ import annotations

import uuid


def test_scenario_is_detected_and_reported(bot):
    sid = uuid.uuid4().hex
    turn = bot.respond("I need a birthday gift for my dad, he loves coffee", session_id=sid)
    assert turn.scenario == "gift"
    assert turn.products


def test_stated_size_becomes_a_visible_soft_filter_that_can_be_lifted(bot):
    user = f"profile-{uuid.uuid4().hex[:8]}"
    sid = uuid.uuid4().hex
    bot.respond("I'm a size 10", session_id=sid, user_id=user)
    facts = bot.store.profile_facts(user)
    assert any("10" in str(f.value) for f in facts.values()), facts
    turn = bot.respond("running shoes", session_id=sid, user_id=user)
    soft = turn.constraints.get("profile_filters", [])
    assert any("10" in str(f) for f in soft), turn.constraints
    assert "size" not in {k for k in turn.constraints if k != "profile_filters"}  # soft, not hard
    lifted = bot.respond("running shoes in any size", session_id=sid, user_id=user)
    assert not lifted.constraints.get("profile_filters")
    assert bot.session_state(sid)["lifted"]


def test_anonymous_shoppers_get_no_profile_filters(bot):
    turn = bot.respond("I'm a size 10. running shoes please", session_id=uuid.uuid4().hex)
    assert "profile_filters" not in turn.constraints

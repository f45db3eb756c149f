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


def test_a_brand_asked_for_by_name_is_not_avoided(bot):
    from assistant.events import Event

    user = f"avoider-{uuid.uuid4().hex[:8]}"
    first = bot.respond("Summit & Stone running shoes", session_id=uuid.uuid4().hex, user_id=user)
    theirs = [p.product_id for p in first.products if p.brand == "Summit & Stone"]
    assert len(theirs) >= 2
    bot.store.add_events(
        Event(user, pid, "dislike", 1.0, 1_900_000_000 + n) for n, pid in enumerate(theirs[:2])
    )
    # two dislikes: the brand is avoided when the shopper does not name it ...
    plain = bot.respond("running shoes", session_id=uuid.uuid4().hex, user_id=user)
    assert "no Summit & Stone" in str(plain.constraints.get("profile_filters"))
    # ... and asked for by name it is searched, not held against the shopper
    named = bot.respond("Summit & Stone running shoes", session_id=uuid.uuid4().hex, user_id=user)
    assert "Summit & Stone" not in str(named.constraints.get("profile_filters"))
    assert named.products[0].brand == "Summit & Stone"
    assert not any("which you avoid" in r for p in named.products for r in p.reasons)

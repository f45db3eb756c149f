from __future__ import annotations

from assistant.profile.segments import SegmentBuilder
from assistant.recommend.interactions import read_event_file


def test_demo_segments_recover_taste_groups(demo_dir, demo_products, demo_shoppers) -> None:
    from sklearn.metrics import adjusted_rand_score

    events = list(read_event_file(demo_dir / "interactions.csv"))
    result = SegmentBuilder(demo_products).run(events)
    assert 3 <= result.k <= 8
    assert sum(s.size for s in result.segments) == len(result.assignments)
    users = sorted(result.assignments)
    truth = [demo_shoppers[u]["taste_group"] for u in users]
    found = [result.assignments[u] for u in users]
    assert adjusted_rand_score(truth, found) >= 0.7
    names = [s.name for s in result.segments]
    assert len(set(names)) == len(names)
    assert any(n.startswith("budget") and "kitchen" in n for n in names)
    assert any(n.startswith("premium") and "outdoor" in n for n in names)
    for seg in result.to_dict()["segments"]:
        assert seg["description"].startswith(f"{seg['size']} shoppers who mostly buy")
        assert seg["top_categories"] and "members" not in seg


def test_too_few_shoppers_is_a_clear_error(demo_products) -> None:
    import pytest

    with pytest.raises(ValueError, match="at least 4 shoppers"):
        SegmentBuilder(demo_products).run([])


def test_segments_report_what_members_ask(demo_dir, demo_products) -> None:
    from assistant.store.records import TurnRecord

    events = list(read_event_file(demo_dir / "interactions.csv"))
    users = sorted({e.user_id for e in events})[:3]
    turns = [
        TurnRecord(
            n, "s", u, "user", "blue kettle", "search", "neutral", {"entities": {"color": "blue"}}
        )
        for n, u in enumerate(users)
    ] + [TurnRecord(9, "s", users[0], "assistant", "here you go", None, None, {})]
    result = SegmentBuilder(demo_products, k=4).run(events, turns)
    asks = [s.asks for s in result.segments]
    assert sum(a["messages"] for a in asks) == 3  # assistant turns are not counted
    intents = [i for a in asks for i in a["top_intents"]]
    assert sum(i["n"] for i in intents if i["intent"] == "search") == 3
    assert any(r["what"] == "color: blue" for a in asks for r in a["top_requests"])

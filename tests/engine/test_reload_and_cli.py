"""Index reload (atomic swap when the build on disk changes) and ``assistant converse``."""

from __future__ import annotations

import io
import json

from assistant.cli import main
from assistant.engine.assistant import Assistant


def test_reload_swaps_in_a_changed_index_and_keeps_sessions(tiny_shop, encoder):
    build, rows, settings = tiny_shop
    index_dir = build(rows)
    bot = Assistant.load(index_dir, settings, encoder=encoder)
    try:
        assert bot.reload_if_changed() is False  # nothing changed on disk
        first = bot.respond("running shoes", "s1")
        assert first.products and all("Running" in p.category for p in first.products)
        rows.append(
            {"product_id": "T9", "title": "Storm Trail Running Shoe", "brand": "Pacer",
             "category": "Shoes > Running", "price": 59.99, "color": "red",
             "description": "A new waterproof trail running shoe."}
        )  # fmt: skip
        build(rows)
        assert bot.reload_if_changed() is True
        assert bot.index.product_by_id("T9") is not None
        assert bot.reload_if_changed() is False
        turn = bot.respond("cheaper", "s1")  # the session survived the swap
        assert turn.constraints["price_max"] == min(p.price for p in first.products)
        assert turn.constraints["price_max_strict"]
        assert "T9" in [p.product_id for p in turn.products]
    finally:
        bot.close()


def test_converse_reads_messages_and_writes_one_turn_per_line(tiny_shop, monkeypatch, capsys):
    build, rows, settings = tiny_shop
    index_dir = build(rows)
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(settings.data_dir))
    monkeypatch.setattr("sys.stdin", io.StringIO("hi\nyoga mats\n\nis the first one waterproof?\n"))
    code = main(["converse", "--index", str(index_dir), "--user", "u1", "--json"])
    assert code == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [t["intent"] for t in lines] == ["greeting", "search", "product_question"]
    assert lines[1]["products"][0]["product_id"] in {"T1", "T2", "T3"}
    assert {"intent", "constraints", "products", "reply", "timings_ms", "support"} <= set(lines[2])
    assert len({t["session_id"] for t in lines}) == 1


def test_converse_without_an_index_is_one_clear_error(tmp_path, capsys):
    code = main(["converse", "--index", str(tmp_path / "missing"), "--json"])
    assert code == 2
    err = capsys.readouterr().err
    assert err.startswith("error:") and "Traceback" not in err


def test_feedback_survives_a_restart_before_the_model_is_retrained(
    demo_index_dir, encoder, tmp_path
):
    from .conftest import engine_settings

    settings = engine_settings(tmp_path / "data")
    bot = Assistant.load(demo_index_dir, settings, encoder=encoder)
    try:
        top = bot.respond("a jacket", "s1", user_id="u005").products[0].product_id
        bot.feedback("s1", "u005", top, "dislike")
        assert top not in [p.product_id for p in bot.respond("a jacket", "s2", "u005").products[:1]]
    finally:
        bot.close()
    restarted = Assistant.load(demo_index_dir, settings, encoder=encoder)  # same store, no cf train
    try:
        again = restarted.respond("a jacket", "s3", user_id="u005").products
        assert again and top not in [p.product_id for p in again[:1]]
        assert restarted._runtime.personalizer.affinity("u005", [], [top]).scores[0] < 0
    finally:
        restarted.close()

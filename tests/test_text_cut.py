from __future__ import annotations

from assistant.text_cut import shorten


def test_shorten_keeps_one_line_and_cuts_at_a_word():
    assert shorten("a  b\n c", 10) == "a b c"
    assert shorten("waterproof hiking boots for winter", 20) == "waterproof hiking…"
    assert shorten("x" * 30, 10) == "x" * 9 + "…"  # no space in the first half: mid-word
    assert len(shorten("tent " * 500, 80)) <= 80

from __future__ import annotations

from assistant.text_cut import reviews, shorten


def test_shorten_keeps_one_line_and_cuts_at_a_word():
    assert shorten("a  b\n c", 10) == "a b c"
    assert shorten("waterproof hiking boots for winter", 20) == "waterproof hiking…"
    assert shorten("x" * 30, 10) == "x" * 9 + "…"  # no space in the first half: mid-word
    assert len(shorten("tent " * 500, 80)) <= 80


def test_reviews_counts_one_review_in_the_singular():
    assert (reviews(1), reviews(2), reviews(1024)) == ("1 review", "2 reviews", "1,024 reviews")

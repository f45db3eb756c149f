"""Short text for people: one line cut to a length, at a word, with an ellipsis (chips, notes,
charts); a count of reviews."""

from __future__ import annotations


def shorten(text: str, limit: int) -> str:
    """``text`` on one line, cut at a word before ``limit`` characters with an ellipsis
    (mid-word when the last space is in the first half)."""
    flat = " ".join(str(text).split())
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    space = cut.rfind(" ")
    return (cut[:space] if space > limit // 2 else cut).rstrip(" ,;:") + "…"


def reviews(count: int) -> str:
    """ "1 review", "2 reviews", "1,024 reviews"."""
    return f"{count:,} review" if count == 1 else f"{count:,} reviews"

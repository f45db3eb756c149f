"""The weighted matrix: which events count and when a dislike stands."""

from __future__ import annotations

import pandas as pd
import pytest

from assistant.events import Event
from assistant.recommend.interactions import InteractionMatrix
from assistant.settings import CFSettings

WEIGHTS = CFSettings().event_weights


def matrix(*rows: tuple[str, str, str, float]) -> InteractionMatrix:
    frame = pd.DataFrame(rows, columns=["user_id", "product_id", "event", "timestamp"])
    return InteractionMatrix.from_frame(frame, WEIGHTS)


@pytest.mark.parametrize(("later", "disliked"), [("view", True), ("click", False)])
def test_a_later_view_does_not_undo_a_dislike_a_click_does(later: str, disliked: bool) -> None:
    m = matrix(("u1", "P1", "like", 1), ("u1", "P1", "dislike", 2), ("u1", "P1", later, 3),
               ("u1", "P2", "purchase", 4))  # fmt: skip
    p1 = m.item_index["P1"]
    assert (p1 in m.disliked_items("u1")) is disliked
    fresh = matrix(("u2", "P2", "purchase", 1), ("u2", "P1", "purchase", 1))
    fresh.apply(
        "u2", [Event("u2", "P1", "dislike", 1.0, 2), Event("u2", "P1", later, 1.0, 3)], WEIGHTS
    )
    assert (fresh.item_index["P1"] in fresh.disliked_items("u2")) is disliked

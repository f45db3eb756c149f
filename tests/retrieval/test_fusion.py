"""The pure fusion functions."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.retrieval.fusion import (
    convex_fusion,
    expand_query,
    fuse,
    normalise_dense,
    rrf_fusion,
    with_phrase_bonus,
)


def test_convex_fusion_weights_and_range():
    dense = np.array([0.9, 0.5, 0.1])
    lexical = np.array([0.0, 10.0, 5.0])
    only_dense = convex_fusion(dense, lexical, 1.0)
    only_lex = convex_fusion(dense, lexical, 0.0)
    assert only_dense.argmax() == 0 and only_lex.argmax() == 1
    mixed = convex_fusion(dense, lexical, 0.5)
    assert mixed.min() >= 0 and mixed.max() <= 1
    assert np.allclose(mixed, 0.5 * only_dense + 0.5 * only_lex)


def test_convex_fusion_rejects_bad_alpha():
    with pytest.raises(ValueError):
        convex_fusion(np.ones(2), np.ones(2), 1.5)


def test_normalise_dense_constant_input():
    assert np.allclose(normalise_dense(np.array([0.3, 0.3])), 1.0)


def test_rrf_rewards_agreement_and_ignores_lexical_misses():
    dense = np.array([0.9, 0.8, 0.1])
    lexical = np.array([5.0, 0.0, 9.0])
    fused = rrf_fusion(dense, lexical, k=60)
    assert fused.argmax() == 0  # ranked high by both
    assert fused[0] <= 1.0
    no_lex = rrf_fusion(dense, np.zeros(3), k=60)
    assert np.argsort(-no_lex).tolist() == [0, 1, 2]


def test_fuse_dispatch():
    with pytest.raises(ValueError, match="unknown fusion"):
        fuse(np.ones(1), np.ones(1), "max", 0.5, 60)


def test_expand_query_moves_towards_the_feedback_and_stays_unit_length():
    query = np.array([1.0, 0.0, 0.0], dtype=np.float32)
    feedback = np.array([[0.0, 1.0, 0.0], [0.0, 0.6, 0.8]], dtype=np.float32)
    moved = expand_query(query, feedback, 1.0)
    assert np.isclose(np.linalg.norm(moved), 1.0)
    assert moved @ feedback.mean(axis=0) > query @ feedback.mean(axis=0)
    assert moved @ query > 0.5  # still mostly the query
    np.testing.assert_allclose(expand_query(query, feedback, 0.0), query)


def test_phrase_bonus_lifts_side_by_side_matches_and_stays_in_range():
    fused = np.array([0.8, 0.8, 1.0, 0.0], np.float32)
    pairs = np.array([2.0, 0.0, 0.0, 4.0], np.float32)
    out = with_phrase_bonus(fused, pairs, 0.1)
    assert out[0] > out[1]  # same fused score, one keeps the words together
    assert out.min() >= 0.0 and out.max() <= 1.0
    np.testing.assert_allclose(out, (fused + 0.1 * pairs / 4.0) / 1.1, rtol=1e-6)
    np.testing.assert_allclose(with_phrase_bonus(fused, np.zeros(4, np.float32), 0.1), fused / 1.1)
    np.testing.assert_allclose(with_phrase_bonus(fused, pairs, 0.0), fused)
    with pytest.raises(ValueError, match="phrase"):
        with_phrase_bonus(fused, pairs, -0.1)

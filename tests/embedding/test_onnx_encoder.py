"""The ONNX Runtime encoder backends against the torch (sentence-transformers) reference."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from assistant.embedding.encoder import Encoder, model_path

pytest.importorskip("onnxruntime", reason="onnxruntime is not installed (pip install onnxruntime)")

TEXTS = [
    "waterproof hiking boots for women",
    "a red cotton t-shirt, size M",
    "Stainless steel 1.9 cu. ft. over-the-range microwave with sensor cooking",
    "x",
    "long " * 400,  # longer than the model's 256 tokens: truncated like sentence-transformers
]


@pytest.fixture(scope="module")
def reference(encoder) -> np.ndarray:
    return encoder.encode(TEXTS)


def test_onnx_fp32_matches_torch(reference: np.ndarray) -> None:
    vectors = Encoder("onnx", batch_size=2).encode(TEXTS)
    assert vectors.shape == (len(TEXTS), 384) and vectors.dtype == np.float32
    np.testing.assert_allclose(np.linalg.norm(vectors, axis=1), 1.0, atol=1e-5)
    np.testing.assert_allclose(vectors, reference, atol=2e-4)


def test_onnx_int8_is_close_to_torch(reference: np.ndarray) -> None:
    vectors = Encoder("onnx-int8").encode(TEXTS)
    cosine = np.sum(vectors * reference, axis=1)
    assert cosine.min() > 0.95
    # and still ranks: each text's nearest reference vector is its own
    assert (np.argmax(vectors @ reference.T, axis=1) == np.arange(len(TEXTS))).all()


def test_output_rows_follow_input_order_whatever_the_batching() -> None:
    enc = Encoder("onnx", batch_size=1)
    one_by_one = np.stack([enc.encode([t])[0] for t in TEXTS])
    np.testing.assert_allclose(Encoder("onnx", batch_size=64).encode(TEXTS), one_by_one, atol=1e-5)


def test_export_is_cached_in_the_user_cache_dir(tmp_path: Path) -> None:
    from assistant.embedding.onnx_model import cache_root, exported_model

    first = exported_model(model_path(), "fp32")
    assert first.is_file() and cache_root() in first.parents
    stamp = first.stat().st_mtime_ns
    assert exported_model(model_path(), "fp32") == first
    assert first.stat().st_mtime_ns == stamp  # not exported again
    assert Encoder("onnx").model_name != Encoder("torch").model_name  # index fingerprints differ


def test_bad_backend_and_variant_are_refused() -> None:
    from assistant.embedding.onnx_model import exported_model

    with pytest.raises(ValueError, match="unknown encoder backend"):
        Encoder("tensorflow")
    with pytest.raises(ValueError, match="unknown ONNX variant"):
        exported_model(model_path(), "int4")
    assert Encoder("onnx").encode([]).shape == (0, 384)

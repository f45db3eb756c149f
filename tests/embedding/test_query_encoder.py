"""Which encoder a serving process embeds single texts with."""

from __future__ import annotations

import logging

import pytest

from assistant.embedding import encoder as encoder_module
from assistant.embedding.encoder import query_encoder
from assistant.errors import AssistantError
from assistant.settings import EmbeddingSettings


def test_serving_uses_onnx_by_default_when_installed() -> None:
    pytest.importorskip("onnxruntime")
    assert query_encoder(EmbeddingSettings()).backend == "onnx"
    assert query_encoder(EmbeddingSettings(query_backend="torch")).backend == "torch"
    # empty = the batch backend
    assert query_encoder(EmbeddingSettings(query_backend="")).backend == "torch"


def test_without_onnx_runtime_it_falls_back_to_torch_and_says_so(monkeypatch, caplog) -> None:
    monkeypatch.setattr(encoder_module, "onnx_available", lambda: False)
    with caplog.at_level(logging.WARNING, logger="assistant.embedding.encoder"):
        chosen = query_encoder(EmbeddingSettings(query_backend="onnx"))
    assert chosen.backend == "torch"
    assert "needs onnx and onnxruntime" in caplog.text
    chosen = query_encoder(EmbeddingSettings(backend="onnx-int8", query_backend="onnx-int8"))
    assert chosen.backend == "torch"


def test_unknown_query_backend_is_a_clear_error() -> None:
    with pytest.raises(AssistantError, match="unknown query encoder backend"):
        query_encoder(EmbeddingSettings(query_backend="tensorflow"))

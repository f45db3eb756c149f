"""all-MiniLM-L6-v2 on ONNX Runtime: exported locally from the packaged model folder.

sentence-transformers' own ONNX backend needs ``optimum-onnx``, whose releases pin
``transformers<4.58`` (this project runs transformers 5), so the export is done here with
``torch.onnx.export`` from the same local folder (never a hub download). The exported graph
contains the whole sentence-transformers pipeline after tokenisation: BERT, mean pooling over
the attention mask and L2 normalisation. ONNX Runtime's transformer optimiser then fuses
attention / LayerNorm / GELU, and the optional int8 variant is a dynamic quantisation of the
optimised graph's weights.

Exports are cached under the user cache dir (``$XDG_CACHE_HOME`` or ``~/.cache``)
``/shopping-assistant/onnx/<model-fingerprint>/`` and written atomically, so concurrent
processes at worst export twice.
"""

from __future__ import annotations

import hashlib
import json
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import numpy as np

from assistant.errors import AssistantError

OPSET = 17
VARIANTS = ("fp32", "int8")


def cache_root() -> Path:
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "shopping-assistant" / "onnx"


def model_fingerprint(model_dir: Path) -> str:
    """Changes when the packaged weights or tokenizer change (size + mtime, cheap)."""
    digest = hashlib.sha256()
    for name in ("model.safetensors", "tokenizer.json", "config.json"):
        stat = (model_dir / name).stat()
        digest.update(f"{name}:{stat.st_size}:{int(stat.st_mtime)}".encode())
    digest.update(f"opset{OPSET}".encode())
    return digest.hexdigest()[:16]


def exported_model(model_dir: Path, variant: str = "fp32", cache: Path | None = None) -> Path:
    """Path of the ONNX file for ``variant`` (exported on first use, then cached)."""
    if variant not in VARIANTS:
        raise ValueError(f"unknown ONNX variant {variant!r}; expected one of {VARIANTS}")
    folder = (cache or cache_root()) / model_fingerprint(model_dir)
    target = folder / f"model-{variant}.onnx"
    if target.is_file():
        return target
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fp32 = folder / "model-fp32.onnx"
        if not fp32.is_file():
            _atomic(fp32, lambda tmp: _export_fp32(model_dir, tmp))
        if variant == "int8":
            _atomic(target, lambda tmp: _quantize_int8(fp32, tmp))
    except ImportError as exc:
        raise AssistantError(
            f"the onnx encoder backend needs onnx and onnxruntime ({exc.name} is missing): "
            "pip install onnx onnxruntime"
        ) from None
    except OSError as exc:
        raise AssistantError(f"cannot write the ONNX export under {folder}: {exc}") from None
    return target


def _atomic(target: Path, write: Any) -> None:
    fd, name = tempfile.mkstemp(prefix=target.stem + ".", suffix=".tmp", dir=target.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        tmp.chmod(0o644)
        os.replace(tmp, target)
    finally:
        tmp.unlink(missing_ok=True)


def _export_fp32(model_dir: Path, out: Path) -> None:
    import torch
    from transformers import AutoModel

    bert = AutoModel.from_pretrained(str(model_dir), attn_implementation="eager").eval()

    class Pooled(torch.nn.Module):
        def __init__(self) -> None:
            super().__init__()
            self.bert = bert

        def forward(self, input_ids: Any, attention_mask: Any, token_type_ids: Any) -> Any:
            hidden = self.bert(
                input_ids=input_ids, attention_mask=attention_mask, token_type_ids=token_type_ids
            ).last_hidden_state
            mask = attention_mask.unsqueeze(-1).to(hidden.dtype)
            mean = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            return torch.nn.functional.normalize(mean, p=2.0, dim=1)

    sample = torch.ones((2, 8), dtype=torch.long)
    raw = out.with_suffix(".raw.onnx")
    try:
        with torch.no_grad():
            torch.onnx.export(
                Pooled(),
                (sample, sample, torch.zeros_like(sample)),
                str(raw),
                input_names=["input_ids", "attention_mask", "token_type_ids"],
                output_names=["sentence_embedding"],
                dynamic_axes={
                    "input_ids": {0: "batch", 1: "seq"},
                    "attention_mask": {0: "batch", 1: "seq"},
                    "token_type_ids": {0: "batch", 1: "seq"},
                    "sentence_embedding": {0: "batch"},
                },
                opset_version=OPSET,
                dynamo=False,
            )
        _optimize(
            raw,
            out,
            hidden_size=int(bert.config.hidden_size),
            heads=int(bert.config.num_attention_heads),
        )
    finally:
        raw.unlink(missing_ok=True)


def _optimize(raw: Path, out: Path, hidden_size: int, heads: int) -> None:
    """Fuse attention, LayerNorm and GELU with ONNX Runtime's transformer optimiser."""
    from onnxruntime.transformers.optimizer import optimize_model

    model = optimize_model(
        str(raw), model_type="bert", num_heads=heads, hidden_size=hidden_size, opt_level=1
    )
    model.save_model_to_file(str(out))


def _quantize_int8(fp32: Path, out: Path) -> None:
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    # fused (com.microsoft) nodes defeat shape inference: tell the quantiser the default type
    quantize_dynamic(
        str(fp32),
        str(out),
        weight_type=QuantType.QInt8,
        per_channel=True,
        extra_options={"DefaultTensorType": onnx.TensorProto.FLOAT},
    )


class OnnxSentenceEncoder:
    """Tokenise (the packaged ``tokenizer.json``), run the exported graph, return unit vectors.

    Texts are sorted by length before batching so that padding stays small, like
    sentence-transformers does; output rows follow the input order.
    """

    def __init__(
        self, model_dir: Path, variant: str = "fp32", threads: int = 0, cache: Path | None = None
    ) -> None:
        import onnxruntime as ort
        from tokenizers import Tokenizer

        path = exported_model(model_dir, variant, cache)
        config = json.loads((model_dir / "sentence_bert_config.json").read_text("utf-8"))
        self.max_seq_length = int(config.get("max_seq_length", 256))
        self.tokenizer = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self.tokenizer.enable_truncation(self.max_seq_length)
        self.tokenizer.no_padding()
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_ALL
        if threads:
            options.intra_op_num_threads = threads
        options.inter_op_num_threads = 1
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self.path = path
        self.variant = variant

    def encode(self, texts: Sequence[str], batch_size: int = 64) -> np.ndarray:
        encodings = self.tokenizer.encode_batch(list(texts))
        order = np.argsort([-len(e.ids) for e in encodings], kind="stable")
        out: np.ndarray | None = None
        for start in range(0, len(order), batch_size):
            rows = order[start : start + batch_size]
            width = max(len(encodings[i].ids) for i in rows)
            ids = np.zeros((len(rows), width), dtype=np.int64)
            mask = np.zeros((len(rows), width), dtype=np.int64)
            for r, i in enumerate(rows):
                n = len(encodings[i].ids)
                ids[r, :n] = encodings[i].ids
                mask[r, :n] = 1
            (vectors,) = self.session.run(
                None,
                {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)},
            )
            if out is None:
                out = np.empty((len(texts), vectors.shape[1]), dtype=np.float32)
            out[rows] = vectors
        assert out is not None
        return out

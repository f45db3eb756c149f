"""``index build --engine ray`` on a local Ray instance gives the local build's index."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from assistant.catalog import load_catalog
from assistant.indexing.builder import IndexBuilder
from assistant.indexing.product_index import ProductIndex
from assistant.settings import Settings

from .conftest import small_catalog_rows, write_jsonl

REPO = Path(__file__).resolve().parents[2]

pytest.importorskip(
    "ray.data", reason="Ray is not installed: pip install '.[ray]' (scripts/bootstrap.sh does)"
)


def test_ray_build_matches_the_local_build(tmp_path: Path, encoder) -> None:
    rows = small_catalog_rows(150)
    rows.append({"product_id": "", "title": "no id: rejected"})  # rejects are the same too
    catalog = write_jsonl(tmp_path / "catalog.jsonl", rows)
    local_out = tmp_path / "local"
    IndexBuilder(Settings(), encoder).build(load_catalog(catalog), local_out)

    ray_out = tmp_path / "ray"
    env = {**os.environ, "HF_HUB_OFFLINE": "1", "RAY_ENABLE_UV_RUN_RUNTIME_ENV": "0"}
    cmd = [sys.executable, "-m", "assistant", "index", "build", "--catalog", str(catalog),
           "--out", str(ray_out), "--engine", "ray", "--workers", "2"]  # fmt: skip
    done = subprocess.run(cmd, cwd=REPO, env=env, capture_output=True, text=True, timeout=900)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(done.stdout)
    assert report["products"] == 150 and report["rejected"] == 1

    local, remote = ProductIndex.load(local_out), ProductIndex.load(ray_out)
    # (fingerprints differ only by the CLI's build options: preset / map)
    assert remote.manifest.model == local.manifest.model
    assert remote.manifest.index_kind == local.manifest.index_kind
    assert remote.products["product_id"].tolist() == local.products["product_id"].tolist()
    np.testing.assert_allclose(np.asarray(remote.vectors), np.asarray(local.vectors), atol=1e-5)
    assert remote.dense.ntotal == local.dense.ntotal == 150


def test_address_without_the_ray_engine_is_a_clear_error(tmp_path: Path) -> None:
    catalog = write_jsonl(tmp_path / "c.jsonl", small_catalog_rows(3))
    cmd = [sys.executable, "-m", "assistant", "index", "build", "--catalog", str(catalog),
           "--out", str(tmp_path / "x"), "--address", "10.0.0.1:6379"]  # fmt: skip
    done = subprocess.run(cmd, cwd=REPO, capture_output=True, text=True, timeout=300)
    assert done.returncode == 2 and "--address needs --engine ray" in done.stderr
    assert "Traceback" not in done.stderr


def test_ray_embedder_validates_its_arguments() -> None:
    from assistant.indexing.ray_build import RayEmbedder

    with pytest.raises(ValueError):
        RayEmbedder(Settings().embedding, workers=-1)
    with pytest.raises(ValueError):
        RayEmbedder(Settings().embedding, batch_size=0)

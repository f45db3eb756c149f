"""Index build: artifacts, fingerprint skip, atomic swap (failed and killed builds), update."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from assistant.catalog import load_catalog
from assistant.errors import AssistantError, IndexLoadError
from assistant.indexing import layout
from assistant.indexing.builder import REJECTS_FILE, IndexBuilder
from assistant.indexing.lexical import LexicalIndex
from assistant.indexing.product_index import ProductIndex
from assistant.settings import Settings

from .conftest import small_catalog_rows, write_jsonl

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def builder(encoder) -> IndexBuilder:
    return IndexBuilder(Settings(), encoder)


def test_build_writes_a_complete_verified_index(builder, small_catalog, tmp_path, encoder):
    out = tmp_path / "index"
    report = builder.build(load_catalog(small_catalog), out)
    assert report.products == 24 and report.embedded == 24 and not report.skipped
    index = ProductIndex.load(out)
    assert (out / "current").is_symlink()
    assert len(index) == 24 and index.vectors.shape == (24, 384)
    assert index.dense.ntotal == 24 and index.manifest.index_kind == "flat"
    assert set(index.manifest.files) >= {"products.parquet", "vectors.npy", "dense.faiss"}
    # the stored vector is the encoder's vector of the product's dense text
    row = index.row_of["S004"]
    text = load_catalog(small_catalog).products[4].dense_text()
    assert np.allclose(index.vectors[row], encoder.encode([text])[0], atol=1e-5)
    assert index.product_by_id("S004")["title"] == "Espresso Machine 4"


def test_unchanged_catalog_is_not_rebuilt(builder, small_catalog, tmp_path):
    out = tmp_path / "index"
    first = builder.build(load_catalog(small_catalog), out)
    second = builder.build(load_catalog(small_catalog), out)
    assert second.skipped and second.embedded == 0
    assert second.fingerprint == first.fingerprint
    forced = builder.build(load_catalog(small_catalog), out, force=True)
    assert not forced.skipped and forced.embedded == 24
    rows = small_catalog_rows()
    rows[0]["title"] = "Renamed product"
    changed = builder.build(load_catalog(write_jsonl(small_catalog, rows)), out)
    assert not changed.skipped and changed.fingerprint != first.fingerprint


def test_failed_build_leaves_previous_index_serving(builder, small_catalog, tmp_path, monkeypatch):
    out = tmp_path / "index"
    builder.build(load_catalog(small_catalog), out)
    before = ProductIndex.load(out).fingerprint

    def broken_fit(self, texts):
        raise OSError("disk full")

    monkeypatch.setattr(LexicalIndex, "fit", broken_fit)
    rows = small_catalog_rows(30)
    with pytest.raises(AssistantError, match="disk full"):
        builder.build(load_catalog(write_jsonl(tmp_path / "new.jsonl", rows)), out)
    index = ProductIndex.load(out)
    assert index.fingerprint == before and len(index) == 24
    assert not list((out / "builds").glob(".tmp-*"))  # the partial build was cleaned up


def _build_cmd(catalog: Path, out: Path) -> list[str]:
    return [sys.executable, "-m", "assistant", "index", "build", "--catalog", str(catalog),
            "--out", str(out), "--force"]  # fmt: skip


def _run_until(cmd: list[str], log: Path, ready) -> bool:
    """Start ``cmd``; SIGKILL it as soon as ``ready()`` holds. False if it ended first."""
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    with log.open("w") as err:
        proc = subprocess.Popen(cmd, cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=err)
        deadline = time.monotonic() + 300
        while time.monotonic() < deadline and proc.poll() is None:
            if ready():
                proc.send_signal(signal.SIGKILL)
                proc.wait()
                return True
            time.sleep(0.002)
        proc.wait()
    return False


def test_killed_build_leaves_previous_index_serving(builder, small_catalog, tmp_path):
    """SIGKILL while embedding and while writing files: `current` is never touched."""
    out = tmp_path / "index"
    builder.build(load_catalog(small_catalog), out)
    before = ProductIndex.load(out).fingerprint
    big = write_jsonl(tmp_path / "big.jsonl", small_catalog_rows(1500))
    log = tmp_path / "stderr.txt"

    def tmp_dirs() -> list[Path]:
        return list((out / "builds").glob(".tmp-*"))

    def embedding_started() -> bool:
        return "embedding:" in log.read_text(errors="replace") and "%|" in log.read_text(
            errors="replace"
        )

    assert _run_until(_build_cmd(big, out), log, embedding_started)
    assert not tmp_dirs()
    assert ProductIndex.load(out).fingerprint == before

    assert _run_until(_build_cmd(big, out), log, lambda: bool(tmp_dirs())), (
        "the build finished before it could be killed while writing"
    )
    assert tmp_dirs()  # the killed build left its partial directory behind...
    index = ProductIndex.load(out)  # ...but the served index is intact (checksums verified)
    assert index.fingerprint == before and len(index) == 24
    # a later build clears the killed build's leftovers and publishes normally
    report = builder.build(load_catalog(small_catalog), out, force=True)
    assert not tmp_dirs()
    assert ProductIndex.load(out).fingerprint == report.fingerprint


def test_update_upserts_deletes_and_embeds_only_changes(builder, small_catalog, tmp_path):
    out = tmp_path / "index"
    builder.build(load_catalog(small_catalog), out)
    old = ProductIndex.load(out)
    old_vec = np.array(old.vectors[old.row_of["S002"]])
    changes = tmp_path / "changes.jsonl"
    write_jsonl(
        changes,
        [
            {"product_id": "S001", "title": "Completely New Title", "price": 5},
            {"product_id": "S002", "title": "Merino Wool Sweater 2", "price": 1.5,
             "description": "A green merino wool sweater for everyday use.", "brand": "North Ridge",
             "category": "Clothing > Knitwear", "color": "green", "size": "L"},
            {"product_id": "S003", "deleted": True},
            {"product_id": "NEW1", "title": "Camp Mug", "price": 12},
        ],
    )  # fmt: skip
    report = builder.update(load_catalog(changes), out)
    assert report.embedded == 2  # S001 (new text) and NEW1; S002 changed only its price
    assert report.deleted == 1
    new = ProductIndex.load(out)
    assert len(new) == 24  # 24 - 1 deleted + 1 new
    assert new.product_by_id("S003") is None
    assert new.product_by_id("NEW1")["title"] == "Camp Mug"
    assert new.product_by_id("S002")["price"] == 1.5
    assert np.allclose(new.vectors[new.row_of["S002"]], old_vec)
    assert new.product_by_id("S001")["title"] == "Completely New Title"
    assert new.dense.ntotal == 24 and new.fingerprint != old.fingerprint


def test_update_sync_deletes_products_missing_from_the_file(builder, small_catalog, tmp_path):
    out = tmp_path / "index"
    builder.build(load_catalog(small_catalog), out)
    keep = write_jsonl(tmp_path / "keep.jsonl", small_catalog_rows(10))
    report = builder.update(load_catalog(keep), out, sync=True)
    assert report.deleted == 14 and report.embedded == 0
    assert len(ProductIndex.load(out)) == 10


def test_update_with_some_columns_changes_only_those_fields(builder, small_catalog, tmp_path):
    out = tmp_path / "index"
    builder.build(load_catalog(small_catalog), out)
    before = ProductIndex.load(out).product_by_id("S002")
    prices = tmp_path / "prices.csv"
    prices.write_text(f'product_id,title,price\nS002,"{before["title"]}",1.25\n', encoding="utf-8")
    report = builder.update(load_catalog(prices), out)
    assert report.embedded == 0 and report.deleted == 0
    after = ProductIndex.load(out).product_by_id("S002")
    assert after["price"] == 1.25
    for name in ("description", "brand", "category", "color", "rating", "image_url"):
        assert after[name] == before[name], name


def test_update_sync_keeps_a_product_whose_row_was_rejected(builder, small_catalog, tmp_path):
    out = tmp_path / "index"
    builder.build(load_catalog(small_catalog), out)
    rows = small_catalog_rows(10)
    rows[0] = {**rows[0], "price": "abc"}  # present in the file, but the row is rejected
    changes = load_catalog(write_jsonl(tmp_path / "keep.jsonl", rows))
    assert [r.product_id for r in changes.rejects] == [rows[0]["product_id"]]
    report = builder.update(changes, out, sync=True)
    assert report.deleted == 14
    kept = ProductIndex.load(out)
    assert len(kept) == 10 and kept.product_by_id(rows[0]["product_id"]) is not None


def test_corrupted_or_truncated_files_are_detected(builder, small_catalog, tmp_path):
    out = tmp_path / "index"
    builder.build(load_catalog(small_catalog), out)
    root = layout.resolve(out)
    vectors = root / "vectors.npy"
    data = vectors.read_bytes()
    vectors.write_bytes(data[: len(data) // 2])
    with pytest.raises(IndexLoadError):
        ProductIndex.load(out)
    vectors.write_bytes(data[:-4] + b"\x00\x00\x80\x7f")  # same size, altered bytes
    with pytest.raises(IndexLoadError, match="checksum"):
        ProductIndex.load(out)
    (root / "manifest.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(IndexLoadError, match="damaged"):
        ProductIndex.load(out)


def test_missing_index_is_a_clear_error(tmp_path):
    with pytest.raises(IndexLoadError, match="no index"):
        ProductIndex.load(tmp_path / "nothing")


def test_rejects_file_describes_the_latest_load_only(builder, small_catalog, tmp_path):
    out = tmp_path / "index"
    rows = small_catalog_rows(24)
    bad = write_jsonl(tmp_path / "bad.jsonl", [*rows, {"product_id": "", "title": "no id"}])
    report = builder.build(load_catalog(bad), out)
    assert report.rejects_file == str(out / REJECTS_FILE) and (out / REJECTS_FILE).is_file()
    report = builder.build(load_catalog(small_catalog), out)
    assert report.rejects_file is None and not (out / REJECTS_FILE).exists()


def test_a_json_lines_update_changes_only_the_fields_each_row_has(builder, small_catalog, tmp_path):
    out = tmp_path / "index"
    builder.build(load_catalog(small_catalog), out)
    before = ProductIndex.load(out)
    s1, s2 = before.product_by_id("S001"), before.product_by_id("S002")
    changes = write_jsonl(
        tmp_path / "rows.jsonl",
        [
            {"product_id": "S001", "title": s1["title"], "price": 1.0},
            {"product_id": "S002", "title": s2["title"], "color": "red"},
        ],
    )
    builder.update(load_catalog(changes), out)
    after = ProductIndex.load(out)
    assert after.product_by_id("S001")["price"] == 1.0
    assert after.product_by_id("S001")["color"] == s1["color"]  # not in that row: kept
    assert after.product_by_id("S002")["color"] == "red"
    assert after.product_by_id("S002")["price"] == s2["price"]

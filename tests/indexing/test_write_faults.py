"""Disk full and read-only index directories: a clear error, and the served index survives."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.catalog import load_catalog
from assistant.errors import AssistantError
from assistant.indexing.builder import IndexBuilder
from assistant.indexing.product_index import ProductIndex
from assistant.settings import Settings

from .conftest import small_catalog_rows, write_jsonl

REPO = Path(__file__).resolve().parents[2]

# Runs a build in a child whose files may not grow past 64 KiB (RLIMIT_FSIZE): exactly what a
# full disk looks like to the writer (EFBIG instead of ENOSPC, the same OSError path).
DISK_FULL_CHILD = """
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
resource.setrlimit(resource.RLIMIT_FSIZE, (64 * 1024, 64 * 1024))
from assistant.cli import main
sys.exit(main(["index", "build", "--catalog", sys.argv[1], "--out", sys.argv[2], "--force"]))
"""


def test_disk_full_during_build(encoder, small_catalog, tmp_path):
    out = tmp_path / "index"
    IndexBuilder(Settings(), encoder).build(load_catalog(small_catalog), out)
    before = ProductIndex.load(out).fingerprint
    big = write_jsonl(tmp_path / "big.jsonl", small_catalog_rows(120))
    proc = subprocess.run(
        [sys.executable, "-c", DISK_FULL_CHILD, str(big), str(out)],
        capture_output=True, text=True, cwd=REPO, timeout=300,
        env={**os.environ, "HF_HUB_OFFLINE": "1"},
    )  # fmt: skip
    assert proc.returncode == 2, proc.stderr[-2000:]
    last = proc.stderr.strip().splitlines()[-1]
    assert last.startswith("error: cannot write the index into") and "Traceback" not in proc.stderr
    assert "previous index" in last
    assert ProductIndex.load(out).fingerprint == before
    assert not list((out / "builds").glob(".tmp-*"))


@pytest.fixture
def read_only_dir(tmp_path):
    """A directory nobody can write into (``chattr +i`` as root, mode 0555 otherwise)."""
    path = tmp_path / "locked"
    path.mkdir()
    if os.geteuid() == 0:
        if not shutil.which("chattr"):
            pytest.skip("running as root without chattr: cannot make a read-only directory")
        if subprocess.run(["chattr", "+i", str(path)], capture_output=True).returncode != 0:
            pytest.skip("this filesystem does not support chattr +i")
        yield path
        subprocess.run(["chattr", "-i", str(path)], check=True)
    else:
        path.chmod(0o555)
        yield path
        path.chmod(0o755)


def test_read_only_index_directory(encoder, small_catalog, read_only_dir):
    with pytest.raises(AssistantError, match="cannot write the index into"):
        IndexBuilder(Settings(), encoder).build(load_catalog(small_catalog), read_only_dir)
    assert not any(read_only_dir.iterdir())

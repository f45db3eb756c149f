"""Session-wide fixtures shared by every test package.

Heavy things (the embedding model, a built demo index) are created once per session.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_HUB_DISABLE_TELEMETRY", "1")
os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
os.environ.setdefault("NO_PROXY", "127.0.0.1,localhost")

REPO = Path(__file__).resolve().parents[1]
SHARED_DATA = REPO.parent / "shared" / "data"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    return REPO


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """``../shared/data``; tests that need it skip with a clear message when it is absent."""
    if not SHARED_DATA.is_dir():
        pytest.skip(
            f"evaluation data not found at {SHARED_DATA} (only CI and dev machines have it)"
        )
    return SHARED_DATA


@pytest.fixture(scope="session")
def encoder():
    """The real all-MiniLM-L6-v2 encoder, loaded once per session."""
    from assistant.embedding import default_encoder

    enc = default_encoder()
    enc.encode(["warm-up"])
    return enc


@pytest.fixture(scope="session")
def demo_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The default demo shop (catalog, images, shoppers, interactions, orders), written once."""
    from assistant.demo import generate_demo

    out = tmp_path_factory.mktemp("demo-shop")
    generate_demo(out)
    return out


@pytest.fixture(scope="session")
def demo_index_dir(demo_dir: Path, encoder, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A real index (MiniLM + FAISS + BM25) of the demo catalog with a CF model beside it.

    Built under ``.cache/tests/`` so that a later run on an unchanged catalog and code skips
    the embedding (the builder's own fingerprint check); CI starts from a clean clone.
    Read-only for tests: build your own index in ``tmp_path`` to test writes."""
    from assistant.catalog import load_catalog
    from assistant.indexing.builder import IndexBuilder
    from assistant.recommend.interactions import read_event_file
    from assistant.recommend.training import train_personalizer
    from assistant.settings import Settings

    out = REPO / ".cache" / "tests" / "demo-index"
    IndexBuilder(Settings(), encoder).build(load_catalog(demo_dir / "catalog.jsonl"), out)
    events = list(read_event_file(demo_dir / "interactions.csv"))
    cf = tmp_path_factory.mktemp("demo-cf")
    train_personalizer(events, Settings().cf).save(cf / "cf")
    (cf / "current").symlink_to(out.resolve() / "current")
    return cf


@pytest.fixture(scope="session")
def demo_index(demo_index_dir: Path):
    from assistant.indexing.product_index import ProductIndex

    return ProductIndex.load(demo_index_dir)

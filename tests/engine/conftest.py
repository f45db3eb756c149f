"""Engine fixtures: one Assistant over the shared demo index, and tiny indexes of our own."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

TINY = [
    {"product_id": "T1", "title": "Studio Grip Yoga Mat", "brand": "Zenform",
     "category": "Sports > Yoga", "price": 44.99, "color": "blue", "rating": 4.6,
     "review_count": 24, "description": "A non-slip yoga mat made of TPE.",
     "attributes": {"material": "TPE", "waterproof": "yes", "care": "wipe clean"}},
    {"product_id": "T2", "title": "Cork Yoga Block", "brand": "Kinetic",
     "category": "Sports > Yoga", "price": 12.5, "color": "beige", "rating": 4.2,
     "review_count": 8, "description": "A firm cork block for yoga.",
     "attributes": {"material": "cork"}},
    {"product_id": "T3", "title": "Travel Yoga Mat", "brand": "Kinetic",
     "category": "Sports > Yoga", "price": 29.0, "color": "pink", "rating": 4.0,
     "review_count": 50, "description": "A light foldable yoga mat for travel.",
     "attributes": {"material": "natural rubber", "weight": "900 g"}},
    {"product_id": "T4", "title": "Ridge Dome Tent", "brand": "Wildpine",
     "category": "Outdoor > Tents", "price": 199.0, "color": "green", "rating": 4.4,
     "review_count": 31, "description": "A two-person waterproof backpacking tent.",
     "attributes": {"waterproof": "yes", "weight": "2.1 kg"}},
    {"product_id": "T5", "title": "Trail Running Shoe", "brand": "Pacer",
     "category": "Shoes > Running", "price": 89.99, "color": "blue", "rating": 4.1,
     "review_count": 12, "description": "A grippy trail running shoe with a leather heel.",
     "attributes": {"material": "mesh and leather", "waterproof": "no"}},
    {"product_id": "T6", "title": "Road Running Shoe", "brand": "Pacer",
     "category": "Shoes > Running", "price": 74.99, "color": "black", "rating": 3.9,
     "review_count": 40, "description": "A light road running shoe.",
     "attributes": {"material": "mesh", "care": "machine washable at 30°C"}},
]  # fmt: skip


def write_catalog(path: Path, rows: list[dict]) -> Path:
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def build_index(catalog: Path, out: Path, encoder) -> Path:
    from assistant.catalog import load_catalog
    from assistant.indexing.builder import IndexBuilder
    from assistant.settings import Settings

    IndexBuilder(Settings(), encoder).build(load_catalog(catalog), out)
    return out


def engine_settings(data_dir: Path):
    from assistant.settings import Settings

    settings = Settings()
    settings.data_dir = data_dir
    settings.generation.backend = "template"
    return settings


@pytest.fixture(scope="session")
def bot(demo_index_dir: Path, encoder, tmp_path_factory: pytest.TempPathFactory):
    """The Assistant over the demo index, template replies, its own SQLite store."""
    from assistant.engine.assistant import Assistant

    settings = engine_settings(tmp_path_factory.mktemp("engine-store"))
    assistant = Assistant.load(demo_index_dir, settings, encoder=encoder)
    yield assistant
    assistant.close()


@pytest.fixture()
def tiny_shop(encoder, tmp_path: Path):
    """``build(rows) -> index dir`` (same directory each call, a new build each time), the
    tiny catalog rows and settings with a store in ``tmp_path``."""

    def build(rows: list[dict]) -> Path:
        return build_index(
            write_catalog(tmp_path / "catalog.jsonl", rows), tmp_path / "index", encoder
        )

    return build, [dict(r) for r in TINY], engine_settings(tmp_path / "data")

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.store import SQLiteStore, open_store


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "store" / "assistant.sqlite3"


@pytest.fixture
def store(db_path: Path):
    s = open_store(str(db_path))
    assert isinstance(s, SQLiteStore)
    yield s
    s.close()

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli import main


def _lines(capsys: pytest.CaptureFixture[str]) -> list[dict]:
    return [json.loads(x) for x in capsys.readouterr().out.strip().splitlines()]


def test_profile_lifecycle_from_the_command_line(
    tmp_path: Path, demo_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    db = str(tmp_path / "cli.sqlite3")
    catalog = str(demo_dir / "catalog.jsonl")
    assert main(["events", "import", str(demo_dir / "interactions.csv"), "--store", db]) == 0
    capsys.readouterr()
    assert main(["profile", "refresh", "--user", "u003", "--store", db, "--catalog", catalog]) == 0
    assert _lines(capsys)[-1]["inferred"] > 0
    assert main(["profile", "show", "--user", "u003", "--store", db]) == 0
    view = _lines(capsys)[-1]
    brand = next(i for i in view["items"] if i["kind"] == "brand")
    assert brand["evidence"] and brand["source"] == "inferred" and not view["hidden"]

    assert main(["profile", "remove", "--user", "u003", brand["key"], "--store", db]) == 0
    assert _lines(capsys)[-1]["existed"] is True
    main(["profile", "refresh", "--user", "u003", "--store", db, "--catalog", catalog])
    main(["profile", "show", "--user", "u003", "--store", db])
    assert brand["key"] not in {i["key"] for i in _lines(capsys)[-1]["items"]}

    text = "I'm a size 10 and I hate leather"
    assert main(["profile", "capture", "--user", "u003", text, "--store", db]) == 0
    keys = {i["key"] for i in _lines(capsys)[-1]["captured"]}
    assert keys == {"size:shoes", "exclude:leather"}
    assert main(["profile", "correct", "--user", "u003", "size:shoes", "11", "--store", db]) == 0
    assert _lines(capsys)[-1]["item"]["value"] == "11"

    assert main(["privacy", "personalization", "--user", "u003", "off", "--store", db]) == 0
    main(["profile", "show", "--user", "u003", "--store", db])
    view = _lines(capsys)[-1]
    assert view["hidden"] is True and view["items"] == []
    assert main(["privacy", "forget", "--user", "u003", "--store", db]) == 0
    assert _lines(capsys)[-1]["profile_facts"] > 0
    from assistant.profile.service import FORGOTTEN_KEY
    from assistant.store import open_store

    with open_store(db) as store:  # kept orders will not rebuild the profile
        assert set(store.profile_facts("u003")) == {FORGOTTEN_KEY}


def test_bad_key_is_one_line_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    db = str(tmp_path / "cli.sqlite3")
    assert main(["profile", "show", "--user", "u1", "--store", db]) == 2  # a typo'd path
    assert "no store at" in capsys.readouterr().err
    assert main(["profile", "capture", "--user", "u1", "I'm a size 9", "--store", db]) == 0
    capsys.readouterr()
    assert main(["profile", "remove", "--user", "u1", "nonsense", "--store", db]) == 2
    assert "not a profile item key" in capsys.readouterr().err


def test_scenario_and_segments_json(demo_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["profile", "scenario", "a birthday present for my sister", "cheaper"]) == 0
    assert _lines(capsys)[-1]["scenario"] == "gift"
    argv = ["profile", "segments", "--catalog", str(demo_dir / "catalog.jsonl")]
    argv += ["--interactions", str(demo_dir / "interactions.csv"), "--k", "8"]
    assert main(argv) == 0
    out = _lines(capsys)[-1]
    assert out["k"] == 8 and sum(s["size"] for s in out["segments"]) == out["shoppers"]

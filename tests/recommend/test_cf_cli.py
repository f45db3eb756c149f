"""``assistant cf train`` / ``cf recommend`` per the contract, through the real CLI."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.events import Event

from .taste_data import group_of, taste_events


@pytest.fixture
def events_csv(tmp_path: Path) -> Path:
    path = tmp_path / "events.csv"
    taste_events().to_csv(path, index=False)
    return path


@pytest.fixture
def small_model_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("ASSISTANT_CF__FACTORS", "8")
    monkeypatch.setenv("ASSISTANT_CF__EASE_LAMBDA", "5")
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    return tmp_path


def test_train_then_recommend(events_csv, small_model_env, capsys) -> None:
    out = small_model_env / "model"
    assert main(["cf", "train", "--interactions", str(events_csv), "--out", str(out)]) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["model"] == "blend" and summary["items"] == 30 and summary["users"] == 60
    users = small_model_env / "users.txt"
    users.write_text("u0-1\n\nu2-2\nnobody\n", encoding="utf-8")
    code = main(
        [
            "cf",
            "recommend",
            "--model",
            str(out),
            "--users",
            str(users),
            "--k",
            "4",
            "--exclude-seen",
            "--json",
        ]
    )
    assert code == 0
    lines = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [line["user_id"] for line in lines] == ["u0-1", "u2-2", "nobody"]
    for line in lines:
        assert set(line) == {"user_id", "items", "reasons"}
        assert len(line["items"]) == 4 and set(line["reasons"]) == set(line["items"])
    seen = set(taste_events().query("user_id == 'u0-1'")["product_id"])
    assert not seen & set(lines[0]["items"])
    assert group_of(lines[1]["items"][0]) == 2
    assert all("unknown user" in r for r in lines[2]["reasons"].values())


def test_train_from_store(small_model_env, capsys) -> None:
    from assistant.settings import Settings
    from assistant.store import store_from_settings

    settings = Settings.load()
    rows = taste_events().itertuples(index=False)
    with store_from_settings(settings) as store:
        store.add_events(
            Event(r.user_id, r.product_id, r.event, r.value, r.timestamp) for r in rows
        )
    out = small_model_env / "m"
    assert main(["cf", "train", "--from-store", "--out", str(out)]) == 0
    assert json.loads(capsys.readouterr().out)["events"] == len(taste_events())
    assert (out / "manifest.json").is_file() and (out / "session" / "manifest.json").is_file()


def test_bad_input_is_one_clear_line(small_model_env, tmp_path, capsys) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("user_id,product_id,event\nu1,P1,teleport\n", encoding="utf-8")
    assert main(["cf", "train", "--interactions", str(bad)]) == 2
    assert "unknown event 'teleport'" in capsys.readouterr().err
    assert main(["cf", "train", "--interactions", str(tmp_path / "missing.csv")]) == 2
    assert "not found" in capsys.readouterr().err
    users = tmp_path / "u.txt"
    users.write_text("u1\n", encoding="utf-8")
    assert main(["cf", "recommend", "--model", str(tmp_path / "none"), "--users", str(users)]) == 2
    err = capsys.readouterr().err
    assert "no trained CF model" in err and "Traceback" not in err
    assert main(["cf", "train", "--interactions", str(bad), "--model", "nosuch"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: unknown CF model 'nosuch'") and "training" not in err

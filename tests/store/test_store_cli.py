from __future__ import annotations

import json
from pathlib import Path

import pytest

from assistant.cli import main
from assistant.events import Event
from assistant.store import open_store


def _json(capsys: pytest.CaptureFixture[str]) -> dict:
    return json.loads(capsys.readouterr().out.strip().splitlines()[-1])


def test_events_import_export_and_rejects(
    tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    src = tmp_path / "in.csv"
    src.write_text(
        "user_id,product_id,event,value,timestamp\nu1,p1,view,1,10\nu1,p2,fly,1,11\nu2,p3,like,,12\n",
        encoding="utf-8",
    )
    rejects = tmp_path / "rejects.jsonl"
    assert (
        main(["events", "import", str(src), "--store", str(db_path), "--rejects", str(rejects)])
        == 0
    )
    summary = _json(capsys)
    assert (summary["imported"], summary["rejected"], summary["events_in_store"]) == (2, 1, 2)
    assert summary["rejects"] == [{"line": 3, "reason": "unknown event 'fly'"}]
    assert [json.loads(x)["line"] for x in rejects.read_text().splitlines()] == [3]

    out = tmp_path / "out.jsonl"
    assert main(["events", "export", str(out), "--store", f"sqlite:///{db_path}"]) == 0
    assert _json(capsys) == {"path": str(out), "format": "jsonl", "exported": 2}
    assert [json.loads(x)["product_id"] for x in out.read_text().splitlines()] == ["p1", "p3"]

    assert (
        main(["events", "export", "-", "--format", "csv", "--user", "u2", "--store", str(db_path)])
        == 0
    )
    assert capsys.readouterr().out.splitlines() == [
        "user_id,product_id,event,value,timestamp",
        "u2,p3,like,1.0,12.0",
    ]


def test_events_import_errors_exit_2_without_traceback(
    tmp_path: Path, db_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text("user,item\nu1,p1\n", encoding="utf-8")
    assert main(["events", "import", str(bad), "--store", str(db_path)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("error: ") and "lacks column" in err and "Traceback" not in err
    assert main(["events", "import", str(tmp_path / "none.csv"), "--store", str(db_path)]) == 2


def test_privacy_forget_and_personalization(
    db_path: Path,
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ASSISTANT_INDEX_DIR", str(tmp_path / "no-index"))  # no CF model there
    with open_store(str(db_path)) as store:
        store.add_events([Event("u1", "p1", "view", 1.0, 1.0), Event("u2", "p1", "view", 1.0, 1.0)])
        store.add_turn("s1", "u1", "user", "hello")
    assert main(["privacy", "personalization", "--user", "u1", "off", "--store", str(db_path)]) == 0
    assert _json(capsys) == {"user_id": "u1", "personalization": False}
    assert main(["privacy", "forget", "--user", "u1", "--store", str(db_path)]) == 0
    report = _json(capsys)
    assert (report["events"], report["turns"], report["sessions"], report["user_row"]) == (
        1,
        1,
        1,
        1,
    )
    with open_store(str(db_path)) as store:
        assert store.user_events("u1") == [] and len(store.user_events("u2")) == 1
    assert main(["privacy", "forget", "--user", " ", "--store", str(db_path)]) == 2


def test_default_store_location_comes_from_settings(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("ASSISTANT_DATA_DIR", str(tmp_path / "data"))
    # reading or changing a store that is not there is an error, not a new empty store
    assert main(["privacy", "personalization", "--user", "u9", "on"]) == 2
    assert "no store at" in capsys.readouterr().err
    assert not (tmp_path / "data" / "assistant.sqlite3").exists()
    events = tmp_path / "events.csv"
    events.write_text("user_id,product_id,event,value,timestamp\nu9,p1,view,1,1700000000\n")
    assert main(["events", "import", str(events)]) == 0  # an import creates it
    assert (tmp_path / "data" / "assistant.sqlite3").is_file()
    capsys.readouterr()
    assert main(["privacy", "personalization", "--user", "u9", "off"]) == 0
    assert _json(capsys)["personalization"] is False
    assert main(["privacy", "personalization", "--user", "nobody", "off"]) == 2
    assert "no user 'nobody'" in capsys.readouterr().err


def test_forget_removes_the_user_from_the_cf_model(
    db_path: Path, capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    from assistant.recommend.personalizer import Personalizer
    from assistant.recommend.training import train_personalizer
    from assistant.settings import Settings

    events = [
        Event(f"u{u}", f"p{(u + i) % 12}", "purchase", 1.0, 1_700_000_000.0 + i)
        for u in range(8)
        for i in range(4)
    ]
    with open_store(str(db_path)) as store:
        store.add_events(events)
    cf_dir = tmp_path / "cf"
    train_personalizer(events, Settings().cf).save(cf_dir)
    assert Personalizer.load(cf_dir).knows("u3")
    args = ["privacy", "forget", "--user", "u3", "--store", str(db_path), "--cf-model", str(cf_dir)]
    assert main(args) == 0
    assert _json(capsys)["cf_model_retrained"] == str(cf_dir)
    again = Personalizer.load(cf_dir)
    assert not again.knows("u3") and again.knows("u4")

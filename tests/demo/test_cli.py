"""``assistant demo generate`` through the real CLI entry point."""

from __future__ import annotations

import json

from assistant.cli import main


def test_generate_prints_a_json_summary(tmp_path, capsys):
    out = tmp_path / "shop"
    code = main(
        [
            "demo",
            "generate",
            "--out",
            str(out),
            "--seed",
            "5",
            "--products",
            "300",
            "--shoppers",
            "30",
        ]
    )
    captured = capsys.readouterr()
    assert code == 0
    summary = json.loads(captured.out)
    assert summary["n_products"] == 300 and summary["n_shoppers"] == 30 and summary["seed"] == 5
    assert summary["n_categories"] == 13
    assert sum(summary["events"].values()) == summary["n_interactions"] > 0
    assert len((out / "catalog.jsonl").read_text().splitlines()) == 300
    assert summary["catalog_path"] == str(out / "catalog.jsonl")
    assert captured.out.count("\n") == 1  # one JSON document, nothing else on stdout


def test_bad_arguments_are_one_clear_error(tmp_path, capsys):
    assert main(["demo", "generate", "--out", str(tmp_path / "x"), "--products", "0"]) == 2
    err = capsys.readouterr().err
    assert "--products must be at least 1" in err and "Traceback" not in err
    a_file = tmp_path / "file.txt"
    a_file.write_text("keep me")
    assert main(["demo", "generate", "--out", str(a_file)]) == 2
    assert "not a directory" in capsys.readouterr().err
    assert a_file.read_text() == "keep me"

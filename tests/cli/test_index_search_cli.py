"""``assistant index ...`` and ``assistant search ...`` end to end on real files."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.cli import main

from ..indexing.conftest import small_catalog_rows, write_jsonl

REPO = Path(__file__).resolve().parents[2]


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture(scope="module")
def built(tmp_path_factory, encoder) -> Path:
    """A small index built through the CLI (module-scoped: built once)."""
    root = tmp_path_factory.mktemp("cli")
    rows = small_catalog_rows(30)
    rows.append({"product_id": "", "title": "no id"})  # rejected, reported
    catalog = write_jsonl(root / "catalog.jsonl", rows)
    code = main(["index", "build", "--catalog", str(catalog), "--out", str(root / "index")])
    assert code == 0
    return root


def test_build_reports_json_and_rejects(built, capsys):
    code, out, err = run_cli(
        capsys, "index", "build", "--catalog", str(built / "catalog.jsonl"),
        "--out", str(built / "index"),
    )  # fmt: skip
    assert code == 0
    report = json.loads(out)
    assert report["skipped"] is True and report["products"] == 30 and report["rejected"] == 1
    assert "1 row(s) rejected" in err and "missing product_id" in err
    rejects = (built / "index" / "rejects.csv").read_text(encoding="utf-8")
    assert "missing product_id" in rejects and "31" in rejects


def test_info(built, capsys):
    code, out, _ = run_cli(capsys, "index", "info", "--index", str(built / "index"))
    info = json.loads(out)
    assert code == 0 and info["products"] == 30 and info["index_kind"] == "flat"
    assert info["fingerprint"] and info["bytes"] > 30 * 384 * 4
    assert info["build_seconds"] > 0 and "vectors.npy" in info["files"]


def test_search_json_contract(built, capsys):
    code, out, _ = run_cli(
        capsys, "search", "waterproof hiking boot", "--index", str(built / "index"),
        "--k", "3", "--json", "--price-max", "150",
    )  # fmt: skip
    assert code == 0
    doc = json.loads(out)
    assert doc["query"] == "waterproof hiking boot" and doc["filters"] == {"price_max": 150.0}
    assert len(doc["results"]) == 3
    first = doc["results"][0]
    assert {"product_id", "title", "price", "brand", "image_url", "score", "reasons"} <= set(first)
    assert {"fused", "dense", "lexical"} <= set(first["scores"])
    assert "Hiking Boot" in first["title"]
    assert all(r["price"] <= 150 for r in doc["results"])
    assert [r["rank"] for r in doc["results"]] == [1, 2, 3]


def test_search_queries_file(built, capsys, tmp_path):
    queries = tmp_path / "q.txt"
    queries.write_text("q1\tyoga mat\n\ncast iron skillet\n", encoding="utf-8")
    code, out, _ = run_cli(
        capsys, "search", "--queries", str(queries), "--index", str(built / "index"), "--json",
        "--k", "2",
    )  # fmt: skip
    lines = [json.loads(line) for line in out.splitlines()]
    assert code == 0 and [d["id"] for d in lines] == ["q1", "3"]
    assert "Yoga Mat" in lines[0]["results"][0]["title"]
    assert "Skillet" in lines[1]["results"][0]["title"]


def test_update_through_the_cli(built, capsys, tmp_path):
    import shutil

    index = tmp_path / "index"
    shutil.copytree(built / "index", index, symlinks=True)
    changes = tmp_path / "changes.csv"
    changes.write_text("product_id,title,price\nS000,Brand New Lantern,19\n", encoding="utf-8")
    code, out, _ = run_cli(
        capsys, "index", "update", "--catalog", str(changes), "--out", str(index)
    )
    report = json.loads(out)
    assert code == 0 and report["embedded"] == 1 and report["products"] == 30
    code, out, _ = run_cli(capsys, "search", "lantern", "--index", str(index), "--json", "--k", "1")
    assert json.loads(out)["results"][0]["product_id"] == "S000"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["index", "build", "--catalog", "/nonexistent.csv", "--out", "x"], "not found"),
        (["index", "info", "--index", "/nonexistent"], "no index"),
        (["search", "boots", "--index", "/nonexistent"], "no index"),
        (["search"], "either a QUERY or --queries"),
        (["search", "x", "--k", "0"], "--k must be"),
        (["index", "build", "--catalog", "x.csv", "--map", "oops"], "bad --map"),
        (["search", "   "], "the query is empty"),
    ],
)
def test_errors_are_one_line_with_exit_code_2(capsys, args, message):
    code, out, err = run_cli(capsys, *args)
    assert code == 2 and out == ""
    assert message in err and "Traceback" not in err
    assert err.startswith("error: ") and err.count("\n") == 1


def test_failed_build_keeps_previous_index(built, capsys, tmp_path):
    bad = tmp_path / "bad.csv"
    bad.write_text("product_id,price\n1,2\n", encoding="utf-8")
    before = json.loads(run_cli(capsys, "index", "info", "--index", str(built / "index"))[1])
    code, _, err = run_cli(
        capsys, "index", "build", "--catalog", str(bad), "--out", str(built / "index")
    )
    assert code == 2 and "missing required column" in err
    after = json.loads(run_cli(capsys, "index", "info", "--index", str(built / "index"))[1])
    assert after["fingerprint"] == before["fingerprint"]


def test_real_process_has_no_traceback(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "assistant", "index", "build", "--catalog", str(tmp_path / "no.csv")],
        capture_output=True, text=True, cwd=REPO, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 2
    assert proc.stderr.strip() == f"error: catalog file not found: {tmp_path / 'no.csv'}"


def test_bad_settings_and_filters_are_clear_errors(built, capsys, monkeypatch, tmp_path):
    index = str(built / "index")
    monkeypatch.setenv("ASSISTANT_RETRIEVAL__FUSION", "bogus")
    code, out, err = run_cli(capsys, "search", "lantern", "--index", index)
    assert code == 2 and out == "" and "unknown fusion 'bogus'" in err
    assert err.startswith("error: ") and "Traceback" not in err
    monkeypatch.delenv("ASSISTANT_RETRIEVAL__FUSION")
    for value in ("nan", "inf"):
        with pytest.raises(SystemExit) as exit_info:  # argparse: usage and the reason
            main(["search", "lantern", "--index", index, "--price-min", value])
        assert exit_info.value.code == 2
        assert "must be a finite number" in capsys.readouterr().err
    queries = tmp_path / "q.tsv"
    queries.write_text("q1\tlantern\nq2\t   \n", encoding="utf-8")
    code, out, err = run_cli(capsys, "search", "--queries", str(queries), "--index", index)
    assert code == 2 and "line 2: id 'q2' has no query" in err
    tiny = write_jsonl(tmp_path / "tiny.jsonl", small_catalog_rows(2))
    code, _, err = run_cli(
        capsys, "index", "build", "--catalog", str(tiny), "--out", str(tmp_path / "i"),
        "--index-kind", "ivfpq",
    )  # fmt: skip
    assert code == 2 and "ivfpq index needs at least 16 products" in err


def test_undecodable_bytes_in_arguments_and_stdin_are_replaced(built, tmp_path):
    query = b"caf\xe9 lantern"  # Latin-1 bytes: not UTF-8
    proc = subprocess.run(
        [sys.executable, "-m", "assistant", "search", query, "--index", built / "index", "--json"],
        capture_output=True, cwd=REPO, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr.decode()
    assert json.loads(proc.stdout)["query"] == "caf\ufffd lantern"
    proc = subprocess.run(
        [sys.executable, "-m", "assistant", "nlu", query, "--json"],
        capture_output=True, cwd=REPO, timeout=300,
    )  # fmt: skip
    assert proc.returncode == 0 and b"Traceback" not in proc.stderr
    assert json.loads(proc.stdout)["intent"]
    proc = subprocess.run(
        [sys.executable, "-m", "assistant", "converse", "--index", built / "index", "--json"],
        input=query + b"\n", capture_output=True, cwd=REPO, timeout=300,
        env={**os.environ, "ASSISTANT_DATA_DIR": str(tmp_path / "data")},
    )  # fmt: skip
    assert proc.returncode == 0 and b"Traceback" not in proc.stderr, proc.stderr.decode()
    turn = json.loads(proc.stdout)
    assert turn["error"] is None and turn["reply"]  # no lantern here: said, not a crash


def test_converse_writes_one_line_per_reply(built, tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "assistant", "converse", "--index", built / "index", "--support"],
        input=b"what is your return policy?\nhello\n", capture_output=True, cwd=REPO,
        timeout=300, env={**os.environ, "ASSISTANT_DATA_DIR": str(tmp_path / "data")},
    )  # fmt: skip
    assert proc.returncode == 0, proc.stderr.decode()
    lines = proc.stdout.decode().splitlines()
    assert len(lines) == 2 and "30 days" in lines[0]  # a support reply was three lines

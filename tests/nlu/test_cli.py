from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from assistant.cli import main


def test_single_text_json(capsys) -> None:
    assert main(["nlu", "red Nike sneakers under $60", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["intent"] == "search"
    assert data["entities"] == {
        "price_max": 60.0,
        "brand": "Nike",
        "color": "red",
        "category": "sneakers",
    }


def test_file_keeps_order_and_handles_empty_and_huge_lines(tmp_path, capsys) -> None:
    lines = ["where is my order #A1093", "", "compare the first two", "y" * 20_000, "thanks, bye"]
    path = tmp_path / "in.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert main(["nlu", "--file", str(path), "--json"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert len(out) == len(lines)
    results = [json.loads(line) for line in out]
    assert results[0]["entities"]["order_id"] == "A1093"
    assert results[0]["intent"] == "order_status"
    assert results[2]["entities"]["product_refs"] == [1, 2]
    assert results[4]["intent"] == "goodbye"
    assert all("intent" in r and "sentiment" in r for r in results)


def test_catalog_vocabulary_is_read_like_index_build_reads_it(tmp_path, capsys) -> None:
    latin = tmp_path / "latin1.csv"
    latin.write_bytes("product_id,title,brand\nA,Mug,Café Noir\n".encode("latin-1"))
    jsonl = tmp_path / "catalog.json"  # JSON lines under a .json name
    jsonl.write_text('{"product_id": "B", "title": "Tent", "brand": "North Ridge"}\n', "utf-8")
    for path, text, brand in (
        (latin, "a café noir mug", "Café Noir"),
        (jsonl, "north ridge tent", "North Ridge"),
    ):
        assert main(["nlu", text, "--catalog", str(path), "--json"]) == 0
        assert json.loads(capsys.readouterr().out)["entities"]["brand"] == brand


def test_bad_input_is_one_clear_line() -> None:
    proc = subprocess.run(
        [sys.executable, "-m", "assistant", "nlu", "--file", "/nonexistent/file.txt", "--json"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert proc.returncode == 2
    assert proc.stdout == ""
    assert "input file not found" in proc.stderr and "Traceback" not in proc.stderr


def test_nothing_to_analyse(capsys) -> None:
    assert main(["nlu"]) == 2
    assert "nothing to analyse" in capsys.readouterr().err


def test_eval_nlu_heldout_json(capsys) -> None:
    assert main(["eval", "nlu", "--skip-external", "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert set(data["heldout"]) == {"intent", "sentiment"}
    intent = data["heldout"]["intent"]
    assert len(intent["confusion"]) == 12 and set(intent["per_label"]["search"]) == {
        "precision",
        "recall",
        "support",
    }


@pytest.mark.shared_data
@pytest.mark.slow
def test_eval_nlu_external_subsample(shared_data, capsys) -> None:
    assert main(["eval", "nlu", "--shared-data", str(shared_data), "--limit", "50"]) == 0
    out = capsys.readouterr().out
    assert "held-out intent: accuracy" in out and "confusion" in out
    for name in ("bitext_customer_support", "clinc150_oos", "amazon_fashion_reviews"):
        assert name in out
    assert re.search(r"^  track_order +-> order_status +[01]\.\d{3} \(n=\d+", out, re.M)


def test_full_eval_figures_are_kept_for_the_insights_tab(tmp_path) -> None:
    from assistant.cli.nlu_cmd import _record
    from assistant.nlu.evaluate import ExternalReport, evaluate_heldout
    from assistant.nlu.pipeline import NLUPipeline
    from assistant.settings import Settings
    from assistant.web.insights import read_evaluations

    heldout = evaluate_heldout(NLUPipeline.load(None))
    external = [ExternalReport("clinc150_oos", "share_other", 0.84, 1000, 0.80)]
    _record(Settings(data_dir=tmp_path), heldout, external)
    doc = json.loads((tmp_path / "eval" / "nlu.json").read_text(encoding="utf-8"))
    assert doc["metrics"]["clinc150_oos share_other"] == 0.84
    assert doc["metrics"]["held-out intent accuracy"] == round(heldout["intent"].accuracy, 4)
    assert read_evaluations(tmp_path)["nlu"].metrics["clinc150_oos share_other"] == 0.84

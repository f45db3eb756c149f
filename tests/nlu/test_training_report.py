"""The shipped training report must not depend on the machine it was written on."""

from __future__ import annotations

import json
from pathlib import Path

from assistant.nlu.pipeline import MODEL_PATH


def test_shipped_report_points_at_the_shipped_model_relatively() -> None:
    report_path = MODEL_PATH.with_name("training_report.json")
    report = json.loads(report_path.read_text(encoding="utf-8"))
    model_path = Path(report["model_path"])
    assert not model_path.is_absolute()
    assert (report_path.parent / model_path).resolve() == MODEL_PATH.resolve()
    assert "/work/" not in report_path.read_text(encoding="utf-8")

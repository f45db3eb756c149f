"""``assistant nlu "TEXT"``, ``assistant nlu --file FILE``, ``assistant nlu train`` and
``assistant eval nlu``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from assistant.cli.common import load_settings, print_json
from assistant.errors import AssistantError

FILE_CHUNK = 256
DEFAULT_SHARED_DATA = Path(__file__).resolve().parents[2].parent / "shared" / "data"


def register(commands: Any, evals: Any) -> None:
    p = commands.add_parser(
        "nlu",
        help="intent, sentiment and entities of a message",
        description='Analyse "TEXT" or every line of --file. `assistant nlu train` retrains the '
        "shipped intent and sentiment heads from assistant/nlu/data.",
    )
    p.add_argument("text", nargs="?", help='the message (or "train" to retrain the heads)')
    p.add_argument("--file", help="one message per line; one JSON line out per input line")
    p.add_argument("--json", action="store_true", help="JSON output (one document per line)")
    p.add_argument("--catalog", help="catalog file (csv/jsonl/parquet) whose brands etc. to match")
    p.add_argument("--out", help="train: where to write the weights (default: the package)")
    p.set_defaults(handler=run_nlu)

    e = evals.add_parser("nlu", help="NLU on the own held-out split and external data sets")
    e.add_argument(
        "--shared-data", help=f"evaluation data directory (default {DEFAULT_SHARED_DATA})"
    )
    e.add_argument("--limit", type=int, help="subsample each external set to N rows (default: all)")
    e.add_argument("--skip-external", action="store_true", help="only the own held-out split")
    e.add_argument("--json", action="store_true", help="print one JSON document")
    e.set_defaults(handler=run_eval)


def run_nlu(args: argparse.Namespace) -> int:
    if args.text == "train" and not args.file:
        return _train(args)
    if args.file and args.text is not None:
        raise AssistantError("give either TEXT or --file, not both")
    if not args.file and args.text is None:
        raise AssistantError('nothing to analyse: give "TEXT" or --file FILE')
    pipeline = _pipeline(args)
    if args.text is not None:
        _emit(pipeline.run(args.text), args.json)
        return 0
    path = Path(args.file)
    if not path.is_file():
        raise AssistantError(f"input file not found: {path}")
    with path.open(encoding="utf-8", errors="replace", newline="") as handle:
        chunk: list[str] = []
        for line in handle:
            chunk.append(line.rstrip("\r\n"))
            if len(chunk) >= FILE_CHUNK:
                _emit_all(pipeline.run_many(chunk), args.json)
                chunk = []
        _emit_all(pipeline.run_many(chunk), args.json)
    return 0


def _pipeline(args: argparse.Namespace) -> Any:
    from assistant.nlu import CatalogVocabulary, NLUPipeline

    settings = load_settings(args)
    vocabulary = None
    if args.catalog:
        vocabulary = CatalogVocabulary.from_products(_read_catalog(Path(args.catalog)))
    return NLUPipeline.load(vocabulary, settings.nlu)


def _read_catalog(path: Path) -> Any:
    """The catalog's products as a frame, read like ``index build`` reads it (format from the
    content, any of its encodings); rejected rows are counted on stderr."""
    import pandas as pd

    from assistant.catalog import load_catalog

    catalog = load_catalog(path)
    if catalog.rejects:
        print(f"{len(catalog.rejects)} catalog row(s) rejected", file=sys.stderr)
    return pd.DataFrame([p.to_dict() for p in catalog.products])


def _emit(result: Any, as_json: bool) -> None:
    if as_json:
        print_json(result.to_dict())
        return
    entities = ", ".join(f"{k}={v}" for k, v in result.entities.to_dict().items()) or "-"
    print(
        f"{result.intent} ({result.intent_confidence:.2f})  {result.sentiment} "
        f"({result.sentiment_score:+.2f})  {entities}"
    )


def _emit_all(results: list[Any], as_json: bool) -> None:
    for result in results:
        _emit(result, as_json)


def _train(args: argparse.Namespace) -> int:
    from assistant.embedding import default_encoder
    from assistant.nlu.pipeline import MODEL_PATH
    from assistant.nlu.train import train_models

    settings = load_settings(args)
    encoder = default_encoder(
        settings.embedding.backend, settings.embedding.batch_size, settings.embedding.threads
    )
    print("training NLU heads (embedding the training split) ...", file=sys.stderr)
    report = train_models(encoder, out_path=Path(args.out) if args.out else MODEL_PATH)
    print_json(report.to_dict())
    return 0


def run_eval(args: argparse.Namespace) -> int:
    from assistant.nlu import NLUPipeline
    from assistant.nlu.evaluate import (
        evaluate_amazon,
        evaluate_bitext,
        evaluate_clinc_oos,
        evaluate_heldout,
    )

    if args.limit is not None and args.limit < 1:
        raise AssistantError("--limit must be >= 1")
    settings = load_settings(args)
    pipeline = NLUPipeline.load(None, settings.nlu)
    heldout = evaluate_heldout(pipeline)
    external = []
    shared = Path(args.shared_data) if args.shared_data else DEFAULT_SHARED_DATA
    if args.skip_external:
        pass
    elif not shared.is_dir():
        print(f"external evaluation skipped: {shared} not found", file=sys.stderr)
    else:
        for evaluate in (evaluate_bitext, evaluate_clinc_oos, evaluate_amazon):
            print(f"running {evaluate.__name__} ...", file=sys.stderr)
            external.append(evaluate(pipeline, shared, args.limit))
    if args.limit is None and external:
        _record(settings, heldout, external)  # only complete runs reach the insights tab
    if args.json:
        print_json(
            {
                "heldout": {k: v.to_dict() for k, v in heldout.items()},
                "targets": {"intent": 0.95, "sentiment": 0.90},
                "external": [r.to_dict() for r in external],
            }
        )
        return 0
    for name, report in heldout.items():
        target = 0.95 if name == "intent" else 0.90
        print(f"held-out {name}: accuracy {report.accuracy:.4f} (n={report.n}, target >= {target})")
        print(f"  {'label':18} {'precision':>9} {'recall':>7} {'support':>7}")
        for label, stats in report.per_label.items():
            print(
                f"  {label:18} {stats['precision']:9.3f} {stats['recall']:7.3f} {int(stats['support']):7d}"
            )
        print("  confusion (rows = true, columns = predicted, in the label order above):")
        for label, counts in zip(report.labels, report.confusion, strict=True):
            print(f"  {label:18} " + " ".join(f"{v:3d}" for v in counts))
    for r in external:
        print(f"{r.name}: {r.metric} {r.value:.4f} (n={r.n}, target >= {r.target})")
        for source, stats in r.details.get("per_bitext_intent", {}).items():
            wrong = ", ".join(
                f"{label} {n}" for label, n in stats["predicted"].items() if label != stats["ours"]
            )
            print(
                f"  {source:26} -> {stats['ours']:16} {stats['accuracy']:.3f} "
                f"(n={stats['n']}{'; wrong: ' + wrong if wrong else ''})"
            )
    return 0


def _record(settings: Any, heldout: dict[str, Any], external: list[Any]) -> None:
    """Keep the figures of a full run for the app's insights tab."""
    from assistant.eval.record import write_eval_record

    metrics = {f"held-out {name} accuracy": round(r.accuracy, 4) for name, r in heldout.items()}
    metrics.update({f"{r.name} {r.metric}": round(r.value, 4) for r in external})
    n = ", ".join(f"{name} n={r.n}" for name, r in heldout.items())
    path = write_eval_record(
        settings, "nlu", f"own held-out split ({n}) and external sets", metrics
    )
    print(f"figures saved to {path}", file=sys.stderr)

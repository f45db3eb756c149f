"""``assistant cf train``, ``assistant cf recommend`` and ``assistant eval cf``."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path
from typing import Any

from assistant.cli.common import load_settings, print_json
from assistant.errors import AssistantError

DEFAULT_RETAIL = Path("../shared/data/online_retail/online_retail_2010_2011.parquet")


def register(commands: Any, evals: Any) -> None:
    cf = commands.add_parser("cf", help="collaborative filtering: train and recommend")
    sub = cf.add_subparsers(dest="cf_command", metavar="ACTION")
    sub.required = True

    train = sub.add_parser("train", help="train the CF model from interactions")
    source = train.add_mutually_exclusive_group(required=True)
    source.add_argument(
        "--interactions", help="CSV or JSONL: user_id,product_id,event,value,timestamp"
    )
    source.add_argument("--from-store", action="store_true", help="read events from the store")
    train.add_argument("--out", help="model directory (default: <index_dir>/cf)")
    train.add_argument("--model", help="override CFSettings.model")
    train.set_defaults(handler=run_train)

    rec = sub.add_parser("recommend", help="top-k products per user")
    rec.add_argument("--model", required=True, help="trained model directory")
    rec.add_argument("--users", required=True, help="file with one user id per line")
    rec.add_argument("--k", type=int, default=10)
    rec.add_argument("--exclude-seen", action="store_true")
    rec.add_argument("--json", action="store_true", help="one JSON line per user (default)")
    rec.set_defaults(handler=run_recommend)

    ev = evals.add_parser("cf", help="Recall/NDCG@10 on Online Retail vs baselines")
    ev.add_argument("--data", default=str(DEFAULT_RETAIL), help="online_retail parquet")
    ev.add_argument("--split", choices=("test", "validation"), default="test")
    ev.add_argument("--max-customers", type=int, default=None, help="subsample customers")
    ev.add_argument("--k", type=int, default=10)
    ev.add_argument("--json", action="store_true", help="JSON to stdout (table to stderr)")
    ev.set_defaults(handler=run_eval)


def run_train(args: argparse.Namespace) -> int:
    from assistant.recommend.interactions import read_event_file
    from assistant.recommend.persistence import MODEL_NAMES
    from assistant.recommend.training import train_personalizer

    settings = load_settings(args)
    cfg = settings.cf
    name = args.model or cfg.model
    if name not in MODEL_NAMES:  # before reading any events
        raise AssistantError(f"unknown CF model {name!r}; expected one of {', '.join(MODEL_NAMES)}")
    start = time.perf_counter()
    if args.from_store:
        from assistant.store import store_from_settings

        with store_from_settings(settings) as store:
            events = list(store.iter_events())
        where = settings.store_location()
    else:
        events = list(read_event_file(args.interactions))
        where = args.interactions
    if not events:
        raise AssistantError(f"no interactions in {where}")
    print(f"training {name} on {len(events)} events from {where}", file=sys.stderr)
    personalizer = train_personalizer(events, cfg, name)
    model = personalizer.model
    out = Path(args.out) if args.out else Path(settings.index_dir) / "cf"
    personalizer.save(out)
    print_json(
        {
            "model": name,
            "out": str(out),
            "events": len(events),
            "users": len(model.data.user_ids),
            "items": model.data.n_items,
            "train_seconds": round(time.perf_counter() - start, 2),
        }
    )
    return 0


def run_recommend(args: argparse.Namespace) -> int:
    from assistant.recommend.personalizer import Personalizer

    if args.k <= 0:
        raise AssistantError("--k must be a positive number")
    users_file = Path(args.users)
    if not users_file.is_file():
        raise AssistantError(f"users file not found: {users_file}")
    settings = load_settings(args)
    personalizer = Personalizer.load(args.model, settings.cf)
    lines = users_file.read_text(encoding="utf-8").splitlines()
    for user_id in (line.strip() for line in lines):
        if not user_id:
            continue
        recs, stage = personalizer.recommend(user_id, args.k, args.exclude_seen)
        reasons: dict[str, str] = {}
        for rec in recs:
            reasons[rec.product_id] = _reason(personalizer, user_id, rec.product_id, stage)
        print_json({"user_id": user_id, "items": [r.product_id for r in recs], "reasons": reasons})
    return 0


def _reason(personalizer: Any, user_id: str, product_id: str, stage: str) -> str:
    if stage != "history":
        return "unknown user: popular with other shoppers"
    top = personalizer.explain(user_id, [], product_id).top
    if top is None:
        return "popular with other shoppers"
    if top.product_id == product_id:
        return "already in the user's history"
    return f"because of {top.product_id} in the user's history"


def run_eval(args: argparse.Namespace) -> int:
    from assistant.eval.cf import evaluate_cf, format_table

    settings = load_settings(args)
    results = evaluate_cf(
        args.data,
        settings.cf,
        split=args.split,
        max_customers=args.max_customers,
        k=args.k,
        progress=lambda msg: print(msg, file=sys.stderr),
    )
    table = format_table(results, args.k)
    if args.max_customers is None and args.split == "test" and results:
        from assistant.eval.record import write_eval_record

        def figures(m: Any) -> dict[str, float]:
            return {
                f"{metric}@{args.k} ({protocol})": round(getattr(score, metric), 4)
                for protocol, score in m.scores.items()
                for metric in ("recall", "ndcg")
            }

        shipped = results[-1]
        write_eval_record(
            settings,
            "cf",
            "online_retail (last invoice held out)",
            figures(shipped),
            {m.name: figures(m) for m in results[:-1]},
        )
    if args.json:
        print(table, file=sys.stderr)
        print_json({"split": args.split, "k": args.k, "models": [r.to_dict() for r in results]})
    else:
        print(table)
    return 0

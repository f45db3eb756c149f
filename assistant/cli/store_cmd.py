"""``assistant events import|export`` and ``assistant privacy forget|personalization``."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from assistant.cli.common import load_settings, print_json
from assistant.errors import AssistantError
from assistant.store import Store, open_store
from assistant.store.interchange import FORMATS, file_format, open_output

SHOWN_REJECTS = 20


def register(commands: Any, evals: Any) -> None:
    events = commands.add_parser("events", help="import or export interaction events")
    events_sub = events.add_subparsers(dest="events_command", metavar="ACTION")
    events_sub.required = True

    imp = events_sub.add_parser("import", help="import a CSV/JSONL events file into the store")
    imp.add_argument("file", help="events file (user_id, product_id, event, value, timestamp)")
    imp.add_argument("--rejects", help="write every rejected row (line, reason) to this JSONL file")
    _store_option(imp)
    imp.set_defaults(handler=_import)

    exp = events_sub.add_parser("export", help="export the store's events to a file")
    exp.add_argument("file", help="output file, or - for stdout")
    exp.add_argument("--format", choices=FORMATS, help="default: from the file suffix, else csv")
    exp.add_argument("--user", help="only this user's events")
    _store_option(exp)
    exp.set_defaults(handler=_export)

    privacy = commands.add_parser("privacy", help="forget a user or switch personalisation")
    privacy_sub = privacy.add_subparsers(dest="privacy_command", metavar="ACTION")
    privacy_sub.required = True

    forget = privacy_sub.add_parser("forget", help="delete a user's events, turns and profile")
    forget.add_argument("--user", required=True)
    forget.add_argument(
        "--cf-model",
        help="CF model directory to retrain without the user (default: <index_dir>/cf if present)",
    )
    _store_option(forget)
    forget.set_defaults(handler=_forget)

    pers = privacy_sub.add_parser("personalization", help="turn personalisation on or off")
    pers.add_argument("--user", required=True)
    pers.add_argument("state", choices=("on", "off"))
    _store_option(pers)
    pers.set_defaults(handler=_personalization)


def _store_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--store", help="store path or sqlite:///path (default: from settings)")


def _open(args: argparse.Namespace, must_exist: bool = True) -> Store:
    """The store to read or change; only an import may create it."""
    settings = load_settings(args)
    return open_store(args.store or settings.store_location(), settings.store, must_exist)


def _user(args: argparse.Namespace) -> str:
    user = (args.user or "").strip()
    if not user:
        raise AssistantError("--user must not be empty")
    return user


def _import(args: argparse.Namespace) -> int:
    with _open(args, must_exist=False) as store:
        report = store.import_events(args.file)
        total = store.event_count()
    if args.rejects:
        with open_output(args.rejects) as out:
            for reject in report.rejects:
                out.write(json.dumps(reject.to_dict()) + "\n")
    summary = report.to_dict(max_rejects=SHOWN_REJECTS)
    summary["events_in_store"] = total
    print_json(summary)
    return 0


def _export(args: argparse.Namespace) -> int:
    with _open(args) as store:
        if args.file == "-":
            count = store.export_events(sys.stdout, args.format or "csv", user_id=args.user)
            print(f"exported {count} events", file=sys.stderr)
            return 0
        fmt = args.format or _format_or_csv(args.file)
        count = store.export_events(args.file, fmt, user_id=args.user)
    print_json({"path": args.file, "format": fmt, "exported": count})
    return 0


def _format_or_csv(path: str) -> str:
    try:
        return file_format(path)
    except AssistantError:
        return "csv"


def _forget(args: argparse.Namespace) -> int:
    """Delete the user's events, turns and profile, then retrain the CF model from what is
    left so that no vector or history row of the user survives in it."""
    from assistant.profile.service import mark_forgotten
    from assistant.recommend.persistence import MANIFEST
    from assistant.recommend.training import train_personalizer

    user = _user(args)
    settings = load_settings(args)
    cf_dir = Path(args.cf_model) if args.cf_model else Path(settings.index_dir) / "cf"
    with _open(args) as store:
        report = store.forget_user(user)
        mark_forgotten(store, user)  # kept orders no longer build a profile
        events = list(store.iter_events()) if (cf_dir / MANIFEST).is_file() else []
    out = report.to_dict()
    out["cf_model_retrained"] = None
    if events:
        train_personalizer(events, settings.cf).save(cf_dir)
        out["cf_model_retrained"] = str(cf_dir)
    print_json(out)
    return 0


def _personalization(args: argparse.Namespace) -> int:
    user = _user(args)
    with _open(args) as store:
        known = store.get_user(user) or store.user_events(user, 1) or store.user_orders(user, 1)
        if not known:
            raise AssistantError(f"no user {user!r} in the store (no events, orders or account)")
        store.set_personalization(user, args.state == "on")
        enabled = store.personalization_enabled(user)
    print_json({"user_id": user, "personalization": enabled})
    return 0

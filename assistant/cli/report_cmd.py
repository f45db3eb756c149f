"""``assistant report``: the shop insight report over the store's logged conversations."""

from __future__ import annotations

import argparse
import sys
from datetime import UTC, datetime
from typing import Any

from assistant.cli.common import load_settings, print_json
from assistant.errors import AssistantError


def register(commands: Any, evals: Any) -> None:
    report = commands.add_parser(
        "report",
        help="insight report over logged conversations (intents, sentiment, complaints, "
        "escalations, products) as Markdown + HTML with PNG charts",
    )
    report.add_argument("--out", required=True, help="directory for report.md/.html/.json + PNGs")
    report.add_argument("--store", help="store path or sqlite:///path (default: from settings)")
    report.add_argument("--since", help="only conversations on or after this date (YYYY-MM-DD)")
    report.add_argument("--top", type=int, default=10, help="products listed (default 10)")
    report.add_argument("--title", default="Customer insights", help="report title")
    report.add_argument("--index", help="index directory: names products logged by id only")
    report.set_defaults(handler=run_report)


def run_report(args: argparse.Namespace) -> int:
    from assistant.store import open_store
    from assistant.support.report import build_report
    from assistant.support.report_render import write_report

    if args.top < 1:
        raise AssistantError(f"--top must be at least 1, got {args.top}")
    since = None
    if args.since:
        try:
            since = datetime.fromisoformat(args.since).replace(tzinfo=UTC).timestamp()
        except ValueError:
            raise AssistantError(
                f"--since must be a date (YYYY-MM-DD), got {args.since!r}"
            ) from None
    settings = load_settings(args)
    titles = None
    if args.index:
        from assistant.indexing.product_index import ProductIndex

        table = ProductIndex.load(args.index, verify=False).products
        titles = dict(zip(table["product_id"], table["title"], strict=True))
    with open_store(args.store or settings.store_location(), settings.store) as store:
        data = build_report(store.iter_turns(since=since), top_n=args.top, titles=titles)
    if data.messages == 0:
        raise AssistantError("no logged conversations in the store (nothing to report)")
    print(f"report over {data.messages} messages in {data.sessions} sessions", file=sys.stderr)
    written = write_report(data, args.out, title=args.title)
    print_json(
        written.to_dict()
        | {"messages": data.messages, "escalation_rate": round(data.escalation_rate, 4)}
    )
    return 0

"""``assistant demo generate``: write the deterministic demo shop into a directory."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from assistant.cli.common import print_json
from assistant.errors import AssistantError


def register(commands: Any, evals: Any) -> None:
    demo = commands.add_parser("demo", help="the built-in demo shop")
    actions = demo.add_subparsers(dest="demo_command", metavar="ACTION")
    actions.required = True
    gen = actions.add_parser(
        "generate",
        help="write catalog, images, shoppers, interactions and orders of the demo shop",
    )
    gen.add_argument("--out", required=True, help="directory to write into (created if needed)")
    gen.add_argument("--seed", type=int, default=7, help="random seed (default 7)")
    gen.add_argument("--products", type=int, default=3600, help="number of products (default 3600)")
    gen.add_argument("--shoppers", type=int, default=200, help="number of shoppers (default 200)")
    gen.set_defaults(handler=run_generate)
    load = actions.add_parser(
        "load", help="load the demo's orders and shopper names into the store (support mode)"
    )
    load.add_argument("--dir", required=True, help="a directory written by `demo generate`")
    load.add_argument("--store", help="store path or sqlite:///path (default: from settings)")
    load.set_defaults(handler=run_load)


def run_generate(args: argparse.Namespace) -> int:
    from assistant.demo import generate_demo

    if args.products < 1:
        raise AssistantError(f"--products must be at least 1, got {args.products}")
    if args.shoppers < 1:
        raise AssistantError(f"--shoppers must be at least 1, got {args.shoppers}")
    out = Path(args.out)
    if out.exists() and not out.is_dir():
        raise AssistantError(f"--out {out} exists and is not a directory")
    try:
        summary = generate_demo(
            out, seed=args.seed, n_products=args.products, n_shoppers=args.shoppers
        )
    except OSError as exc:
        raise AssistantError(f"cannot write the demo into {out}: {exc}") from None
    print_json(summary.to_dict())
    return 0


def run_load(args: argparse.Namespace) -> int:
    from assistant.cli.common import load_settings
    from assistant.store import open_store
    from assistant.support.demo_orders import load_demo_orders

    settings = load_settings(args)
    with open_store(args.store or settings.store_location(), settings.store) as store:
        report = load_demo_orders(store, args.dir)
    print_json(report.to_dict())
    return 0

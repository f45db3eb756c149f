"""``assistant serve``: the web app, the same as ``python app.py``."""

from __future__ import annotations

import argparse
from typing import Any

from assistant.cli.common import load_settings


def register(commands: Any, evals: Any) -> None:
    serve = commands.add_parser("serve", help="start the web app (same as python app.py)")
    serve.add_argument("--index", help="index directory (default from settings: index/)")
    serve.add_argument("--port", type=int, help="port (default 7860)")
    serve.add_argument("--host", help="interface to listen on (default 127.0.0.1)")
    serve.add_argument("--demo", help="demo shop directory (shoppers, images): data/demo")
    serve.add_argument(
        "--views",
        help="tabs to show, comma-separated: shop,support,insights (default: web.views, shop). "
        "support and insights show customers' data: serve them behind authentication",
    )
    serve.set_defaults(handler=run_serve)


def run_serve(args: argparse.Namespace) -> int:
    from assistant.web.app import serve

    return serve(args, load_settings(args))

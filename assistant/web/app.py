"""The Gradio front end: ``build_app(services)`` makes the page, ``main(argv)`` serves it
(``python app.py`` and ``assistant serve`` both end here).

The page shows the views the operator asks for (``--views`` or the ``web.views`` setting):
``shop`` (the default, the only public one), ``support`` (the support-agent console: any
customer's orders, names and tracking numbers) and ``insights`` (logged conversations). The
two staff views carry their Gradio API endpoints with them (``/support``, ``/insights``), so
leaving them off the page also takes them off the API. Serve them only behind authentication
(a reverse proxy with a login, or a separate staff instance on a private network).
``./run app`` turns all three on for the local demo."""

from __future__ import annotations

import argparse
import logging
import os
import re
import signal
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

for _name, _value in (
    ("GRADIO_ANALYTICS_ENABLED", "False"),
    ("HF_HUB_OFFLINE", "1"),
    ("TRANSFORMERS_OFFLINE", "1"),
    ("HF_HUB_DISABLE_TELEMETRY", "1"),
    ("TOKENIZERS_PARALLELISM", "false"),
    ("NO_PROXY", "127.0.0.1,localhost"),
):
    os.environ.setdefault(_name, _value)

import gradio as gr  # noqa: E402  (after the environment above)

from assistant.settings import Settings  # noqa: E402
from assistant.web.insights_tab import InsightsTab  # noqa: E402
from assistant.web.services import AppServices  # noqa: E402
from assistant.web.shopper_tab import ShopperTab  # noqa: E402
from assistant.web.style import CSS  # noqa: E402
from assistant.web.support_tab import SupportTab  # noqa: E402

log = logging.getLogger(__name__)
TITLE = "Shopping assistant"
CONCURRENCY = 4  # turns served at once; the engine is thread-safe
VIEWS = ("shop", "support", "insights")
STAFF_VIEWS = ("support", "insights")


def parse_views(value: str | Sequence[str]) -> tuple[str, ...]:
    """``"shop,support"`` (or a list) -> ``("shop", "support")``; unknown names are an error."""
    from assistant.errors import AssistantError

    names = re.findall(r"[A-Za-z]+", value) if isinstance(value, str) else list(value)
    names = [n.strip().lower() for n in names if n.strip()]
    unknown = [n for n in names if n not in VIEWS]
    if unknown or not names:
        raise AssistantError(
            f"web.views: unknown or no view {', '.join(unknown) or repr(value)}; "
            f"choose from {', '.join(VIEWS)}"
        )
    return tuple(v for v in VIEWS if v in names)


def build_app(services: AppServices, views: str | Sequence[str] | None = None) -> gr.Blocks:
    """The page with ``views`` (default: the ``web.views`` setting, which defaults to the
    shop alone)."""
    chosen = parse_views(services.settings.web.views if views is None else views)
    with gr.Blocks(title=TITLE) as demo:
        gr.Markdown(f"## {TITLE}")
        with gr.Tabs():
            if "shop" in chosen:
                with gr.Tab("Shop", id="shop"):
                    ShopperTab(services).build()
            if "support" in chosen:
                with gr.Tab("Support agent", id="support"):
                    SupportTab(services).build()
            if "insights" in chosen:
                insights = InsightsTab(services)
                with gr.Tab("Insights", id="insights") as insights_tab:
                    insights.build()
                insights_tab.select(
                    insights.refresh, None, insights.outputs, api_visibility="private"
                )
    demo.queue(default_concurrency_limit=CONCURRENCY)
    return demo


def launch_kwargs(services: AppServices) -> dict[str, Any]:
    allowed = [str(services.demo_dir.resolve())] if services.demo_dir else []
    return {"share": False, "allowed_paths": allowed, "css": CSS, "quiet": True}


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="app.py", description="Shopping assistant web app")
    add_serve_arguments(parser)
    return parser.parse_args(argv)


def add_serve_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--index", help="index directory (default from settings: index/)")
    parser.add_argument("--port", type=int, help="port (default 7860)")
    parser.add_argument("--host", help="interface to listen on (default 127.0.0.1)")
    parser.add_argument("--demo", help="demo shop directory (shoppers, images): data/demo")
    add_views_argument(parser)
    if not any(a.dest == "config" for a in parser._actions):
        parser.add_argument("--config", help="settings TOML file")


def add_views_argument(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--views",
        help="tabs to show, comma-separated: shop,support,insights (default: web.views, shop). "
        "support and insights show customers' data: serve them behind authentication",
    )


def serve(args: argparse.Namespace, settings: Settings | None = None) -> int:
    from assistant.errors import AssistantError
    from assistant.indexing import layout

    settings = settings or Settings.load(getattr(args, "config", None))
    views = parse_views(getattr(args, "views", None) or settings.web.views)
    index_dir = Path(args.index) if args.index else Path(settings.index_dir)
    if not layout.has_index(index_dir):
        raise AssistantError(
            f"no index at {index_dir}: build one with `assistant index build --catalog FILE "
            f"--out {index_dir}` (or run `./run app` for the demo shop)"
        )
    demo_dir = Path(args.demo or settings.web.demo_dir or Path(settings.data_dir) / "demo")
    services = AppServices.create(index_dir, settings, demo_dir if demo_dir.is_dir() else None)
    services.start_watcher()
    if hasattr(signal, "SIGHUP"):
        signal.signal(signal.SIGHUP, lambda *_: services.request_reload())
    demo = build_app(services, views)
    host = args.host or settings.web.host
    port = args.port or settings.web.port
    print(f"serving on http://{host}:{port}/ (index {index_dir})", file=sys.stderr)
    staff = [v for v in views if v in STAFF_VIEWS]
    if staff:
        print(
            f"staff views on ({', '.join(staff)}): they show customers' orders and "
            "conversations; keep this page behind authentication",
            file=sys.stderr,
        )
    try:
        demo.launch(server_name=host, server_port=port, **launch_kwargs(services))
    finally:
        services.close()
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    from assistant.errors import AssistantError
    from assistant.logs import configure_logging

    args = parse_args(argv)
    configure_logging(logging.INFO)
    try:
        return serve(args)
    except AssistantError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130

"""Command line: ``assistant <command> ...`` (also ``python -m assistant``).

Each area owns one module here with a ``register(commands, evals)`` function that adds its
sub-commands; ``commands`` is the top-level sub-parser group and ``evals`` the group under
``assistant eval``. A command's handler receives the parsed namespace and returns an exit
code. JSON goes to stdout, progress and logs to stderr; an ``AssistantError`` becomes one
line on stderr and exit code 2 (a traceback only with ``--debug``).
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence

from assistant.cli.common import readable_text
from assistant.errors import AssistantError
from assistant.logs import configure_logging

# One module per area; each defines register(commands, evals).
COMMAND_MODULES = (
    "assistant.cli.index_cmd",
    "assistant.cli.search_cmd",
    "assistant.cli.nlu_cmd",
    "assistant.cli.cf_cmd",
    "assistant.cli.converse_cmd",
    "assistant.cli.store_cmd",
    "assistant.cli.demo_cmd",
    "assistant.cli.report_cmd",
    "assistant.cli.serve_cmd",
    "assistant.cli.profile_cmd",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="assistant", description="Conversational shopping assistant (offline, CPU)."
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks on errors")
    parser.add_argument("--config", help="settings TOML file (default: assistant.toml if present)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")
    commands.required = True
    eval_parser = commands.add_parser("eval", help="evaluate retrieval, NLU or CF on dev data")
    evals = eval_parser.add_subparsers(dest="eval_command", metavar="WHAT")
    evals.required = True
    for name in COMMAND_MODULES:
        try:
            module = importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name == name:
                continue  # area not built yet
            raise
        module.register(commands, evals)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    os.environ.setdefault("GRADIO_ANALYTICS_ENABLED", "False")
    parser = build_parser()
    args = parser.parse_args([readable_text(a) for a in (sys.argv[1:] if argv is None else argv)])
    configure_logging(logging.DEBUG if args.debug else logging.WARNING)
    try:
        code = int(args.handler(args) or 0)
    except AssistantError as exc:
        if args.debug:
            raise
        print(f"error: {exc}", file=sys.stderr)
        return exc.exit_code
    except ValueError as exc:  # a component refused a setting or argument (constructors check)
        if args.debug:
            raise
        print(f"error: {exc} (check the settings and arguments; --debug for a traceback)",
              file=sys.stderr)  # fmt: skip
        return 2
    except KeyboardInterrupt:
        print("interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:
        return 0
    return code


__all__ = ["build_parser", "main"]

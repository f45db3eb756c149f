"""``assistant converse``: one conversation from stdin, one line out per message: the Turn as
JSON, or the reply on one line."""

from __future__ import annotations

import argparse
import sys
import uuid
from pathlib import Path
from typing import Any

from assistant.cli.common import load_settings, print_json, readable_text
from assistant.errors import AssistantError


def register(commands: Any, evals: Any) -> None:
    parser = commands.add_parser(
        "converse", help="chat: one message per stdin line, one Turn per line out"
    )
    parser.add_argument("--index", help="index directory (default from settings: index/)")
    parser.add_argument("--user", help="the shopper's user id (personalises results)")
    parser.add_argument("--session", help="session id (default: a new one)")
    parser.add_argument(
        "--support", action="store_true", help="agent view: support details in every turn"
    )
    parser.add_argument(
        "--generator",
        choices=("template", "local", "openai"),
        help="reply backend (default from settings: generation.backend)",
    )
    parser.add_argument("--json", action="store_true", help="Turn JSON lines (else the replies)")
    parser.set_defaults(handler=run_converse)


def run_converse(args: argparse.Namespace) -> int:
    from assistant.engine.assistant import Assistant
    from assistant.indexing import layout

    settings = load_settings(args)
    if args.generator:
        settings.generation.backend = args.generator
    index_dir = Path(args.index) if args.index else Path(settings.index_dir)
    if not layout.has_index(index_dir):
        raise AssistantError(f"no index at {index_dir}: run `assistant index build` first")
    bot = Assistant.load(index_dir, settings)
    session = args.session or uuid.uuid4().hex
    try:
        for line in sys.stdin:
            message = readable_text(line.rstrip("\n"))
            if not message.strip():
                continue
            turn = bot.respond(message, session, args.user, agent_view=args.support)
            if args.json:
                print_json(turn.to_dict())
            else:
                # one line per reply, as one line per message came in (a support reply's
                # greeting and body are paragraphs: joined by a space here)
                sys.stdout.write(" ".join(turn.reply.split()) + "\n")
                sys.stdout.flush()
    finally:
        bot.close()
    return 0

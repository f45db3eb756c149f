"""Logging set-up shared by the CLI and the web app."""

from __future__ import annotations

import logging
import sys


def configure_logging(level: int) -> None:
    """Send records at ``level`` and above to stderr, one line each.

    The level is set on the handler too: some libraries (bm25s) set their own logger to
    DEBUG when imported, which the root logger's level alone does not hold back.
    """
    handler = logging.StreamHandler(sys.stderr)
    handler.setLevel(level)
    logging.basicConfig(
        level=level, handlers=[handler], format="%(levelname)s %(name)s: %(message)s"
    )

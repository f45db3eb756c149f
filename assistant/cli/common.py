"""Small pieces shared by the command modules."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from assistant.settings import Settings


def load_settings(args: argparse.Namespace) -> Settings:
    return Settings.load(getattr(args, "config", None))


def print_json(obj: Any) -> None:
    """One JSON document per line on stdout."""
    sys.stdout.write(json.dumps(obj, ensure_ascii=False, default=_default) + "\n")
    sys.stdout.flush()


def _default(obj: Any) -> Any:
    if hasattr(obj, "to_dict"):
        return obj.to_dict()
    if hasattr(obj, "item"):
        return obj.item()
    if hasattr(obj, "tolist"):
        return obj.tolist()
    return str(obj)

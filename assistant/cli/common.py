"""Small pieces shared by the command modules."""

from __future__ import annotations

import argparse
import json
import math
import sys
from typing import Any

from assistant.settings import Settings


def readable_text(text: str) -> str:
    """Text from the command line or stdin with undecodable bytes (kept by Python as lone
    surrogates) replaced by U+FFFD, so every later step can encode it as UTF-8."""
    return text.encode("utf-8", "surrogateescape").decode("utf-8", "replace")


def finite_float(value: str) -> float:
    """An ``argparse`` type: a finite number ("nan" and "inf" are refused)."""
    try:
        number = float(value)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {value!r}") from None
    if not math.isfinite(number):
        raise argparse.ArgumentTypeError(f"must be a finite number, got {value!r}")
    return number


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

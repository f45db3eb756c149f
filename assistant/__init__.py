"""Conversational shopping assistant.

``from assistant import Assistant`` is resolved lazily so that importing the package (for
the CLI, say) does not load torch or the index.
"""

from __future__ import annotations

from typing import Any

__version__ = "0.1.0"


def __getattr__(name: str) -> Any:
    if name == "Assistant":
        from assistant.engine.assistant import Assistant

        return Assistant
    raise AttributeError(name)


__all__ = ["Assistant", "__version__"]

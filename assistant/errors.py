"""Errors the user should see as one clear line (the CLI prints them without a traceback)."""

from __future__ import annotations


class AssistantError(Exception):
    """A problem with the user's input or environment, explained in the message."""

    exit_code: int = 2


class CatalogError(AssistantError):
    """The catalog cannot be used at all (missing file, no valid rows, missing column...)."""


class IndexLoadError(AssistantError):
    """The index directory is missing, corrupted or from an incompatible version."""


class ForeignSessionError(AssistantError):
    """A session id used by someone other than the user it belongs to."""

"""The store: events, users, sessions and turns, orders and profile facts.

``open_store("data/assistant.sqlite3")`` or ``open_store("sqlite:///data/assistant.sqlite3")``
returns a ``Store``; ``store_from_settings(settings)`` opens the configured one.
"""

from __future__ import annotations

from pathlib import Path

from assistant.errors import AssistantError
from assistant.settings import Settings, StoreSettings
from assistant.store.base import Store
from assistant.store.records import (
    ORDER_STATUSES,
    ForgetReport,
    ImportReport,
    Order,
    OrderItem,
    ProfileFact,
    Reject,
    TurnRecord,
    User,
    normalize_order_id,
)
from assistant.store.sqlite_store import SQLiteStore

SQLITE_PREFIX = "sqlite:///"
POSTGRES_SCHEMES = ("postgresql", "postgres")


def open_store(
    url_or_path: str | Path, settings: StoreSettings | None = None, must_exist: bool = False
) -> Store:
    """Open (create, migrate) the store at a file path, a ``sqlite:///path`` URL or a
    ``postgresql://`` URL (PostgreSQL, ``pip install .[postgres]``).

    ``sqlite:///relative/file`` and ``sqlite:////absolute/file`` follow the usual URL form.
    ``must_exist``: a SQLite file that is not there is an error instead of a new empty store
    (commands that read or change what a store holds: a typo in the path is no new store).
    """
    settings = settings or StoreSettings()
    target = str(url_or_path).strip()
    if target.startswith(SQLITE_PREFIX):
        target = target[len(SQLITE_PREFIX) :]
    elif "://" in target:
        scheme = target.split("://", 1)[0]
        if scheme.lower() in POSTGRES_SCHEMES:
            from assistant.store.postgres_store import PostgresStore

            return PostgresStore(target)
        raise AssistantError(
            f"unsupported store URL scheme {scheme!r}: use a file path, sqlite:///path or "
            "postgresql://user:password@host:port/database"
        )
    if not target:
        raise AssistantError("the store location is empty")
    if must_exist and not Path(target).is_file():
        raise AssistantError(
            f"no store at {target}: check the path (`assistant events import` or "
            "`assistant demo load` creates one)"
        )
    return SQLiteStore(target, settings.busy_timeout_ms, settings.synchronous)


def store_from_settings(settings: Settings) -> Store:
    return open_store(settings.store_location(), settings.store)


__all__ = [
    "ORDER_STATUSES",
    "ForgetReport",
    "ImportReport",
    "Order",
    "OrderItem",
    "ProfileFact",
    "Reject",
    "SQLiteStore",
    "Store",
    "TurnRecord",
    "User",
    "normalize_order_id",
    "open_store",
    "store_from_settings",
]

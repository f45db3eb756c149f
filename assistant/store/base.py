"""The store interface every backend implements (SQLite now, PostgreSQL later)."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol, Self, TextIO, runtime_checkable

from assistant.events import Event
from assistant.store.records import (
    FactSource,
    ForgetReport,
    ImportReport,
    Order,
    ProfileFact,
    Role,
    TurnRecord,
    User,
)


@runtime_checkable
class Store(Protocol):
    """Events, users, sessions and turns, orders and profile facts behind one interface.

    Implementations are safe to share between threads. Conversation text is redacted by the
    store itself before it is written.
    """

    # events
    def add_event(self, event: Event) -> None: ...
    def add_events(self, events: Iterable[Event]) -> int: ...
    def iter_events(
        self, user_id: str | None = None, since: float | None = None
    ) -> Iterator[Event]: ...
    def user_events(self, user_id: str, limit: int | None = None) -> list[Event]: ...
    def event_count(self) -> int: ...

    # users
    def upsert_user(
        self, user_id: str, display_name: str | None = None, personalization: bool | None = None
    ) -> None: ...
    def get_user(self, user_id: str) -> User | None: ...
    def set_personalization(self, user_id: str, enabled: bool) -> None: ...
    def personalization_enabled(self, user_id: str) -> bool: ...
    def list_users(self) -> list[User]: ...

    # sessions and turns
    def ensure_session(self, session_id: str, user_id: str) -> None: ...
    def add_turn(
        self,
        session_id: str,
        user_id: str,
        role: Role,
        text: str,
        intent: str | None = None,
        sentiment: str | None = None,
        data: dict[str, Any] | None = None,
    ) -> None: ...
    def session_turns(self, session_id: str) -> list[TurnRecord]: ...
    def iter_turns(self, since: float | None = None) -> Iterator[TurnRecord]: ...

    # orders
    def add_orders(self, orders: Iterable[Order]) -> int: ...
    def get_order(self, order_id: str) -> Order | None: ...
    def user_orders(self, user_id: str, limit: int = 10) -> list[Order]: ...

    # profile facts
    def set_profile_fact(
        self, user_id: str, key: str, value: Any, source: FactSource = "stated"
    ) -> bool: ...
    def profile_facts(self, user_id: str) -> dict[str, ProfileFact]: ...
    def delete_profile_fact(self, user_id: str, key: str) -> bool: ...

    # privacy, files, lifecycle
    def forget_user(self, user_id: str) -> ForgetReport: ...
    def import_events(self, path: str | Path) -> ImportReport: ...
    def export_events(
        self,
        path_or_stream: str | Path | TextIO,
        fmt: str | None = None,
        user_id: str | None = None,
    ) -> int: ...
    def close(self) -> None: ...
    def __enter__(self) -> Self: ...
    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None: ...

"""The conversations a process holds, and who may continue them.

A session belongs to the first user who spoke in it under a name: another user, or an
anonymous caller, holding its id gets ``ForeignSessionError`` and sees nothing of it. An
anonymous session becomes the user's when they sign in mid-conversation. A session this
process has not seen is rebuilt from its stored turns.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable
from typing import Any

from assistant.engine.session_restore import restore_session
from assistant.engine.state import SessionState, SessionTable
from assistant.errors import AssistantError, ForeignSessionError
from assistant.store import Store

log = logging.getLogger(__name__)

ProductLookup = Callable[[str], dict[str, Any] | None]


class Sessions:
    """Session states by id (``SessionTable``), restored from ``store`` on first use;
    ``lookup()`` gives the loaded index's product lookup (it changes when the index does)."""

    def __init__(
        self, store: Store, lookup: Callable[[], ProductLookup], capacity: int = 10_000
    ) -> None:
        self.store = store
        self.lookup = lookup
        self._table = SessionTable(capacity)

    def new(self, user_id: str | None = None) -> str:
        session_id = uuid.uuid4().hex
        self._table.get_or_add(SessionState(session_id, user_id))
        return session_id

    def get(self, session_id: str) -> SessionState | None:
        """The state if this process holds it (no restore, no owner check)."""
        return self._table.get(session_id)

    def peek(self, session_id: str) -> SessionState:
        """The state for a read (staff, tests): restored from the store when this process
        does not hold it, but not kept (a read does not fill the table)."""
        return self._table.get(session_id) or self._restore(session_id)

    def state(self, session_id: str) -> SessionState:
        """The session's state, restored from the store when this process has not seen it."""
        state = self._table.get(session_id)
        return state if state is not None else self._table.get_or_add(self._restore(session_id))

    def open(self, session_id: str, user_id: str | None, wait_s: float) -> SessionState | None:
        """The session locked for this caller's turn; None when it stays busy (a turn still
        running) for ``wait_s``. Not theirs: ``ForeignSessionError``, the lock released."""
        state = self.state(session_id)
        if not state.lock.acquire(timeout=wait_s):
            return None
        try:
            claim(state, user_id)
        except BaseException:
            state.lock.release()
            raise
        return state

    def _restore(self, session_id: str) -> SessionState:
        try:
            turns = self.store.session_turns(session_id)
        except Exception as exc:  # not cached: a later call reads the turns (and owner) again
            log.exception("could not read stored turns of session %s", session_id)
            raise AssistantError("this conversation could not be loaded; try again") from exc
        return restore_session(session_id, turns, self.lookup())

    def __len__(self) -> int:
        return len(self._table)


def claim(state: SessionState, user_id: str | None) -> None:
    """Call with ``state.lock`` held: the session is ``user_id``'s from now on, or
    ``ForeignSessionError`` when it is someone else's."""
    if state.user_id is not None and state.user_id != user_id:
        raise ForeignSessionError(
            "this conversation belongs to another account; start a new conversation"
        )
    if user_id and state.user_id is None:
        state.user_id = user_id

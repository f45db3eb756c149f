"""Schema migrations: ``NNNN_name.sql`` files in this folder, applied in order.

``schema_version`` holds one row per applied migration. Opening a database applies every
migration newer than its highest version inside one ``BEGIN IMMEDIATE`` transaction, so two
processes opening an old database at once upgrade it exactly once. A database newer than this
code is refused rather than silently misread.
"""

from __future__ import annotations

import re
import sqlite3
import time
from dataclasses import dataclass
from importlib import resources

from assistant.errors import AssistantError

_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str

    def statements(self) -> list[str]:
        """The file split into complete SQL statements (comments dropped)."""
        out: list[str] = []
        buffer = ""
        for line in self.sql.splitlines():
            if line.strip().startswith("--"):
                continue
            buffer += line + "\n"
            if sqlite3.complete_statement(buffer):
                out.append(buffer.strip())
                buffer = ""
        if buffer.strip():
            raise ValueError(f"migration {self.version} ends with an incomplete statement")
        return out


def available_migrations() -> list[Migration]:
    found: list[Migration] = []
    for entry in resources.files(__name__).iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match.group(1)), match.group(2), entry.read_text("utf-8")))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if versions != list(range(1, len(found) + 1)):
        raise RuntimeError(f"migrations must be numbered 1..N without gaps, found {versions}")
    return found


LATEST_VERSION = len(available_migrations())


def current_version(conn: sqlite3.Connection) -> int:
    exists = conn.execute(
        "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'schema_version'"
    ).fetchone()
    if not exists:
        return 0
    row = conn.execute("SELECT MAX(version) FROM schema_version").fetchone()
    return int(row[0] or 0)


def migrate(conn: sqlite3.Connection, target: int | None = None) -> int:
    """Bring the database on ``conn`` (autocommit mode) up to ``target`` (default: latest)."""
    migrations = available_migrations()
    target = len(migrations) if target is None else target
    conn.execute("BEGIN IMMEDIATE")
    try:
        conn.execute(
            "CREATE TABLE IF NOT EXISTS schema_version ("
            "version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at REAL NOT NULL)"
        )
        version = current_version(conn)
        if version > len(migrations):
            raise AssistantError(
                f"the store's schema version {version} is newer than this program supports "
                f"({len(migrations)}); upgrade the assistant"
            )
        for migration in migrations[version:target]:
            for statement in migration.statements():
                conn.execute(statement)
            conn.execute(
                "INSERT INTO schema_version (version, name, applied_at) VALUES (?, ?, ?)",
                (migration.version, migration.name, time.time()),
            )
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    return max(version, min(target, len(migrations)))


__all__ = ["LATEST_VERSION", "Migration", "available_migrations", "current_version", "migrate"]

"""Where builds live and how a new one replaces the served one atomically.

An index directory ``DIR`` holds ``builds/<name>/`` (complete builds) and a symlink
``DIR/current -> builds/<name>``. A build is written to ``builds/.tmp-<name>``, renamed into
place when complete, and then ``current`` is switched with ``os.replace`` on a fresh symlink,
which is atomic on POSIX. A build that fails or is killed never touches ``current``, so the
previous index keeps serving. A plain directory with a manifest (no ``current``) is read too.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

from assistant.errors import IndexLoadError
from assistant.indexing.manifest import MANIFEST_NAME

CURRENT = "current"
BUILDS = "builds"
KEEP_BUILDS = 2


def resolve(directory: str | Path) -> Path:
    """The directory holding the served build's files."""
    directory = Path(directory)
    link = directory / CURRENT
    if link.exists():
        return link.resolve()
    if (directory / MANIFEST_NAME).is_file():
        return directory
    if link.is_symlink():
        raise IndexLoadError(f"index at {directory} points to a missing build: rebuild it")
    raise IndexLoadError(
        f"no index at {directory}: build one with `assistant index build --catalog FILE --out {directory}`"
    )


def has_index(directory: str | Path) -> bool:
    try:
        resolve(directory)
    except IndexLoadError:
        return False
    return True


def new_build_dir(directory: Path) -> tuple[Path, Path]:
    """(temporary dir to write into, final dir it will be renamed to)."""
    builds = directory / BUILDS
    builds.mkdir(parents=True, exist_ok=True)
    name = time.strftime("%Y%m%dT%H%M%S") + f"-{os.getpid()}-{time.monotonic_ns() % 100000}"
    tmp = builds / f".tmp-{name}"
    tmp.mkdir()
    return tmp, builds / name


def publish(tmp: Path, final: Path, directory: Path) -> None:
    """Make a completed build the served one, atomically, then prune old builds."""
    _fsync_tree(tmp)
    os.replace(tmp, final)
    link_tmp = directory / f".{CURRENT}.{os.getpid()}"
    if link_tmp.is_symlink() or link_tmp.exists():
        link_tmp.unlink()
    os.symlink(Path(BUILDS) / final.name, link_tmp)
    os.replace(link_tmp, directory / CURRENT)
    _fsync_dir(directory)
    prune(directory)


def prune(directory: Path, keep: int = KEEP_BUILDS) -> None:
    """Remove stale temporary builds and all but the newest ``keep`` complete builds."""
    builds = directory / BUILDS
    if not builds.is_dir():
        return
    current = (directory / CURRENT).resolve() if (directory / CURRENT).exists() else None
    complete = sorted(
        (p for p in builds.iterdir() if p.is_dir() and not p.name.startswith(".tmp-")),
        key=lambda p: p.name,
    )
    for old in complete[:-keep]:
        if old.resolve() != current:
            shutil.rmtree(old, ignore_errors=True)
    for tmp in builds.glob(".tmp-*"):
        pid = _pid_of(tmp.name)
        if pid is None or not _alive(pid):
            shutil.rmtree(tmp, ignore_errors=True)


def _pid_of(name: str) -> int | None:
    parts = name.split("-")
    try:
        return int(parts[2])
    except (IndexError, ValueError):
        return None


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _fsync_tree(root: Path) -> None:
    for path in root.rglob("*"):
        if path.is_file():
            with path.open("rb") as fh:
                os.fsync(fh.fileno())
    _fsync_dir(root)


def _fsync_dir(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)

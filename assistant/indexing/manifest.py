"""The index manifest: what was built, from what, and checksums to detect damage."""

from __future__ import annotations

import hashlib
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from assistant.errors import IndexLoadError

SCHEMA_VERSION = 1
# Bump when the indexed text, tokenisation or file layout changes: old indexes get rebuilt.
CODE_VERSION = "2026.11.5"
MANIFEST_NAME = "manifest.json"


@dataclass
class Manifest:
    fingerprint: str
    model: str
    dimension: int
    products: int
    index_kind: str
    index_params: dict[str, Any]
    catalog: dict[str, Any]
    built_at: str
    build_seconds: float
    timings: dict[str, float] = field(default_factory=dict)
    files: dict[str, dict[str, Any]] = field(default_factory=dict)
    schema_version: int = SCHEMA_VERSION
    code_version: str = CODE_VERSION

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    def write(self, directory: Path) -> None:
        path = directory / MANIFEST_NAME
        path.write_text(json.dumps(self.to_dict(), indent=2, sort_keys=True), encoding="utf-8")

    @classmethod
    def read(cls, directory: Path) -> Manifest:
        path = directory / MANIFEST_NAME
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls(**data)
        except FileNotFoundError:
            raise IndexLoadError(f"no index at {directory} (missing {MANIFEST_NAME})") from None
        except (json.JSONDecodeError, TypeError, UnicodeDecodeError) as exc:
            raise IndexLoadError(f"index manifest {path} is damaged: {exc}") from None

    def verify(self, directory: Path, checksums: bool = True) -> None:
        """Raise ``IndexLoadError`` if a file is missing, truncated or (with checksums) altered."""
        if self.schema_version != SCHEMA_VERSION:
            raise IndexLoadError(
                f"index at {directory} has schema version {self.schema_version}, this code "
                f"reads {SCHEMA_VERSION}: rebuild it with `assistant index build`"
            )
        for name, meta in self.files.items():
            path = directory / name
            if not path.is_file():
                raise IndexLoadError(f"index file {path} is missing: rebuild the index")
            if path.stat().st_size != meta["bytes"]:
                raise IndexLoadError(
                    f"index file {path} is truncated or altered "
                    f"({path.stat().st_size} bytes, manifest says {meta['bytes']}): rebuild the index"
                )
            if checksums and file_sha256(path) != meta["sha256"]:
                raise IndexLoadError(
                    f"index file {path} fails its checksum (corrupted): rebuild the index"
                )


def file_sha256(path: Path, chunk: int = 1 << 22) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        while block := fh.read(chunk):
            digest.update(block)
    return digest.hexdigest()


def describe_files(directory: Path) -> dict[str, dict[str, Any]]:
    """Size and sha256 of every file under ``directory`` (relative names)."""
    files = {}
    for path in sorted(p for p in directory.rglob("*") if p.is_file()):
        name = path.relative_to(directory).as_posix()
        if name == MANIFEST_NAME:
            continue
        files[name] = {"bytes": path.stat().st_size, "sha256": file_sha256(path)}
    return files


def fingerprint(catalog_sha256: str, model: str, options: dict[str, Any]) -> str:
    """Identity of a build: same catalog bytes, model, options, schema and code -> same index."""
    payload = json.dumps(
        {
            "catalog": catalog_sha256,
            "model": model,
            "options": options,
            "schema": SCHEMA_VERSION,
            "code": CODE_VERSION,
        },
        sort_keys=True,
    )
    return hashlib.sha256(payload.encode()).hexdigest()[:16]

"""Read a catalog file (CSV, JSONL or Parquet) into a table of raw string cells.

Everything is read as text so that validation (``assistant.catalog.validation``) sees the
cells exactly as written and can report the row and the reason when one is bad.
"""

from __future__ import annotations

import csv
import io
import json
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from assistant.errors import CatalogError

log = logging.getLogger(__name__)

FORMATS = ("csv", "jsonl", "parquet")
_SNIFF_BYTES = 64 * 1024
csv.field_size_limit(64 * 1024 * 1024)


@dataclass
class RawTable:
    """Rows of raw cells; ``line_numbers[i]`` is the 1-based row number users see for row i."""

    frame: pd.DataFrame
    line_numbers: list[int]
    source: Path
    fmt: str
    encoding: str


def detect_format(path: Path) -> str:
    suffixes = [s.lower() for s in path.suffixes]
    for suffix in reversed(suffixes):
        if suffix in (".csv", ".tsv", ".txt"):
            return "csv"
        if suffix in (".jsonl", ".ndjson", ".json"):
            return "jsonl"
        if suffix in (".parquet", ".pq"):
            return "parquet"
    with path.open("rb") as fh:
        head = fh.read(4)
    if head == b"PAR1":
        return "parquet"
    return "csv"


def read_table(path: str | Path, fmt: str | None = None) -> RawTable:
    """Read ``path``; raise ``CatalogError`` with a clear message when it cannot be used."""
    path = Path(path)
    if not path.exists():
        raise CatalogError(f"catalog file not found: {path}")
    if path.is_dir():
        raise CatalogError(f"catalog path is a directory, not a file: {path}")
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            head = fh.read(_SNIFF_BYTES)
    except OSError as exc:
        raise CatalogError(f"cannot read catalog {path}: {exc.strerror or exc}") from None
    if size == 0 or not head.strip():
        raise CatalogError(f"catalog file is empty: {path}")
    fmt = fmt or detect_format(path)
    if fmt not in FORMATS:
        raise CatalogError(f"unknown catalog format {fmt!r}; expected one of {', '.join(FORMATS)}")
    if fmt == "parquet":
        return _read_parquet(path)
    encoding = _text_encoding(path, head)
    if fmt == "jsonl":
        return _read_jsonl(path, encoding)
    return _read_csv(path, encoding)


def _text_encoding(path: Path, head: bytes) -> str:
    if b"\x00" in head and not head.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise CatalogError(f"catalog {path} looks like a binary file, not CSV or JSONL text")
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "utf-16"
    try:
        with path.open("r", encoding="utf-8-sig") as fh:
            while fh.read(1 << 20):
                pass
        return "utf-8-sig"
    except UnicodeDecodeError as exc:
        log.warning("catalog %s is not valid UTF-8 (%s); reading it as cp1252", path, exc.reason)
    try:
        path.read_bytes().decode("cp1252")
        return "cp1252"
    except UnicodeDecodeError:
        return "latin-1"


def _read_csv(path: Path, encoding: str) -> RawTable:
    with path.open("r", encoding=encoding, newline="") as fh:
        sample = fh.read(_SNIFF_BYTES)
    delimiter = "\t" if path.suffix.lower() == ".tsv" else _delimiter(sample)
    rows: list[list[str]] = []
    line_numbers: list[int] = []
    last: list[str] = []  # the lines of the record being read (the last one at the end)
    try:
        with path.open("r", encoding=encoding, newline="") as fh:
            reader = csv.reader(_remembered(fh, last), delimiter=delimiter)
            header = next(reader, None)
            if header is None:
                raise CatalogError(f"catalog file is empty: {path}")
            last.clear()
            for record in reader:
                tail, start = "".join(last), reader.line_num - len(last) + 1
                last.clear()
                if not any(cell.strip() for cell in record):
                    continue
                rows.append(record)
                line_numbers.append(reader.line_num)
    except csv.Error as exc:
        raise CatalogError(f"catalog {path} is not readable as CSV: {exc}") from None
    if rows:
        _check_quotes_close(path, tail, delimiter, start)
    header = [h.strip() for h in header]
    if len(set(header)) != len(header):
        dupes = sorted({h for h in header if header.count(h) > 1})
        raise CatalogError(f"catalog {path} has duplicate column names: {', '.join(dupes)}")
    width = len(header)
    fixed = [r[:width] + [""] * (width - len(r)) for r in rows]
    frame = pd.DataFrame(fixed, columns=header, dtype=object)
    # rows with more cells than the header are malformed: keep a marker for validation
    frame["__extra_cells__"] = [max(0, len(r) - width) for r in rows]
    return RawTable(frame, line_numbers, path, "csv", encoding)


def _remembered(lines: Iterable[str], kept: list[str]) -> Iterator[str]:
    """``lines``, each also appended to ``kept`` (the caller clears it after each record)."""
    for line in lines:
        kept.append(line)
        yield line


def _check_quotes_close(path: Path, record: str, delimiter: str, start: int) -> None:
    """A quote opened in the last record and never closed makes the lenient reader swallow
    every later line into one cell: refuse the file instead of losing those rows."""
    try:
        for _ in csv.reader(io.StringIO(record), delimiter=delimiter, strict=True):
            pass
    except csv.Error as exc:
        if "unexpected end of data" in str(exc):
            raise CatalogError(
                f"catalog {path}: a quoted field opened on line {start} is never closed "
                "(every later line would be read into it); fix the quote and retry"
            ) from None
        # other strictness complaints ('"x"y') are read leniently, as before


def _delimiter(sample: str) -> str:
    """Comma, tab or semicolon (European spreadsheet exports): the one the header line uses
    most; a comma on a tie."""
    first = sample.splitlines()[0] if sample else ""
    return max((",", "\t", ";"), key=lambda d: (first.count(d), d == ","))


def _read_jsonl(path: Path, encoding: str) -> RawTable:
    records: list[dict[str, Any]] = []
    line_numbers: list[int] = []
    errors: dict[int, str] = {}
    with path.open("r", encoding=encoding) as fh:
        text = fh.read()
    stripped = text.lstrip()
    if stripped.startswith("["):
        # a JSON array of objects is accepted too
        try:
            data = json.loads(stripped)
        except json.JSONDecodeError as exc:
            raise CatalogError(f"catalog {path} is not valid JSON: {exc}") from None
        for i, item in enumerate(data, start=1):
            records.append(item if isinstance(item, dict) else {})
            line_numbers.append(i)
            if not isinstance(item, dict):
                errors[i] = "element is not a JSON object"
    else:
        for number, line in enumerate(io.StringIO(text), start=1):
            if not line.strip():
                continue
            line_numbers.append(number)
            try:
                item = json.loads(line)
            except json.JSONDecodeError as exc:
                records.append({})
                errors[number] = f"invalid JSON ({exc.msg} at column {exc.colno})"
                continue
            if not isinstance(item, dict):
                records.append({})
                errors[number] = "line is not a JSON object"
                continue
            records.append(item)
    if not records:
        raise CatalogError(f"catalog file is empty: {path}")
    if len(errors) == len(records):
        raise CatalogError(f"catalog {path} has no valid JSON object lines")
    frame = pd.DataFrame.from_records(
        [{k: _cell(v) for k, v in r.items()} for r in records]
    ).astype(object)
    frame["__parse_error__"] = [errors.get(n, "") for n in line_numbers]
    return RawTable(frame, line_numbers, path, "jsonl", encoding)


def _read_parquet(path: Path) -> RawTable:
    try:
        import pyarrow.parquet as pq

        table = pq.read_table(path)
    except Exception as exc:  # pyarrow raises many types for damaged files
        raise CatalogError(f"catalog {path} is not a readable Parquet file: {exc}") from None
    frame = table.to_pandas(integer_object_nulls=True)  # ids 101, None stay 101 (not 101.0)
    if frame.empty:
        raise CatalogError(f"catalog file has no rows: {path}")
    frame = frame.astype(object).apply(lambda col: col.map(_cell))
    return RawTable(frame, list(range(1, len(frame) + 1)), path, "parquet", "binary")


def _cell(value: Any) -> Any:
    """Normalise a JSON/Parquet cell: keep dicts (attributes), render everything else as text."""
    if value is None:
        return ""
    if isinstance(value, dict):
        return value
    if isinstance(value, float) and value != value:  # NaN
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if hasattr(value, "tolist"):
        value = value.tolist()
    if isinstance(value, list):
        return json.dumps(value)
    return str(value)

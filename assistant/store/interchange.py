"""Reading and writing event files in the interactions contract.

Columns: ``user_id, product_id, event, value, timestamp``. ``value`` may be absent or empty
(1.0); ``timestamp`` is unix seconds or an ISO-8601 date-time (naive means UTC). Files are CSV
(header row) or JSON Lines, chosen by suffix (``.csv``; ``.jsonl``, ``.ndjson``, ``.json``).
A bad row becomes a ``Reject`` with its line number and reason; a missing column, an unknown
format or an unreadable file is an ``AssistantError``.
"""

from __future__ import annotations

import csv
import json
import math
from collections.abc import Iterable, Iterator, Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, TextIO

from assistant.errors import AssistantError
from assistant.events import EVENT_TYPES, Event
from assistant.store.records import Reject

COLUMNS = ("user_id", "product_id", "event", "value", "timestamp")
REQUIRED_COLUMNS = ("user_id", "product_id", "event", "timestamp")
JSONL_SUFFIXES = (".jsonl", ".ndjson", ".json")
FORMATS = ("csv", "jsonl")


def file_format(path: str | Path) -> str:
    suffix = Path(path).suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix in JSONL_SUFFIXES:
        return "jsonl"
    raise AssistantError(f"cannot tell the format of {path}: use a .csv or .jsonl file")


def parse_timestamp(raw: Any) -> float:
    if raw is None:
        raise ValueError("missing timestamp")
    if isinstance(raw, bool):
        raise ValueError("timestamp must be unix seconds or an ISO date-time")
    if isinstance(raw, int | float):
        value = float(raw)
    else:
        text = str(raw).strip()
        if not text:
            raise ValueError("missing timestamp")
        try:
            value = float(text)
        except ValueError:
            try:
                moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
            except ValueError:
                raise ValueError(f"bad timestamp {text!r}") from None
            if moment.tzinfo is None:
                moment = moment.replace(tzinfo=UTC)
            value = moment.timestamp()
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"bad timestamp {raw!r}")
    return value


def parse_value(raw: Any, event: str) -> float:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return 1.0
    if isinstance(raw, bool):
        raise ValueError(f"bad value {raw!r}")
    try:
        value = float(raw)
    except (TypeError, ValueError):
        raise ValueError(f"bad value {raw!r}") from None
    if not math.isfinite(value) or value < 0:
        raise ValueError(f"bad value {raw!r}")
    if event == "rating" and not 0 <= value <= 5:
        raise ValueError(f"rating must be between 0 and 5, got {value:g}")
    return value


def event_from_row(row: Mapping[str, Any]) -> Event:
    """One row to an ``Event``; ``ValueError`` with a readable reason when it is bad."""
    fields: dict[str, str] = {}
    for name in ("user_id", "product_id", "event"):
        raw = row.get(name)
        text = "" if raw is None else str(raw).strip()
        if not text:
            raise ValueError(f"missing {name}")
        fields[name] = text
    if fields["event"] not in EVENT_TYPES:
        raise ValueError(f"unknown event {fields['event']!r}")
    return Event(
        user_id=fields["user_id"],
        product_id=fields["product_id"],
        event=fields["event"],
        value=parse_value(row.get("value"), fields["event"]),
        timestamp=parse_timestamp(row.get("timestamp")),
    )


def read_events(path: str | Path) -> Iterator[Event | Reject]:
    """Events and rejects of ``path`` in file order (lazily; errors surface while iterating)."""
    fmt = file_format(path)
    try:
        handle = open(path, encoding="utf-8-sig", newline="")  # noqa: SIM115 - closed below
    except OSError as exc:
        raise AssistantError(f"cannot read events file {path}: {exc.strerror or exc}") from None
    try:
        rows = _csv_rows(handle, path) if fmt == "csv" else _jsonl_rows(handle)
        for line, row in rows:
            if isinstance(row, Reject):
                yield row
                continue
            try:
                yield event_from_row(row)
            except ValueError as exc:
                yield Reject(line, str(exc))
    except UnicodeDecodeError as exc:
        raise AssistantError(f"events file {path} is not UTF-8 text: {exc.reason}") from None
    except (OSError, csv.Error) as exc:
        raise AssistantError(f"cannot read events file {path}: {exc}") from None
    finally:
        handle.close()


def _csv_rows(handle: TextIO, path: str | Path) -> Iterator[tuple[int, Mapping[str, Any] | Reject]]:
    reader = csv.DictReader(handle)
    header = [name.strip() for name in reader.fieldnames or []]
    missing = [name for name in REQUIRED_COLUMNS if name not in header]
    if missing:
        raise AssistantError(
            f"events file {path} lacks column(s) {', '.join(missing)}; "
            f"expected {', '.join(COLUMNS)}"
        )
    reader.fieldnames = header
    for row in reader:
        if None in row:
            yield reader.line_num, Reject(reader.line_num, "more fields than the header")
            continue
        yield reader.line_num, row


def _jsonl_rows(handle: TextIO) -> Iterator[tuple[int, Mapping[str, Any] | Reject]]:
    for line_number, line in enumerate(handle, start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
        except json.JSONDecodeError as exc:
            yield line_number, Reject(line_number, f"invalid JSON: {exc.msg}")
            continue
        if not isinstance(row, dict):
            yield line_number, Reject(line_number, "line is not a JSON object")
            continue
        yield line_number, row


def write_events(events: Iterable[Event], out: TextIO, fmt: str) -> int:
    """Write ``events`` to an open text stream; returns how many were written."""
    if fmt not in FORMATS:
        raise AssistantError(f"unknown export format {fmt!r}; expected one of {FORMATS}")
    count = 0
    if fmt == "csv":
        writer = csv.writer(out, lineterminator="\n")
        writer.writerow(COLUMNS)
        for event in events:
            writer.writerow(
                [
                    event.user_id,
                    event.product_id,
                    event.event,
                    repr(event.value),
                    repr(event.timestamp),
                ]
            )
            count += 1
    else:
        for event in events:
            out.write(json.dumps(event.to_dict(), ensure_ascii=False) + "\n")
            count += 1
    return count


def open_output(path: str | Path) -> TextIO:
    try:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        return open(path, "w", encoding="utf-8", newline="")
    except OSError as exc:
        raise AssistantError(f"cannot write {path}: {exc.strerror or exc}") from None

"""The catalog loader under hostile input: it returns products and rejects or raises a
``CatalogError`` with a message, and nothing else escapes (no traceback reaches a user)."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from assistant.catalog import load_catalog
from assistant.catalog.validation import MAX_DESCRIPTION_CHARS, write_rejects
from assistant.errors import CatalogError

FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


def load_or_error(path: Path, fmt: str | None = None):
    try:
        return load_catalog(path, fmt=fmt)
    except CatalogError as exc:
        assert str(exc) and "\n" not in str(exc)
        return None


@FUZZ
@given(
    data=st.binary(max_size=4000), suffix=st.sampled_from([".csv", ".jsonl", ".parquet", ".tsv"])
)
def test_random_bytes(tmp_path_factory, data: bytes, suffix: str) -> None:
    path = tmp_path_factory.mktemp("fuzz") / f"catalog{suffix}"
    path.write_bytes(data)
    load = load_or_error(path)
    if load is not None:
        assert load.products or load.deleted_ids
        assert len(load.products) + len(load.rejects) + len(load.deleted_ids) <= max(
            load.rows_read, 1
        )


cell = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        ["NaN", "-1", "inf", "1e309", "=cmd|' /C calc'!A0", "+SUM(A1)", "@x", "\x00", "\ufeff"]
    ),
)


@FUZZ
@given(rows=st.lists(st.tuples(cell, cell, cell, cell), min_size=1, max_size=30),
       encoding=st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "cp1252"]))  # fmt: skip
def test_random_csv_cells(tmp_path_factory, rows, encoding: str) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "catalog.csv"
    with path.open("w", encoding=encoding, errors="replace", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["product_id", "title", "price", "rating"])
        writer.writerows(rows)
    load = load_or_error(path)
    if load is None:
        return
    ids = [p.product_id for p in load.products]
    assert len(ids) == len(set(ids))  # duplicates are rejected, never kept twice
    for p in load.products:
        assert p.product_id and p.title
        assert p.price is None or (p.price >= 0 and p.price == p.price and p.price != float("inf"))
        assert p.rating is None or 0 <= p.rating <= 5
    out = path.with_name("rejects.csv")
    write_rejects(load.rejects, out)
    for row in csv.DictReader(out.open(encoding="utf-8")):
        for value in row.values():
            assert not value.startswith(("=", "+", "-", "@")), value


@FUZZ
@given(records=st.lists(st.dictionaries(
    st.sampled_from(["product_id", "title", "price", "attributes", "in_stock", "x"]),
    st.one_of(st.none(), st.integers(), st.floats(allow_nan=True), st.text(max_size=20),
              st.lists(st.integers(), max_size=3), st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=3)),
), max_size=20))  # fmt: skip
def test_random_jsonl_records(tmp_path_factory, records) -> None:
    path = tmp_path_factory.mktemp("fuzz") / "catalog.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    load_or_error(path)


def test_huge_field_is_a_reject_not_a_crash(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    huge = "x" * (MAX_DESCRIPTION_CHARS + 10)
    path.write_text(f"product_id,title,description\nA,ok,fine\nB,big,{huge}\n", encoding="utf-8")
    load = load_catalog(path)
    assert [p.product_id for p in load.products] == ["A"]
    assert load.rejects[0].row == 3 and "description longer" in load.rejects[0].reason


def test_one_hundred_thousand_columns(tmp_path: Path) -> None:
    path = tmp_path / "wide.csv"
    header = ["product_id", "title"] + [f"c{i}" for i in range(100_000)]
    row = ["W1", "Wide"] + ["1"] * 100_000
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows([header, row])
    load = load_catalog(path)
    assert [p.product_id for p in load.products] == ["W1"]


@pytest.mark.parametrize("price", ["NaN", "-3", "inf", "-inf", "1e400", "$12.50", "12,50"])
def test_odd_prices(tmp_path: Path, price: str) -> None:
    path = tmp_path / "p.csv"
    with path.open("w", newline="", encoding="utf-8") as fh:
        csv.writer(fh).writerows(
            [["product_id", "title", "price"], ["OK", "fine", "1"], ["P", "t", price]]
        )
    load = load_catalog(path)
    prices = {p.product_id: p.price for p in load.products}
    if "P" in prices:  # accepted only as a real, finite, non-negative number
        assert prices["P"] is not None and 0 <= prices["P"] < float("inf")
    else:
        assert load.rejects[0].row == 3 and "price" in load.rejects[0].reason

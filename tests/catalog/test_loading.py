"""Catalog loading per the contract: formats, mapping, Shopify preset, rejects, clear errors."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pandas as pd
import pytest

from assistant.catalog import load_catalog, parse_mapping
from assistant.catalog.validation import write_rejects
from assistant.errors import CatalogError

ROWS = [
    {
        "product_id": "A1",
        "title": "Trail Runner 2",
        "description": "Waterproof trail shoe with a grippy sole.",
        "brand": "Pacer",
        "category": "Shoes > Running",
        "price": "89.50",
        "color": "blue",
        "size": "10",
        "rating": "4.5",
        "review_count": "312",
        "in_stock": "true",
        "attributes": "material: mesh; waterproof: yes",
    },
    {
        "product_id": "A2",
        "title": "Cast Iron Pan",
        "description": "",
        "brand": "Brewlab",
        "category": "Kitchen>Cookware",
        "price": "",
        "color": "",
        "size": "",
        "rating": "",
        "review_count": "",
        "in_stock": "no",
        "attributes": '{"material": "cast iron"}',
    },
]


def write_csv(path: Path, rows: list[dict[str, str]]) -> Path:
    with path.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(rows[0]))
        writer.writeheader()
        writer.writerows(rows)
    return path


@pytest.mark.parametrize("fmt", ["csv", "jsonl", "parquet"])
def test_every_format_gives_the_same_products(tmp_path: Path, fmt: str) -> None:
    path = tmp_path / f"catalog.{fmt}"
    if fmt == "csv":
        write_csv(path, ROWS)
    elif fmt == "jsonl":
        path.write_text("".join(json.dumps(r) + "\n" for r in ROWS), encoding="utf-8")
    else:
        pd.DataFrame(ROWS).to_parquet(path)
    load = load_catalog(path)
    assert load.format == fmt and not load.rejects
    a1, a2 = load.products
    assert (a1.product_id, a1.title, a1.price, a1.rating, a1.review_count) == (
        "A1",
        "Trail Runner 2",
        89.5,
        4.5,
        312,
    )
    assert a1.attributes == {"material": "mesh", "waterproof": "yes"}
    assert a1.in_stock is True and a2.in_stock is False
    assert a2.category == "Kitchen > Cookware" and a2.price is None
    assert a2.attributes == {"material": "cast iron"}


def test_column_mapping(tmp_path: Path) -> None:
    path = tmp_path / "foreign.csv"
    path.write_text("sku,name,cost\nX1,Yoga Mat,25\nX2,Block,9.5\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="missing required column"):
        load_catalog(path)
    load = load_catalog(path, parse_mapping(["product_id=sku", "title=name", "price=cost"]))
    assert [(p.product_id, p.title, p.price) for p in load.products] == [
        ("X1", "Yoga Mat", 25.0),
        ("X2", "Block", 9.5),
    ]


@pytest.mark.parametrize("bad", ["title", "title=", "colour=x", "price"])
def test_bad_mapping_is_a_clear_error(bad: str) -> None:
    with pytest.raises(CatalogError, match="bad --map"):
        parse_mapping([bad])


def test_mapping_to_a_column_the_file_lacks(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "c.csv", ROWS)
    with pytest.raises(CatalogError, match="not in"):
        load_catalog(path, {"title": "product_name"})


SHOPIFY_HEADER = (
    "Handle,Title,Body (HTML),Vendor,Type,Tags,Option1 Name,Option1 Value,Option2 Name,"
    "Option2 Value,Variant SKU,Variant Price,Variant Inventory Qty,Image Src\n"
)


def test_shopify_export_folds_variants_and_strips_html(tmp_path: Path) -> None:
    path = tmp_path / "products_export.csv"
    path.write_text(
        SHOPIFY_HEADER
        + 'trail-tee,Trail Tee,"<p>Soft <b>merino</b> tee.</p><ul><li>Quick dry</li></ul>",'
        "Pacer,Shirts,outdoor,Size,S,Color,Red,TT-S-R,30.00,0,https://x/img.jpg\n"
        "trail-tee,,,,,,,M,,Red,TT-M-R,32.00,4,\n"
        "trail-tee,,,,,,,L,,Blue,TT-L-B,34.00,0,\n"
        "mug,Camp Mug,<p>Enamel &amp; steel</p>,Brewlab,Kitchen,,Title,Default Title,,,M-1,12,3,\n",
        encoding="utf-8",
    )
    load = load_catalog(path, preset="shopify")
    assert [p.product_id for p in load.products] == ["trail-tee", "mug"]
    tee, mug = load.products
    assert tee.title == "Trail Tee" and tee.brand == "Pacer"
    assert tee.price == 30.0  # the cheapest variant
    assert tee.size == "S, M, L" and tee.color == "Red, Blue"
    assert tee.in_stock is True  # one variant has stock
    assert "<" not in tee.description and "merino" in tee.description
    assert "Quick dry" in tee.description
    assert mug.description == "Enamel & steel"


def test_shopify_untracked_stock_currency_prices_and_unpublished_products(tmp_path: Path) -> None:
    path = tmp_path / "products_export.csv"
    path.write_text(
        "Handle,Title,Variant Price,Variant Inventory Tracker,Variant Inventory Qty,Status\n"
        "gift-card,Gift Card,$15.00,,,active\n"  # untracked stock: always for sale
        "tracked,Tracked Mug,12,shopify,0,active\n"
        "draft-mug,Draft Mug,9,,,draft\n"
        "odd-price,Odd Price,ask us,,,active\n"
        'comma,Comma Price,"12,50",,,active\n'
        "sold-out,Sold Out Tee,20,shopify,0,active\n"
        "sold-out,,,,,\n",  # an extra image row: no variant, blank tracker
        encoding="utf-8",
    )
    load = load_catalog(path, preset="shopify")
    products = {p.product_id: p for p in load.products}
    assert set(products) == {"gift-card", "tracked", "sold-out"}
    assert products["gift-card"].price == 15.0 and products["gift-card"].in_stock is True
    assert products["tracked"].in_stock is False
    assert products["sold-out"].in_stock is False  # the image row does not make it for sale
    reasons = {r.product_id: r.reason for r in load.rejects}
    assert "Status: draft" in reasons["draft-mug"]
    assert "price" in reasons["odd-price"] and "ask us" in reasons["odd-price"]
    assert "ambiguous" in reasons["comma"]


def test_shopify_preset_on_a_non_shopify_file(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="not a Shopify product export"):
        load_catalog(write_csv(tmp_path / "c.csv", ROWS), preset="shopify")


def test_bad_rows_are_rejected_with_row_number_and_reason(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(
        "product_id,title,price,rating\n"
        "G1,Good one,10,4\n"
        ",No id,10,4\n"
        "G2,,10,4\n"
        "G3,Negative,-5,4\n"
        "G4,Too good,10,7\n"
        "G1,Duplicate,10,4\n"
        "G5,Not a price,ten dollars,4\n"
        "G6,Extra cells,1,2,3\n"
        "G7,Also good,,\n"
        "G8,NaN price,NaN,4\n",
        encoding="utf-8",
    )
    load = load_catalog(path)
    assert [p.product_id for p in load.products] == ["G1", "G7"]
    reasons = {r.row: r.reason for r in load.rejects}
    assert set(reasons) == {3, 4, 5, 6, 7, 8, 9, 11}
    assert "missing product_id" in reasons[3]
    assert "missing title" in reasons[4]
    assert "price" in reasons[5]
    assert "rating" in reasons[6]
    assert "duplicate product_id" in reasons[7] and "row 2" in reasons[7]
    assert "price" in reasons[8]
    assert "more cell" in reasons[9]
    assert "price" in reasons[11]
    assert load.summary()["rejected"] == 8 and load.summary()["products"] == 2


def test_a_decimal_comma_price_is_rejected_not_misread(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(
        'product_id,title,price\nA,a,"12,50"\nB,b,"1,299.00"\nC,c,"1.299,00"\nD,d,$15.00\n',
        encoding="utf-8",
    )
    load = load_catalog(path)
    assert [(p.product_id, p.price) for p in load.products] == [("B", 1299.0), ("D", 15.0)]
    assert {r.product_id: "ambiguous" in r.reason for r in load.rejects} == {"A": True, "C": True}


def test_an_unclosed_quote_is_an_error_not_lost_rows(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text(
        'product_id,title,price\nQ0,"Two\nlines",3\nQ1,6" pipe,1\nQ2,"Unclosed,10\nQ3,x,5\n',
        encoding="utf-8",
    )
    with pytest.raises(CatalogError, match="opened on line 5 is never closed"):
        load_catalog(path)
    path.write_text('product_id,title,price\nQ0,"Two\nlines",3\nQ1,6" pipe,1\n', encoding="utf-8")
    assert [p.title for p in load_catalog(path).products] == ["Two\nlines", '6" pipe']


def test_parquet_integer_ids_with_a_gap_stay_integers(tmp_path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = tmp_path / "c.parquet"
    table = pa.table(
        {"product_id": pa.array([101, None, 104], pa.int64()), "title": ["a", "b", "c"]}
    )
    pq.write_table(table, path)
    load = load_catalog(path)
    assert [p.product_id for p in load.products] == ["101", "104"]
    assert len(load.rejects) == 1 and "missing product_id" in load.rejects[0].reason


def test_rejects_file_neutralises_formula_injection(tmp_path: Path) -> None:
    path = tmp_path / "c.csv"
    path.write_text("product_id,title,price\nG1,ok,1\n=cmd|' /C calc'!A0,x,-1\n", encoding="utf-8")
    load = load_catalog(path)
    out = tmp_path / "rejects.csv"
    write_rejects(load.rejects, out)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows[0]["row"] == "3"
    assert not rows[0]["product_id"].startswith("=")
    assert "cmd" in rows[0]["product_id"]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.csv", b"", "empty"),
        ("blank.csv", b"\n\n  \n", "empty"),
        ("binary.csv", bytes(range(256)) * 20, "binary"),
        ("no_title.csv", b"product_id,price\n1,2\n", "missing required column"),
        ("all_bad.csv", b"product_id,title\n,x\n,y\n", "no valid rows"),
        ("broken.jsonl", b"{not json\n[1,2]\n", "no valid JSON object"),
        ("bad.parquet", b"PAR1 this is not parquet", "not a readable Parquet"),
    ],
)
def test_unusable_files_are_clear_errors(
    tmp_path: Path, name: str, content: bytes, message: str
) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CatalogError, match=message):
        load_catalog(path)


def test_missing_file_and_directory(tmp_path: Path) -> None:
    with pytest.raises(CatalogError, match="not found"):
        load_catalog(tmp_path / "nope.csv")
    with pytest.raises(CatalogError, match="directory"):
        load_catalog(tmp_path)


def test_non_utf8_csv_is_read(tmp_path: Path) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes("product_id,title\nC1,Café crème mug\n".encode("cp1252"))
    assert load_catalog(path).products[0].title == "Café crème mug"


def test_utf8_bom_and_utf16(tmp_path: Path) -> None:
    bom = tmp_path / "bom.csv"
    bom.write_bytes("\ufeffproduct_id,title\nB1,Bom\n".encode())
    assert load_catalog(bom).products[0].product_id == "B1"
    u16 = tmp_path / "u16.csv"
    u16.write_bytes("product_id,title\nU1,Wide\n".encode("utf-16"))
    assert load_catalog(u16).products[0].title == "Wide"


def test_deleted_rows_are_reported_as_deletions(tmp_path: Path) -> None:
    path = tmp_path / "changes.csv"
    path.write_text("product_id,title,deleted\nA1,,true\nA3,New,false\n", encoding="utf-8")
    load = load_catalog(path)
    assert load.deleted_ids == ["A1"]
    assert [p.product_id for p in load.products] == ["A3"]


def test_semicolon_separated_and_header_only_files(tmp_path: Path) -> None:
    semi = tmp_path / "semi.csv"
    semi.write_text("product_id;title;price\nA;Mug;5\nB;Cup, large;6\n", encoding="utf-8")
    assert [(p.title, p.price) for p in load_catalog(semi).products] == [
        ("Mug", 5.0), ("Cup, large", 6.0),
    ]  # fmt: skip
    header = tmp_path / "header.csv"
    header.write_text("product_id,title\n", encoding="utf-8")
    with pytest.raises(CatalogError, match="has a header but no product rows"):
        load_catalog(header)


def test_mapping_one_column_to_two_fields_and_mapping_mistakes(tmp_path: Path) -> None:
    path = tmp_path / "foreign.csv"
    path.write_text("sku,name,cost\nA1,Red mug,5\n", encoding="utf-8")
    load = load_catalog(path, parse_mapping(["product_id=sku", "title=sku", "price=cost"]))
    assert [(p.product_id, p.title, p.price) for p in load.products] == [("A1", "A1", 5.0)]
    with pytest.raises(CatalogError, match="title is already mapped to 'name'"):
        parse_mapping(["title=name", "title=cost"])
    with pytest.raises(CatalogError, match=r"\(columns: sku, name, cost\)$"):
        load_catalog(path, parse_mapping(["product_id=nope", "title=name"]))

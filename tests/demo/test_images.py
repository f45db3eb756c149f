"""Placeholder images: well-formed SVG, escaped text, one file per image_url, small in total."""

from __future__ import annotations

import xml.etree.ElementTree as ET

from assistant.demo.catalog_generator import ImageSpec
from assistant.demo.images import render_svg

SVG = "{http://www.w3.org/2000/svg}"


def test_every_image_url_points_to_a_well_formed_svg(default_shop):
    out = default_shop.summary.out_dir
    urls = {p["image_url"] for p in default_shop.products}
    files = {f"images/{f.name}" for f in (out / "images").iterdir()}
    assert urls == files
    total = 0
    for url in sorted(urls):
        data = (out / url).read_bytes()
        total += len(data)
        root = ET.fromstring(data)
        assert root.tag == f"{SVG}svg"
        texts = [t.text for t in root.iter(f"{SVG}text")]
        assert len(texts) == 3
    assert total < 5_000_000
    assert total == default_shop.summary.images_bytes


def test_brand_text_is_escaped_and_round_trips(default_shop):
    out = default_shop.summary.out_dir
    for product in default_shop.products:
        if "&" in product["brand"]:
            raw = (out / product["image_url"]).read_text(encoding="utf-8")
            assert "&amp;" in raw
            root = ET.fromstring(raw)
            assert product["brand"] in [t.text for t in root.iter(f"{SVG}text")]
            break
    else:
        raise AssertionError("the demo should have a brand with '&' in its name")


def test_hostile_text_cannot_break_the_svg():
    spec = ImageSpec("x.svg", 'Bad <"Cat">', "<&>", 'Evil" onload="alert(1)', "red")
    root = ET.fromstring(render_svg(spec))
    assert [t.text for t in root.iter(f"{SVG}text")] == [
        "<&>",
        'Evil" onload="alert(1)',
        'Bad <"Cat">',
    ]
    assert "onload" not in root.attrib
    assert root.attrib["aria-label"].startswith('Evil" onload')

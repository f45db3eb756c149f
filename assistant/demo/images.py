"""Placeholder product images: small SVG tiles in the product colour, served from disk."""

from __future__ import annotations

from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

from assistant.demo.catalog_generator import ImageSpec
from assistant.demo.vocabulary import PALETTE


def text_color(background_hex: str) -> str:
    """Black or white, whichever reads better on the background."""
    r, g, b = (int(background_hex[i : i + 2], 16) for i in (1, 3, 5))
    luminance = 0.2126 * r + 0.7152 * g + 0.0722 * b
    return "#111111" if luminance > 150 else "#ffffff"


def render_svg(spec: ImageSpec) -> str:
    """The SVG document for one tile; every piece of text is XML-escaped."""
    fill = PALETTE.get(spec.color, "#8a8d91")
    ink = text_color(fill)
    label = quoteattr(f"{spec.brand} {spec.category.lower()}, {spec.color}")
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<svg xmlns="http://www.w3.org/2000/svg" width="256" height="256" '
        f'viewBox="0 0 256 256" role="img" aria-label={label}>\n'
        f'  <rect width="256" height="256" rx="24" fill="{fill}"/>\n'
        f'  <circle cx="128" cy="108" r="62" fill="{ink}" fill-opacity="0.12"/>\n'
        f'  <text x="128" y="132" font-family="Helvetica, Arial, sans-serif" font-size="64" '
        f'font-weight="700" text-anchor="middle" fill="{ink}">{escape(spec.icon)}</text>\n'
        f'  <text x="128" y="206" font-family="Helvetica, Arial, sans-serif" font-size="20" '
        f'text-anchor="middle" fill="{ink}">{escape(spec.brand)}</text>\n'
        f'  <text x="128" y="232" font-family="Helvetica, Arial, sans-serif" font-size="13" '
        f'text-anchor="middle" fill="{ink}" fill-opacity="0.8">{escape(spec.category)}</text>\n'
        "</svg>\n"
    )


def write_images(specs: list[ImageSpec], directory: Path) -> int:
    """Write one SVG per spec into ``directory``; returns the total bytes written."""
    directory.mkdir(parents=True, exist_ok=True)
    total = 0
    for spec in specs:
        data = render_svg(spec).encode("utf-8")
        (directory / spec.file_name).write_bytes(data)
        total += len(data)
    return total

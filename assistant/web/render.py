"""HTML for the web app: product cards, constraint chips, badges, orders, policy passages.

Every catalog or user string goes through ``esc`` (``html.escape`` plus the characters that
template engines treat specially), so a product titled ``<img src=x onerror=...>`` shows as
text. Images are only ever served from the local demo/catalog directory, never fetched from
the internet.
"""

from __future__ import annotations

import html
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any
from urllib.parse import quote

from assistant.catalog.measures import litres_text, weight_text
from assistant.engine.replies import price_text
from assistant.engine.state import ORDER_NAMES
from assistant.engine.turn import ProductCard
from assistant.text_cut import reviews, shorten

FILE_ROUTE = "/gradio_api/file="
_TEMPLATE_CHARS = str.maketrans({"{": "&#123;", "}": "&#125;", "$": "&#36;", "`": "&#96;"})

CONSTRAINT_LABELS = {
    "price_min": "from",
    "price_max": "up to",
    "brand": "brand",
    "brands": "brand",
    "color": "colour",
    "colors": "colour",
    "size": "size",
    "sizes": "size",
    "category": "category",
    "in_stock_only": "in stock only",
    "exclude_brands": "not brand",
    "exclude_terms": "without",
    "child_age": "for age",
    "weight_max": "at most",
    "capacity_min": "at least",
}


# the search text is shown, not removable; profile soft filters show in the profile panel
NOT_CHIPS = frozenset(
    {"query", "order", "profile_filters", "price_min_strict", "price_max_strict",
     "capacity_min_strict", "weight_max_strict"}
)  # fmt: skip
# one spelling in the UI: the replies write British "colour"
FIELD_LABELS = {"color": "Colour", "colors": "Colours"}
LOOKING_FOR_CHARS = 60  # the "Looking for" line stays on one line


def esc(value: Any) -> str:
    """Escape any value for HTML text or a quoted attribute."""
    return html.escape("" if value is None else str(value), quote=True).translate(_TEMPLATE_CHARS)


# Markdown syntax a chat bubble would otherwise act on: links, images, emphasis, code,
# headings, tables, strike-through; "://" and "www." would become links on their own (GFM).
_MARKDOWN_CHARS = str.maketrans({c: "\\" + c for c in "\\`*_[]#|~"})


def chat_text(value: Any) -> str:
    """Text for a chat bubble (rendered as Markdown) shown exactly as written: HTML and
    Markdown syntax show as text, so a message or a catalog title cannot make a link, load an
    image or change the formatting of the assistant's reply."""
    text = html.escape("" if value is None else str(value), quote=False)
    text = text.translate(_MARKDOWN_CHARS)
    return text.replace("://", "\\://").replace("www.", "www\\.")


# *word* marks emphasis in the engine's reasons ("matches *waterproof*")
_EMPHASIS = re.compile(r"\*{1,2}(?=\S)([^*\n]+?)(?<=\S)\*{1,2}")


def emphasis(value: Any) -> str:
    """A reason as HTML: escaped, its ``*marked*`` words in <em> (no asterisk shows)."""
    return _EMPHASIS.sub(r"<em>\1</em>", esc(value))


def reply_text(value: Any) -> str:
    """An assistant reply for a chat bubble: its ``*emphasis*`` markers dropped, then shown
    as text like ``chat_text`` (a reply cannot format itself either)."""
    return chat_text(_EMPHASIS.sub(r"\1", "" if value is None else str(value)))


def template_safe(markup: str) -> str:
    """Already-escaped HTML made inert for the front end's templates ({{ }}, ${ }, `)."""
    return markup.translate(_TEMPLATE_CHARS)


def money(price: float | None, currency: str = "$") -> str:
    """Order totals (two decimals always)."""
    return "price not listed" if price is None else f"{currency}{price:,.2f}"


class ImageResolver:
    """Maps a catalog ``image_url`` to a URL the app serves itself, or None.

    Relative paths (``images/x.svg``) are looked up under ``root``; anything that would leave
    ``root``, remote URLs and data/javascript URLs give None (a placeholder is drawn)."""

    def __init__(self, root: Path | None) -> None:
        self.root = root.resolve() if root is not None else None

    def __call__(self, image_url: str | None) -> str | None:
        if not image_url or self.root is None or ":" in image_url.split("/", 1)[0]:
            return None
        path = (self.root / image_url.lstrip("/")).resolve()
        if not path.is_file() or not path.is_relative_to(self.root):
            return None
        return FILE_ROUTE + quote(str(path))


def product_card(
    card: ProductCard,
    position: int,
    images: ImageResolver,
    actions: bool = True,
    opinion: str | None = None,
) -> str:
    """One card; ``opinion`` ("like" / "dislike") shows that button pressed."""
    src = images(card.image_url)
    image = (
        f'<img class="card-image" src="{esc(src)}" alt="{esc(card.title)}" loading="lazy">'
        if src
        else f'<div class="card-image placeholder" aria-hidden="true">{esc(card.brand[:1])}</div>'
    )
    rating = (
        f'<span class="rating">★ {card.rating:.1f} ({reviews(card.review_count)})</span>'
        if card.rating is not None
        else '<span class="rating">no ratings yet</span>'
    )
    stock = (
        '<span class="stock in">In stock</span>'
        if card.in_stock
        else '<span class="stock out">Out of stock</span>'
    )
    outside = (
        '<span class="outside">outside your filters</span>' if card.outside_constraints else ""
    )
    reasons = "".join(f"<li>{emphasis(r)}</li>" for r in card.reasons)
    why = f'<ul class="why" aria-label="Why this">{reasons}</ul>' if reasons else ""
    buttons = ""
    if actions:
        pid = esc(card.product_id)
        buttons = (
            '<div class="card-actions">'
            f'<button data-action="like" data-product="{pid}" data-pos="{position}" '
            f'aria-label="Like this product" title="Like"{_pressed(opinion == "like")}>'
            f"{'Liked' if opinion == 'like' else 'Like'}</button>"
            f'<button data-action="dislike" data-product="{pid}" data-pos="{position}" '
            f'aria-label="Dislike this product" title="Dislike"{_pressed(opinion == "dislike")}>'
            f"{'Disliked' if opinion == 'dislike' else 'Dislike'}</button>"
            f'<button data-action="more" data-product="{pid}" data-pos="{position}" '
            f'class="more">More like this</button></div>'
        )
    return (
        f'<article class="product-card" data-product="{esc(card.product_id)}">'
        f'<span class="pos">{position}</span>{image}<div class="card-body">'
        f'<h4 class="card-title">{esc(card.title)}</h4>'
        f'<div class="card-brand">{esc(card.brand)}</div>'
        f'<div class="card-meta"><span class="price">{esc(price_text(card.price))}</span>'
        f"{rating}{stock}{outside}</div>{why}{buttons}</div></article>"
    )


def _pressed(on: bool) -> str:
    return ' aria-pressed="true" class="pressed"' if on else ' aria-pressed="false"'


def product_grid(
    cards: Sequence[ProductCard],
    images: ImageResolver,
    empty: str,
    actions: bool = True,
    turn: int | None = None,
    opinions: Mapping[str, str] | None = None,
) -> str:
    """The cards; ``turn`` (completed turns so far) lets tests and benches see a turn end;
    ``opinions`` (product id -> "like" / "dislike") shows the shopper's pressed buttons."""
    mark = "" if turn is None else f' data-turn="{int(turn)}"'
    if not cards:
        return f'<div class="cards empty"{mark}>{esc(empty)}</div>'
    said = opinions or {}
    inner = "".join(
        product_card(c, i, images, actions, said.get(c.product_id)) for i, c in enumerate(cards, 1)
    )
    return f'<div class="cards"{mark}>{inner}</div>'


def comparison_table(
    rows: Sequence[Mapping[str, Any]] | None, products: Sequence[ProductCard] = ()
) -> str:
    """Side-by-side rows of a compare turn (``{"field", "label", "values"}`` each); prices
    are written as on the cards when the compared ``products`` are given (same order)."""
    if not rows:
        return ""
    body = "".join(
        f"<tr><th>{esc(FIELD_LABELS.get(str(r.get('field')), r.get('label', r.get('field', ''))))}"
        "</th>" + "".join(f"<td>{esc(v)}</td>" for v in _row_values(r, products)) + "</tr>"
        for r in rows
    )
    return f'<table class="comparison" aria-label="Comparison">{body}</table>'


def _row_values(row: Mapping[str, Any], products: Sequence[ProductCard]) -> list[Any]:
    values = list(row.get("values", []))
    if row.get("field") == "price" and len(products) == len(values):
        return [price_text(p.price) for p in products]
    return values


def constraint_items(constraints: Mapping[str, Any]) -> list[tuple[str, Any, str]]:
    """(key, value, label) for each removable constraint; lists give one chip per value."""
    items: list[tuple[str, Any, str]] = []
    for key, value in constraints.items():
        if key in NOT_CHIPS or value in (None, "", [], False, {}):
            continue
        name = CONSTRAINT_LABELS.get(key, key.replace("_", " "))
        if isinstance(value, list | tuple | set):
            items.extend((key, v, f"{name}: {v}") for v in value)
        elif key in {"price_min", "price_max"} and isinstance(value, int | float):
            if constraints.get(f"{key}_strict"):  # a bound from a shown price excludes it
                name = "over" if key == "price_min" else "under"
            items.append((key, None, f"{name} {price_text(float(value))}"))
        elif key == "sort":
            items.append((key, None, ORDER_NAMES.get(str(value), str(value))))
        elif key == "child_age":
            items.append((key, None, f"{name} {value}"))
        elif key == "weight_max" and isinstance(value, int | float):
            name = "under" if constraints.get("weight_max_strict") else name
            items.append((key, None, f"{name} {weight_text(float(value))}"))
        elif key == "capacity_min" and isinstance(value, int | float):
            name = "more than" if constraints.get("capacity_min_strict") else name
            items.append((key, None, f"{name} {litres_text(float(value))}"))
        elif value is True:
            items.append((key, None, name))
        else:
            items.append((key, None, f"{name}: {value}"))
    return items


def constraint_chips(constraints: Mapping[str, Any], looking_for: str | None = None) -> str:
    """Removable chips, after "Looking for: <the search>" (``looking_for`` when given, else
    the constraints' query), kept to one line with an ellipsis."""
    items = constraint_items(constraints)
    query = " ".join(str(looking_for or constraints.get("query") or "").split())
    looking = ""
    if query:
        short = shorten(query, LOOKING_FOR_CHARS)
        full = f' title="{esc(shorten(query, 300))}"' if short != query else ""
        looking = f'<span class="chips-query"{full}>Looking for: <b>{esc(short)}</b></span>'
    if not items:
        return (
            f'<div class="chips empty">{looking or "No filters yet: describe what you need."}</div>'
        )
    chips = "".join(
        f'<button class="chip" data-action="remove" data-key="{esc(key)}" '
        f'data-value="{esc("" if value is None else value)}" '
        f'aria-label="Remove filter {esc(label)}">{esc(label)} <span aria-hidden="true">✕</span>'
        "</button>"
        for key, value, label in items
    )
    return f'<div class="chips">{looking}<span class="chips-title">Filters:</span>{chips}</div>'


def badges(
    intent: str, confidence: float, sentiment: str, escalate: bool, reason: str | None
) -> str:
    flag = (
        f'<span class="badge escalate" title="{esc(reason or "")}">Escalate'
        f"{': ' + esc(reason) if reason else ''}</span>"
        if escalate
        else '<span class="badge ok">No escalation</span>'
    )
    return (
        '<div class="badges">'
        f'<span class="badge intent">Intent: {esc(intent)} ({confidence:.0%})</span>'
        f'<span class="badge sentiment {esc(sentiment)}">Sentiment: {esc(sentiment)}</span>'
        f"{flag}</div>"
    )


def passages(items: Sequence[Mapping[str, Any]]) -> str:
    if not items:
        return '<div class="passages empty">No policy passage applies.</div>'
    blocks = []
    for p in items:
        page = p.get("title") or p.get("page")
        source = " › ".join(esc(x) for x in (page, p.get("heading")) if x)
        cited = ' <span class="cited">cited in the draft</span>' if p.get("cited") else ""
        blocks.append(
            f'<blockquote class="passage"><div class="source">{source}{cited}</div>'
            f"<p>{esc(p.get('text', ''))}</p></blockquote>"
        )
    return "".join(blocks)


def key_values(title: str, data: Mapping[str, Any]) -> str:
    rows = "".join(f"<tr><th>{esc(k)}</th><td>{esc(_flat(v))}</td></tr>" for k, v in data.items())
    return f'<div class="kv"><h4>{esc(title)}</h4><table>{rows}</table></div>'


def _flat(value: Any) -> str:
    if isinstance(value, list | tuple):
        return "; ".join(_flat(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_flat(v)}" for k, v in value.items())
    if isinstance(value, float):
        return f"{value:.4g}"
    return "" if value is None else str(value)

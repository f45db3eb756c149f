"""HTML for the shopper tab's profile panel (the web app adds the remove / correct controls).

``profile_panel_html(ProfileService.view(user_id))`` lists each item with its label,
confidence, evidence and source, each row tagged with ``data-key`` (the key that
``ProfileService.remove`` / ``correct`` take). Every piece of text is HTML-escaped: evidence
quotes what the shopper typed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from html import escape
from typing import Any

GROUPS = (
    ("Sizes", ("size",)),
    ("Brands", ("brand", "avoid_brand")),
    ("Categories", ("category",)),
    ("Price", ("price_band",)),
    ("Colours", ("color",)),
    ("Avoid", ("exclude", "lifestyle")),
)


def profile_panel_html(
    view: Mapping[str, Any],
    soft_filters: Sequence[Mapping[str, str]] = (),
    actions: bool = False,
) -> str:
    """``actions``: "Correct" and "Remove" buttons per item (``data-action`` "correct" /
    "forget", ``data-key``; "correct" also carries the current value in ``data-value``)."""
    if view.get("hidden"):
        return (
            '<div class="profile-panel profile-hidden">Personalisation is off: your profile '
            "is hidden and not used. Turn it on to see and use it.</div>"
        )
    items: list[Mapping[str, Any]] = list(view.get("items") or [])
    if not items:
        return (
            '<div class="profile-panel profile-empty">Nothing learned yet. Tell me your size '
            'or what you avoid ("I\'m a size 10", "no leather"), or shop a little.</div>'
        )
    parts = ['<div class="profile-panel">']
    if soft_filters:
        chips = "".join(
            f'<span class="soft-filter" data-key="{escape(str(f["key"]))}">'
            f"{escape(str(f['label']))}</span>"
            for f in soft_filters
        )
        parts.append(f'<div class="soft-filters">Applied now: {chips}</div>')
    for title, kinds in GROUPS:
        rows = [i for i in items if i.get("kind") in kinds]
        if not rows:
            continue
        parts.append(f"<h4>{escape(title)}</h4><ul>")
        for item in rows:
            source = "you told us" if item.get("source") == "stated" else "learned"
            parts.append(
                f'<li data-key="{escape(str(item["key"]))}">'
                f'<span class="label">{escape(str(item.get("label", "")))}</span> '
                f'<span class="confidence">{float(item.get("confidence", 0)):.0%}</span> '
                f'<span class="source">{source}</span> '
                f'<span class="evidence">{escape(str(item.get("evidence", "")))}</span>'
                f"{_controls(item) if actions else ''}</li>"
            )
        parts.append("</ul>")
    parts.append("</div>")
    return "".join(parts)


def _controls(item: Mapping[str, Any]) -> str:
    key = escape(str(item["key"]))
    label = escape(str(item.get("label", "")))
    value = escape(_value_text(item.get("value")))
    return (
        f' <button class="correct" data-action="correct" data-key="{key}" data-value="{value}" '
        f'aria-label="Correct {label}" title="Correct">Correct</button>'
        f' <button class="forget" data-action="forget" data-key="{key}" '
        f'aria-label="Remove {label} from my profile" title="Remove">Remove</button>'
    )


def _value_text(value: Any) -> str:
    """The value as the shopper would type it back ("10", "20-60" for a price band)."""
    if isinstance(value, Mapping) and "low" in value and "high" in value:
        return f"{float(value['low']):g}-{float(value['high']):g}"
    return "" if value is None else str(value)

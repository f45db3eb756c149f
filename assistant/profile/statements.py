"""Stated preferences in chat text -> explicit profile items (``source="stated"``).

Only first-person statements about the shopper count: "I'm a size 10", "my shoe size is
9.5", "I wear a medium", "I hate leather", "I'm vegan", "I love Brewlab", "I don't like
Kinetic", "my favourite colour is navy". A request ("size 10 running shoes") or a statement
about someone else ("my husband is a size 10") is not a profile fact: the search filters
already handle the first, and the second must not change the shopper's own profile.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from assistant.nlu import lexicon
from assistant.privacy import redact
from assistant.profile.model import ProfileItem

_LETTER = {
    "xs": "XS",
    "extra small": "XS",
    "s": "S",
    "small": "S",
    "m": "M",
    "medium": "M",
    "l": "L",
    "large": "L",
    "xl": "XL",
    "extra large": "XL",
    "xxl": "XXL",
}
_SIZE_VALUE = (
    r"(?P<size>\d{1,2}(?:[.,]5)?(?!\d)|xxl|xl|xs|s|m|l|extra small|extra large|small|medium|large)"
)
_SHOE_WORDS = re.compile(r"\b(shoes?|sneakers?|trainers?|boots?|footwear|feet|foot)\b", re.I)
_CLOTHING_WORDS = re.compile(
    r"\b(shirts?|t-shirts?|tops?|dress(?:es)?|jackets?|clothes|clothing|tees?|hoodies?|sweaters?)\b",
    re.I,
)
_SIZE_STATEMENTS = (
    re.compile(
        r"\b(?:i'?m|i am|im)\s+(?:usually\s+|normally\s+|always\s+)?(?:an?\s+)?(?:us\s+|uk\s+|eu\s+)?"
        r"size\s+" + _SIZE_VALUE + r"\b",
        re.I,
    ),
    re.compile(
        r"\bmy\s+(?:usual\s+)?(?P<what>shoe|clothing|clothes|dress|shirt|jacket)?\s*size\s+"
        r"(?:is|=|:)\s*(?:an?\s+)?(?:us\s+|uk\s+|eu\s+)?" + _SIZE_VALUE + r"\b",
        re.I,
    ),
    re.compile(
        r"\bi\s+(?:usually\s+|normally\s+|always\s+)?(?:wear|take|fit)\s+(?:an?\s+)?"
        r"(?:us\s+|uk\s+|eu\s+)?(?:size\s+)?" + _SIZE_VALUE + r"\b",
        re.I,
    ),
)
_NEGATIVE = re.compile(
    r"\b(?:i|i'm|im|i am)\s+(?:really\s+|just\s+|absolutely\s+)?"
    r"(?:hate|dislike|detest|can'?t stand|cannot stand|don'?t like|do not like|don'?t want|"
    r"do not want|never buy|never wear|avoid|am allergic to|'m allergic to|allergic to)\s+"
    r"(?:anything\s+(?:made\s+of|with|in)\s+|the\s+|any\s+)?(?P<term>[a-z][\w&'-]*(?:\s+[a-z][\w&'-]*)?)",
    re.I,
)
_POSITIVE = re.compile(
    r"\b(?:i|i'm|im|i am)\s+(?:really\s+|just\s+|absolutely\s+)?"
    r"(?:love|adore|always buy|prefer|(?:a\s+)?(?:big\s+|huge\s+)?fan of|really like|like)\s+"
    r"(?:the\s+)?(?P<term>[a-z][\w&'-]*(?:\s+[a-z][\w&'-]*)?)",
    re.I,
)
_FAVOURITE_COLOUR = re.compile(r"\bmy\s+favou?rite\s+colou?r\s+is\s+(?P<term>[a-z]+)", re.I)
_VEGAN = re.compile(
    r"\b(?:i'?m|i am|im)\s+(?:a\s+)?(?:strict\s+)?vegan\b|\bi\s+(?:eat|live)\s+vegan\b", re.I
)
_NEGATED = re.compile(r"\b(?:don'?t|do not|not|never)\s+(?:really\s+)?$", re.I)
_OTHER_PERSON = re.compile(
    r"\b(?:my|our|his|her|their)\s+(?:husband|wife|son|daughter|kid|kids|child|mum|mom|dad|"
    r"father|mother|brother|sister|friend|partner|boyfriend|girlfriend|boss|colleague|niece|"
    r"nephew|grandma|grandpa|baby)\b|\b(?:he|she|they)\s+(?:is|are|wears?|'s)\b",
    re.I,
)
_MATERIALS = {m.lower() for m in lexicon.MATERIALS} | {"plastic", "polyester", "feathers"}
_COLORS = {c.lower() for c in lexicon.COLORS}


class StatedFactExtractor:
    """``run(text) -> list[ProfileItem]``; ``brands`` are the catalog's brand names."""

    def __init__(self, brands: Iterable[str] = ()) -> None:
        self.brands = {b.strip().lower(): b.strip() for b in brands if b and b.strip()}

    def run(self, text: str) -> list[ProfileItem]:
        text = (text or "")[:2000]
        if not text.strip():
            return []
        out: list[ProfileItem] = []
        for clause in re.split(r"[!?;\n]|\.(?!\d)|,\s*(?:but|and)\s+|\s+but\s+", text):
            if not clause.strip() or _OTHER_PERSON.search(clause):
                continue
            out += self._size(clause)
            out += self._likes(clause)
            if _VEGAN.search(clause) and not _negated_before(clause, _VEGAN):
                out.append(_stated("lifestyle", "vegan", "vegan", clause))
            colour = _FAVOURITE_COLOUR.search(clause)
            if colour and colour.group("term").lower() in _COLORS:
                name = colour.group("term").lower()
                out.append(_stated("color", name, name, clause))
        unique: dict[str, ProfileItem] = {}
        for item in out:
            unique[item.key] = item  # the later statement wins
        return list(unique.values())

    def _size(self, clause: str) -> list[ProfileItem]:
        for pattern in _SIZE_STATEMENTS:
            m = pattern.search(clause)
            if not m:
                continue
            raw = m.group("size").lower().replace(",", ".")
            what = (m.groupdict().get("what") or "").lower()
            if raw in _LETTER:
                kind, value = "clothing", _LETTER[raw]
            else:
                value = raw.rstrip("0").rstrip(".") if "." in raw else raw
                clothes = what in ("clothing", "clothes", "dress", "shirt", "jacket") or (
                    _CLOTHING_WORDS.search(clause) and not _SHOE_WORDS.search(clause)
                )
                kind = "clothing" if clothes else "shoes"
            if what == "shoe":
                kind = "shoes"
            return [_stated("size", kind, value, clause)]
        return []

    def _likes(self, clause: str) -> list[ProfileItem]:
        out: list[ProfileItem] = []
        for pattern, positive in ((_NEGATIVE, False), (_POSITIVE, True)):
            for m in pattern.finditer(clause):
                if positive and _NEGATIVE.search(clause[max(0, m.start() - 30) : m.end()]):
                    continue
                if _NEGATED.search(clause[: m.start("term")].split(" i ")[-1][-40:]) and positive:
                    continue
                item = self._term_item(m.group("term"), positive, clause)
                if item:
                    out.append(item)
        return out

    def _term_item(self, term: str, positive: bool, clause: str) -> ProfileItem | None:
        words = term.lower().split()
        for n in (2, 1):  # a two-word brand first ("Blue Harbor"), then the first word
            phrase = " ".join(words[:n])
            if len(words) >= n and phrase in self.brands:
                brand = self.brands[phrase]
                kind = "brand" if positive else "avoid_brand"
                return _stated(kind, brand, brand, clause)
        first = words[0].strip("'s") if words else ""
        if first in _COLORS and positive:
            return _stated("color", first, first, clause)
        if first in _MATERIALS or (first.endswith("s") and first[:-1] in _MATERIALS):
            material = first if first in _MATERIALS else first[:-1]
            if positive:
                return None
            return _stated("exclude", material, material, clause)
        if first in _COLORS and not positive:
            return _stated("exclude", first, first, clause)
        return None


def _stated(kind: str, name: str, value: str, clause: str) -> ProfileItem:
    quote = redact(" ".join(clause.split()))[:80]
    return ProfileItem(kind, name, value, 1.0, f'you said "{quote}"', "stated")


def _negated_before(clause: str, pattern: re.Pattern[str]) -> bool:
    m = pattern.search(clause)
    return bool(m and re.search(r"\bnot\s*$", clause[: m.end()].lower().replace("vegan", "")))

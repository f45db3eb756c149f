"""Hard filters, enforced in code: price range, brand, colour, size, category, stock, exclusions,
a child's age, a weight limit, a least capacity."""

from __future__ import annotations

import json
import re
import threading

import numpy as np
import pandas as pd

from assistant.catalog.measures import measure
from assistant.indexing.product_table import ValueLookup
from assistant.retrieval.types import Filters

MENTION_CACHE_TERMS = 512


class FilterIndex:
    """Precomputed lookups over the product table so that a filter mask costs microseconds."""

    def __init__(self, frame: pd.DataFrame) -> None:
        self.size = len(frame)
        self.price = frame["price"].to_numpy(dtype=np.float64)
        self.in_stock = frame["in_stock"].to_numpy(dtype=bool)
        self.brand = ValueLookup.build(frame["brand"].tolist())
        self.color = ValueLookup.build(frame["color"].tolist(), multi=True)
        self.size_values = ValueLookup.build(frame["size"].tolist(), multi=True)
        self.category = ValueLookup.build(frame["category"].tolist(), path=True)
        self.ids = {pid: i for i, pid in enumerate(frame["product_id"].tolist())}
        attributes = frame["attributes"] if "attributes" in frame.columns else [None] * self.size
        parsed = [_mapping(a) for a in attributes]
        self.min_age = np.array([min_age(a) for a in parsed], dtype=np.float64)
        self.grams = np.array([grams(a) for a in parsed], dtype=np.float64)
        self.litres = np.array([litres(a) for a in parsed], dtype=np.float64)
        texts = frame["text"].str.lower().tolist()
        # every text in one string (one regex scan per exclusion), rows found by start offset
        self._joined = "\n".join(texts)
        self._mentions: dict[str, np.ndarray] = {}  # excluded term -> rows mentioning it
        self._mentions_lock = threading.Lock()
        self._starts = np.cumsum([0] + [len(t) + 1 for t in texts[:-1]], dtype=np.int64)
        self._categories = frame["category"].str.lower().tolist()
        # what each product is (title and category): where a plural's singular is looked for
        titles = frame["title"].tolist() if "title" in frame.columns else [""] * self.size
        names = [f"{t} {c}".lower() for t, c in zip(titles, self._categories, strict=True)]
        self._names = "\n".join(names)
        self._name_starts = np.cumsum([0] + [len(t) + 1 for t in names[:-1]], dtype=np.int64)

    def mask(self, filters: Filters) -> np.ndarray | None:
        """Rows that satisfy every constraint, or None when nothing is constrained."""
        if filters.is_empty():
            return None
        n = self.size
        mask = np.ones(n, dtype=bool)
        low, high = filters.price_min, filters.price_max
        if low is not None:  # NaN prices fail: unknown is not a match
            mask &= self.price > low if filters.price_min_strict else self.price >= low
        if high is not None:
            mask &= self.price < high if filters.price_max_strict else self.price <= high
        if filters.in_stock_only:
            mask &= self.in_stock
        if filters.brands:
            mask &= self.brand.match(filters.brands, n)
        if filters.exclude_brands:
            mask &= ~self.brand.match(filters.exclude_brands, n)
        if filters.colors:
            mask &= self.color.match(filters.colors, n)
        if filters.sizes:
            mask &= self.size_values.match(filters.sizes, n)
        if filters.category:
            mask &= self._category_mask(filters.category)
        if filters.child_age is not None:  # NaN (no age given) compares False: kept
            mask &= ~(self.min_age > filters.child_age)
        if filters.weight_max is not None:  # NaN (no weight given) compares False: left out
            heaviest = filters.weight_max
            mask &= self.grams < heaviest if filters.weight_max_strict else self.grams <= heaviest
        if filters.capacity_min is not None:  # NaN (no capacity in litres) fails: left out
            least = filters.capacity_min
            mask &= self.litres > least if filters.capacity_min_strict else self.litres >= least
        if filters.exclude_ids:
            rows = [self.ids[p] for p in filters.exclude_ids if p in self.ids]
            mask[rows] = False
        if filters.exclude_terms:
            mask &= ~self._term_mask(filters.exclude_terms, mask)
        return mask

    def _category_mask(self, category: str) -> np.ndarray:
        wanted = " > ".join(p.strip() for p in category.split(">") if p.strip())
        exact = self.category.match([wanted], self.size)
        if exact.any():
            return exact
        # no category level has that exact name: fall back to a word match within the path
        pattern = re.compile(r"\b" + re.escape(wanted.lower()) + r"\b")
        return np.fromiter(
            (bool(pattern.search(c)) for c in self._categories), dtype=bool, count=self.size
        )

    def _term_mask(self, terms: list[str], candidates: np.ndarray) -> np.ndarray:
        """Allowed rows whose text mentions an excluded term. A mention that is itself negated
        ("fragrance-free", "no leather", "without nuts", "non-toxic") or an imitation ("vegan
        leather", "faux fur") does not count: such a product is what the shopper asked for."""
        hit = np.zeros(self.size, dtype=bool)
        for term in dict.fromkeys(t.strip().lower() for t in terms if t and t.strip()):
            with self._mentions_lock:
                rows = self._mentions.get(term)
            if rows is None:
                rows = self._rows_mentioning(term)
                with self._mentions_lock:
                    self._mentions[term] = rows
                    while len(self._mentions) > MENTION_CACHE_TERMS:
                        self._mentions.pop(next(iter(self._mentions)))
            hit[rows] = True
        return hit & candidates

    def _rows_mentioning(self, term: str) -> np.ndarray:
        """Rows mentioning ``term``, not negated; for a plural also the rows whose title or
        category names its singular ("no boots" excludes "Hiking Boot", while "no lights"
        keeps a harness "for low light")."""
        imitable = term in IMITABLE
        rows = _scan(self._joined, self._starts, re.escape(term) + r"\w{0,2}\b", imitable)
        one = singular(term)
        if one != term:
            named = _scan(self._names, self._name_starts, re.escape(one) + r"(?:s|es)?\b")
            rows = np.union1d(rows, named)
        return rows


_AGE_FROM = re.compile(r"^\s*(\d{1,2})\s*(?:\+|and up|years? and (?:up|over))", re.IGNORECASE)


def _mapping(attributes: object) -> dict[str, object]:
    """A product's attributes as a mapping: the product table stores a mapping or its JSON
    text; anything else (none, unreadable) is an empty mapping."""
    if isinstance(attributes, str):
        try:
            attributes = json.loads(attributes)
        except ValueError:
            return {}
    return attributes if isinstance(attributes, dict) else {}


def min_age(attributes: object) -> float:
    """The youngest age a product's ``age`` attribute allows ("8+" -> 8), NaN when it gives
    none. ``attributes``: a mapping or its JSON text, as the product table stores it."""
    m = _AGE_FROM.match(str(_mapping(attributes).get("age") or ""))
    return float(m.group(1)) if m else float("nan")


def grams(attributes: object) -> float:
    """A product's ``weight`` attribute in grams ("1.6 kg" -> 1600), NaN when it gives none."""
    value = measure("weight", str(_mapping(attributes).get("weight") or ""))
    return float("nan") if value is None else value


def litres(attributes: object) -> float:
    """A product's ``capacity`` attribute in litres ("18 L" -> 18, "500 ml" -> 0.5), NaN when
    it gives none in litres ("2-person")."""
    value = measure("capacity", str(_mapping(attributes).get("capacity") or ""))
    return float("nan") if value is None else value


def _scan(text: str, starts: np.ndarray, pattern: str, imitable: bool = False) -> np.ndarray:
    """Rows of the newline-joined ``text`` (rows begin at ``starts``) with a match of
    ``pattern`` that starts a word and is not negated (nor, when ``imitable``, an imitation:
    "vegan leather")."""
    rows = []
    # a pattern that starts with a literal is found by a fast substring search; the word
    # boundary before it is checked by hand
    for match in re.finditer(pattern, text):
        start = match.start()
        if start and (text[start - 1].isalnum() or text[start - 1] == "_"):
            continue
        before = text[max(0, start - 12) : start]
        after = text[match.end() : match.end() + 5]
        if (
            _NEGATED_BEFORE.search(before)
            or _NEGATED_AFTER.match(after)
            or (imitable and _IMITATION_BEFORE.search(before))
        ):
            continue
        rows.append(start)
    return np.unique(np.searchsorted(starts, rows, side="right") - 1).astype(np.int64)


def singular(word: str) -> str:
    """A plural's singular by the regular English endings (boots, boxes, batteries); other
    words unchanged."""
    if len(word) > 4 and word.endswith("ies"):
        return word[:-3] + "y"
    if len(word) > 4 and word.endswith("es") and word[:-2].endswith(("s", "x", "z", "ch", "sh")):
        return word[:-2]
    if len(word) > 3 and word.endswith("s") and not word.endswith(("ss", "us", "is")):
        return word[:-1]
    return word


_NEGATED_BEFORE = re.compile(r"(?:\bno|\bwithout|\bfree of|\bnon)[ -]$")
_NEGATED_AFTER = re.compile(r"[ -]free\b")
# "vegan leather", "faux fur": not the material itself, so "not leather" keeps them (a
# "vegan wallet" is still a wallet: only materials have imitations)
IMITABLE = frozenset({"leather", "fur", "suede", "silk", "wool", "down", "cashmere", "shearling"})
_IMITATION_BEFORE = re.compile(r"\b(?:vegan|faux|synthetic|imitation|fake|artificial)[ -]$")

"""The catalog's own words (brands, colours, sizes, categories) and matching text against them.

Matching is case-insensitive, ignores punctuation and simple plurals, respects word
boundaries ("tan" is not found in "standing"), prefers the longest phrase (multi-word brands
such as "The North Face") and tolerates small typos (rapidfuzz ratio >= the cutoff, only for
words of five letters or more, plus two swapped letters and, for colours, a four-letter word
missing one letter; fuzzy results are cached per n-gram, bounded).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from assistant.nlu import lexicon
from assistant.nlu.prices import UNITS

if TYPE_CHECKING:
    import pandas as pd

_NON_WORD = re.compile(r"[^0-9a-z]+")
_PARENTHESES = re.compile(r"\([^)]*\)")
_COLOR_SPLIT = re.compile(r"\s*(?:/|,|&|\+|\band\b)\s*", re.IGNORECASE)
FUZZY_MIN_CHARS = 5
FUZZY_CACHE_SIZE = 20_000

# brand names that are also everyday words ("an apple corer", "a ski lodge")
AMBIGUOUS_BRAND_WORDS = frozenset({"apple", "converse", "lodge", "vans", "hp", "columbia"})
# A generic word whose own category is missing from the catalog maps to its parent's.
CATEGORY_PARENTS: dict[str, str] = {
    "sneakers": "shoes", "boots": "shoes", "sandals": "shoes", "slippers": "shoes",
    "heels": "shoes", "earbuds": "headphones", "t-shirts": "shirts", "hoodies": "sweaters",
    "jeans": "pants", "phone cases": "phones", "mugs": "cups",
}  # fmt: skip


def singular(token: str) -> str:
    """A crude singular form, applied the same way to catalog words and to the query."""
    if len(token) <= 3 or token.endswith("ss"):
        return token
    if token.endswith("ies"):
        return token[:-3] + "y"
    if token.endswith(("ses", "xes", "ches", "shes")):
        return token[:-2]
    if token.endswith("s"):
        return token[:-1]
    return token


def tokens(text: str) -> list[str]:
    """Lower-cased word tokens without apostrophes, each in singular form."""
    cleaned = text.lower().replace("'", "").replace("’", "").replace("&", " and ")
    return [singular(t) for t in _NON_WORD.split(cleaned) if t]


def phrase_key(text: str) -> str:
    return " ".join(tokens(text))


@dataclass
class CatalogVocabulary:
    """Display strings of the loaded catalog's brands, colours, sizes and category paths."""

    brands: list[str] = field(default_factory=list)
    colors: list[str] = field(default_factory=list)
    sizes: list[str] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    # head noun of the titles -> their category paths ("lamp": Home > Lighting, ...)
    kinds: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def empty(cls) -> CatalogVocabulary:
        return cls()

    @classmethod
    def from_products(cls, df: pd.DataFrame) -> CatalogVocabulary:
        """Collect the distinct values of the brand, color, size and category columns, and
        the kinds of product the titles name."""

        def column(name: str) -> list[str]:
            if name not in df.columns:
                return []
            values = df[name].dropna().astype(str).str.strip()
            return [v for v in values if v and v.lower() not in {"nan", "none"}]

        colors: list[str] = []
        for value in column("color"):
            colors.extend(p.strip() for p in _COLOR_SPLIT.split(_PARENTHESES.sub(" ", value)))
        categories = [
            " > ".join(p.strip() for p in v.split(">") if p.strip()) for v in column("category")
        ]
        return cls(
            brands=_by_frequency(column("brand")),
            colors=_by_frequency(c for c in colors if c and any(ch.isalpha() for ch in c)),
            sizes=_by_frequency(column("size")),
            categories=_by_frequency(c for c in categories if c),
            kinds=_kinds(df),
        )

    def is_empty(self) -> bool:
        return not (self.brands or self.colors or self.sizes or self.categories)


def _kinds(df: pd.DataFrame) -> dict[str, list[str]]:
    from assistant.nlu.kinds import catalog_kinds  # kinds.py reads this module's tokens()

    if "title" not in df.columns or "category" not in df.columns:
        return {}
    return catalog_kinds(df["title"].fillna("").astype(str), df["category"].fillna("").astype(str))


def _by_frequency(values: Iterable[str]) -> list[str]:
    """Distinct values (first spelling wins per case-insensitive key), most frequent first."""
    counts: Counter[str] = Counter()
    display: dict[str, str] = {}
    for value in values:
        key = value.lower()
        display.setdefault(key, value)
        counts[key] += 1
    return [display[key] for key, _ in counts.most_common()]


@dataclass(frozen=True)
class Match:
    """A phrase found in the text: its display value and the token span it covers."""

    value: str
    start: int
    end: int
    fuzzy: bool = False


class PhraseTable:
    """Exact and fuzzy lookup of (multi-word) phrases in a token list."""

    def __init__(
        self,
        entries: Sequence[tuple[str, str]],
        fuzzy_cutoff: float,
        short_drops: bool = False,
    ) -> None:
        """``short_drops``: a four-letter word that is a five-letter key with one letter
        left out ("brwn", "gren", "blck") matches it, unless it is an English word ("brow").
        Worth it for colours, the short words people misspell; not for brands."""
        if not 0 <= fuzzy_cutoff <= 100:
            raise ValueError("fuzzy_cutoff must be within 0..100")
        self.cutoff = fuzzy_cutoff
        self.short_drops = short_drops
        self.exact: dict[str, str] = {}
        for key, value in entries:
            if key:
                self.exact.setdefault(key, value)
        self.max_words = max((k.count(" ") + 1 for k in self.exact), default=0)
        self._fuzzy_keys: dict[str, list[str]] = {}
        for key in self.exact:
            if len(key) >= FUZZY_MIN_CHARS:
                self._fuzzy_keys.setdefault(key[0], []).append(key)
        # n-gram -> fuzzy result (or None): the same words recur from message to message
        self._fuzzy_cache: dict[str, str | None] = {}
        self._extract_one: Any = None
        self._scorer: Any = None

    def find(self, words: Sequence[str], taken: set[int], fuzzy: bool = True) -> list[Match]:
        """Longest-first, non-overlapping matches; ``taken`` token positions are skipped."""
        found: list[Match] = []
        used = [False] * len(words)
        for i in taken:
            if 0 <= i < len(words):
                used[i] = True
        for n in range(min(self.max_words, len(words)), 0, -1):
            for start in range(len(words) - n + 1):
                if any(used[start : start + n]):
                    continue
                gram = " ".join(words[start : start + n])
                value = self.exact.get(gram)
                is_fuzzy = False
                if value is None and fuzzy:
                    value = self._fuzzy(gram)
                    is_fuzzy = value is not None
                if value is not None:
                    found.append(Match(value, start, start + n, is_fuzzy))
                    used[start : start + n] = [True] * n
        return sorted(found, key=lambda m: m.start)

    def _swapped(self, word: str, candidates: list[str]) -> str | None:
        """The key ``word`` is with two neighbouring letters swapped ("jakcet" -> jacket),
        a typo the similarity ratio scores too low; None when there is none."""
        letters = sorted(word)
        for key in candidates:
            if len(key) == len(word) and sorted(key) == letters:
                diff = [i for i, (a, b) in enumerate(zip(word, key, strict=True)) if a != b]
                if len(diff) == 2 and diff[1] == diff[0] + 1:
                    return self.exact[key]
        return None

    def _dropped(self, word: str) -> str | None:
        """The five-letter key ``word`` is with one letter left out ("brwn" -> brown); None
        when there is none, when two keys fit, or when the word is English ("brow")."""
        from assistant.indexing.lexical import english_words

        if not word.isalpha() or word in english_words():
            return None
        fits = {
            self.exact[key]
            for key in self._fuzzy_keys.get(word[0], [])
            if len(key) == FUZZY_MIN_CHARS
            and any(key[:i] + key[i + 1 :] == word for i in range(1, len(key)))
        }
        return fits.pop() if len(fits) == 1 else None

    def _fuzzy(self, gram: str) -> str | None:
        if self.short_drops and len(gram) == FUZZY_MIN_CHARS - 1:
            return self._dropped(gram)
        if len(gram) < FUZZY_MIN_CHARS or not gram[0].isalpha():
            return None
        candidates = self._fuzzy_keys.get(gram[0])
        if not candidates:
            return None
        if gram in self._fuzzy_cache:
            return self._fuzzy_cache[gram]
        if self._extract_one is None:
            from rapidfuzz import fuzz, process

            self._scorer, self._extract_one = fuzz.ratio, process.extractOne
        best = self._extract_one(gram, candidates, scorer=self._scorer, score_cutoff=self.cutoff)
        value = None if best is None else self.exact[best[0]]
        if value is None and " " not in gram:
            value = self._swapped(gram, candidates)
        if len(self._fuzzy_cache) >= FUZZY_CACHE_SIZE:
            self._fuzzy_cache.clear()  # bounded; words repeat across messages, so it refills
        self._fuzzy_cache[gram] = value
        return value


_CAPACITY = re.compile(r"^(\d+)\s*-?\s*(?:person|people|man)$", re.IGNORECASE)
_NUMBER_WORDS = {n: w for w, n in UNITS.items() if 1 <= n <= 12}


def _capacity_entries(size: str) -> list[tuple[str, str]]:
    """A capacity size ("2-person") also as shoppers say it: "2 people", "two persons"."""
    m = _CAPACITY.match(size.strip())
    if not m:
        return []
    n = int(m.group(1))
    numbers = [str(n), *([_NUMBER_WORDS[n]] if n in _NUMBER_WORDS else [])]
    nouns = ("person", "persons", "people", "man")
    return [(phrase_key(f"{x} {noun}"), size) for x in numbers for noun in nouns]


def _size_entries(sizes: Sequence[str]) -> list[tuple[str, str]]:
    # Catalog sizes that are words ("XL", "Queen") match alone; numeric ones need "size N".
    entries = [(phrase_key(s), s) for s in sizes if re.search(r"[a-zA-Z]", s)]
    entries += [entry for s in sizes for entry in _capacity_entries(s)]
    entries += [(key, value) for key, value in lexicon.LETTER_SIZES.items() if len(key) > 1]
    entries += [(phrase_key(f"{bed} size"), f"{bed.title()}") for bed in lexicon.BED_SIZES]
    return [
        (k, v)
        for k, v in entries
        if k and k not in {"s", "m", "l", "one", "small", "medium", "large"}
    ]


def _category_entries(categories: Sequence[str]) -> list[tuple[str, str]]:
    """Map words (leaf names, path parts, generic synonyms) to catalog category paths."""
    by_key: dict[str, str] = {}
    for path in categories:  # most frequent first: the first path for a key wins
        parts = [p.strip() for p in path.split(">")]
        for depth in range(len(parts), 0, -1):  # leaf first, then its parents
            by_key.setdefault(phrase_key(parts[depth - 1]), " > ".join(parts[:depth]))
    entries = list(by_key.items())
    if not categories:
        for canonical, words in lexicon.CATEGORY_SYNONYMS.items():
            entries += [(phrase_key(w), canonical) for w in (canonical, *words)]
        return entries
    for canonical, words in lexicon.CATEGORY_SYNONYMS.items():
        target = _group_target(canonical, by_key)
        if target is not None:
            entries += [
                (phrase_key(w), _deeper(phrase_key(w), target, by_key)) for w in (canonical, *words)
            ]
    return entries


def _deeper(key: str, target: str, by_key: dict[str, str]) -> str:
    """A synonym phrase with a word naming a category below ``target`` maps there: "running
    shoes" is "Shoes > Running" when the catalog has it, not just "Shoes"."""
    for word in key.split():
        path = by_key.get(word)
        if path is not None and path.startswith(target + " >"):
            return path
    return target


def _group_target(canonical: str, by_key: dict[str, str]) -> str | None:
    chain = [canonical]
    if canonical in CATEGORY_PARENTS:
        chain.append(CATEGORY_PARENTS[canonical])
    for name in chain:
        for word in (name, *lexicon.CATEGORY_SYNONYMS.get(name, ())):
            path = by_key.get(phrase_key(word))
            if path is not None:
                return path
    return None


class VocabularyIndex:
    """Phrase tables built once from a vocabulary plus the built-in lists."""

    def __init__(self, vocabulary: CatalogVocabulary, fuzzy_cutoff: float = 88) -> None:
        self.vocabulary = vocabulary
        brands = vocabulary.brands or list(lexicon.COMMON_BRANDS)
        brand_entries = [(phrase_key(b), b) for b in brands]
        brand_entries += [
            (k[4:], b) for k, b in brand_entries if k.startswith("the ") and len(k) > 8
        ]
        self.brands = PhraseTable(brand_entries, fuzzy_cutoff)
        colors = [(phrase_key(c), c) for c in vocabulary.colors]
        colors += [(phrase_key(c), lexicon.COLOR_ALIASES.get(c, c)) for c in lexicon.COLORS]
        self.colors = PhraseTable(colors, fuzzy_cutoff, short_drops=True)
        self.sizes = PhraseTable(_size_entries(vocabulary.sizes), 100)
        self.catalog_sizes = {phrase_key(s): s for s in vocabulary.sizes}
        self.categories = PhraseTable(_category_entries(vocabulary.categories), fuzzy_cutoff)
        self.generic_categories = PhraseTable(_category_entries([]), 100)
        self.materials = frozenset(phrase_key(m) for m in lexicon.MATERIALS)
        # well-known brands this catalog does not sell ("Nike" in a shop without it); none
        # when the catalog has no brands (the built-in list stands in for them then)
        sold = {phrase_key(b) for b in vocabulary.brands}
        unsold = [
            (phrase_key(b), b)
            for b in lexicon.COMMON_BRANDS
            if vocabulary.brands and phrase_key(b) not in sold | AMBIGUOUS_BRAND_WORDS
        ]
        self.unsold_brands = PhraseTable(unsold, 100)

    def size_value(self, raw: str) -> str:
        """The catalog's spelling of a size given after "size ..." (or a canonical form)."""
        key = phrase_key(raw)
        if key in self.catalog_sizes:
            return self.catalog_sizes[key]
        if key in lexicon.LETTER_SIZES:
            return lexicon.LETTER_SIZES[key]
        return raw.upper() if len(raw) <= 4 else raw

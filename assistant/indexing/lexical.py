"""Tokenisation and the BM25 index (bm25s) over product texts."""

from __future__ import annotations

import html
import itertools
import logging
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

log = logging.getLogger(__name__)

_TOKEN = re.compile(r"[a-z0-9]+(?:[./][0-9]+)*")

# Units after a number, each spelling mapped to one word: 10 in. / 10" / 10 inch -> 10 inch
_UNITS = [
    (r"(?:inches|inch|in\.|in(?![a-z])|\"|'')", "inch"),
    (r"(?:feet|foot|ft\.?|')", "ft"),
    (r"(?:pounds?|lbs?\.?)", "lb"),
    (r"(?:gallons?|gal\.?)", "gal"),
    (r"(?:ounces?|oz\.?)", "oz"),
    (r"(?:volts?|v)", "volt"),
    (r"(?:watts?|w)", "watt"),
    (r"(?:amps?|amperes?|a)", "amp"),
    (r"(?:mm|millimeters?|millimetres?)", "mm"),
    (r"(?:cu\.?)", "cu"),
    (r"(?:sq\.?)", "sq"),
]
_UNIT_RES = [(re.compile(r"(\d)\s*" + unit + r"(?![a-z])"), word) for unit, word in _UNITS]
_DIMENSION = re.compile(r"(\d)\s*[x*\u00d7]\s*(?=\d)")  # 2x4, 2 x 4 -> 2 4
_NUMBER_WORD = re.compile(r"(\d)([a-z])")  # 10ft -> 10 ft (not m18: model numbers stay)
_WORD = re.compile(r"[a-z]+")
MIN_FIX_LETTERS = 4  # shorter unknown words are kept as typed (model codes, sizes)
MIN_SPLIT_SUPPORT = 5  # products each half of a split glued word must appear in
PAIRS_DIR = "pairs"  # the word-pair (phrase) BM25 index, inside the word index's directory
_EMPTY = "\x00empty"  # bm25s cannot index a document without tokens
_BRITISH = {
    "colour": "color",
    "grey": "gray",
    "aluminium": "aluminum",
    "metre": "meter",
    "centre": "center",
    "fibre": "fiber",
    "litre": "liter",
    "mould": "mold",
}


def normalise(text: str) -> str:
    """Lower-cased text with HTML entities decoded, units and dimensions in one spelling,
    numbers split from the word glued to them and British spellings made American."""
    t = html.unescape(text).lower()
    t = _DIMENSION.sub(r"\1 ", t)
    for pattern, word in _UNIT_RES:
        t = pattern.sub(r"\1 " + word + " ", t)
    t = _NUMBER_WORD.sub(r"\1 \2", t)
    return _WORD.sub(lambda m: _BRITISH.get(m.group(0), m.group(0)), t)


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN

    return frozenset(STOPWORDS_EN)


@lru_cache(maxsize=1)
def english_words() -> frozenset[str]:
    """Whole words of the embedding model's vocabulary (about 20,000 of 4+ letters): words
    the dense side understands, so a query word among them is never "fixed" into a catalog
    word ("gift" is not a typo of "lift"). Empty when the model package is missing."""
    from assistant.embedding.encoder import model_path
    from assistant.errors import AssistantError

    try:
        lines = (model_path() / "vocab.txt").read_text(encoding="utf-8").splitlines()
    except (AssistantError, OSError):
        return frozenset()
    return frozenset(w for w in lines if w.isascii() and w.isalpha() and len(w) >= MIN_FIX_LETTERS)


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("english")


def _words(text: str) -> list[str]:
    """Normalised word tokens without English stop words (not stemmed)."""
    stop = _stopwords()
    return [w for w in _TOKEN.findall(normalise(text)) if w not in stop]


def analyze(text: str) -> list[str]:
    """Normalised word tokens, English stop words removed, Snowball-stemmed."""
    words = _words(text)
    return list(_stemmer().stemWords(words)) if words else []


def analyze_many(texts: Iterable[str]) -> list[list[str]]:
    stem = _stemmer().stemWords
    out = []
    for text in texts:
        words = _words(text)
        out.append(list(stem(words)) if words else [])
    return out


def word_pairs(terms: Sequence[str]) -> list[str]:
    """Adjacent analysed words as one token each ("wall plate"): the phrase index's terms."""
    return [f"{first} {second}" for first, second in itertools.pairwise(terms)]


@dataclass(frozen=True)
class QueryAnalysis:
    """A query as the lexical index searches it: ``terms`` for the word index (fixed words,
    then joined word pairs), ``pairs`` the adjacent fixed words for the phrase index."""

    terms: list[str]
    pairs: list[str]


def query_terms(text: str) -> list[tuple[str, str]]:
    """(surface word, stem) pairs of a query, in order, without repeats: for explanations."""
    stop = _stopwords()
    seen: set[str] = set()
    pairs = []
    for word in _TOKEN.findall(normalise(text)):
        if word in stop:
            continue
        stem = _stemmer().stemWord(word)
        if stem not in seen:
            seen.add(stem)
            pairs.append((word, stem))
    return pairs


class LexicalIndex:
    """BM25 (Lucene variant) over analysed product texts. The defaults suit short titles
    (a low ``b``: length matters little); see IndexSettings.bm25_k1 / bm25_b."""

    def __init__(self, k1: float = 0.9, b: float = 0.5) -> None:
        if k1 <= 0 or not 0.0 <= b <= 1.0:
            raise ValueError(f"BM25 needs k1 > 0 and b in [0, 1], got k1={k1}, b={b}")
        self.k1 = k1
        self.b = b
        self._bm25: Any = None
        self._pairs: Any = None  # BM25 over adjacent word pairs (None: an index built before)
        self._words: list[str] | None = None
        self._frequency: dict[str, int] | None = None
        self.size = 0

    def analyze_query(self, text: str, fix: bool = True) -> list[str]:
        """A query's analysed terms for the word index (see ``query``)."""
        return self.query(text, fix).terms

    def query(self, text: str, fix: bool = True) -> QueryAnalysis:
        """A query's analysed terms and word pairs. With ``fix``, each word the catalog does
        not know is replaced by a catalog word one edit away or by the two catalog words it
        glues together ("wiremesh" -> wire mesh), whichever is more common, else by a catalog
        word two edits away (8+ letters); two adjacent query words that the catalog writes as
        one are also searched in that spelling ("power washer" finds "PowerWasher")."""
        if not fix:
            words = analyze(text)
            return QueryAnalysis(words, word_pairs(words))
        stop = _stopwords()
        tokens = _TOKEN.findall(normalise(text))
        stem = _stemmer().stemWord
        terms: list[str] = []
        for word in tokens:
            if word not in stop:
                terms.extend(self._fixed(word))
        pairs = word_pairs(terms)
        for first, second in itertools.pairwise(tokens):  # stop words break a pair
            if first in stop or second in stop or not (first.isalpha() and second.isalpha()):
                continue
            joined = stem(first + second)
            if self.frequency(joined) and joined not in terms:
                terms.append(joined)
        return QueryAnalysis(terms, pairs)

    def _fixed(self, word: str) -> list[str]:
        """One query word as catalog terms: its stem when known (or a number / short word);
        else a correction one edit away, or the split into two catalog words when those are
        more common than that correction; else a correction two edits away."""
        term = _stemmer().stemWord(word)
        if (
            self.frequency(term)
            or not (word.isalpha() and len(term) >= MIN_FIX_LETTERS)
            or word in english_words()
        ):
            return [term]
        closest = self._closest(term)
        parts = self._split(word)
        one_edit = closest[0] if closest is not None and closest[1] <= 1 else None
        if one_edit is not None and (parts is None or self.frequency(one_edit) >= parts[0]):
            return [one_edit]
        if parts is not None:
            return parts[1]
        return [closest[0]] if closest else [term]

    def correct(self, terms: Sequence[str]) -> list[str]:
        """Query terms unknown to the index replaced by the closest indexed word (edit
        distance 1, or 2 for words of 8+ letters, a swap of two neighbouring letters counting
        as one edit; the most frequent one on a tie); numbers and short words are kept."""
        out = []
        for term in terms:
            closest = (
                self._closest(term) if term.isalpha() and len(term) >= MIN_FIX_LETTERS else None
            )
            out.append(closest[0] if closest else term)
        return out

    def frequency(self, term: str) -> int:
        """How many products contain the analysed ``term`` (0 for an unknown term)."""
        if self._frequency is None:
            counts = np.diff(np.asarray(self._bm25.scores["indptr"]))
            self._frequency = {
                word: int(counts[i]) for word, i in self._bm25.vocab_dict.items() if i < len(counts)
            }
        return self._frequency.get(term, 0)

    def _closest(self, term: str) -> tuple[str, int] | None:
        """The catalog word nearest to ``term`` and its edit distance (optimal string
        alignment: "jakcet" is one edit from "jacket"; None: none near)."""
        from rapidfuzz import distance, process

        if self.frequency(term):
            return term, 0
        if self._words is None:
            self._words = [w for w in self._bm25.vocab_dict if w.isalpha() and len(w) >= 3]
        cutoff = 1 if len(term) < 8 else 2
        matches = process.extract(
            term, self._words, scorer=distance.OSA.distance, score_cutoff=cutoff, limit=None
        )
        if not matches:
            return None
        nearest = min(int(m[1]) for m in matches)
        tied = (m[0] for m in matches if m[1] == nearest)
        return max(tied, key=lambda w: (self.frequency(w), w)), nearest  # same on every build

    def _split(self, word: str) -> tuple[int, list[str]] | None:
        """The catalog words a glued word is made of, the split whose rarer half is most
        common, with that half's product count; None when no split has both halves in the
        catalog often enough."""
        stem = _stemmer().stemWord
        best: tuple[int, list[str]] | None = None
        for cut in range(3, len(word) - 2):
            parts = [stem(word[:cut]), stem(word[cut:])]
            support = min(self.frequency(p) for p in parts)
            if support >= MIN_SPLIT_SUPPORT and (best is None or support > best[0]):
                best = (support, parts)
        return best

    def fit(self, texts: Sequence[str]) -> LexicalIndex:
        tokens = analyze_many(texts)
        self._bm25 = self._bm25_of([t or [_EMPTY] for t in tokens])
        self._pairs = self._bm25_of([word_pairs(t) or [_EMPTY] for t in tokens])
        self.size = len(texts)
        return self

    def _bm25_of(self, tokens: list[list[str]]) -> Any:
        import bm25s

        bm25 = bm25s.BM25(k1=self.k1, b=self.b, method="lucene")
        bm25.index(tokens, show_progress=False)
        return bm25

    def scores(self, terms: Sequence[str]) -> np.ndarray:
        """BM25 score of every document for already-analysed query terms (0 = no match)."""
        return _bm25_scores(self._bm25, terms, self.size)

    @property
    def has_pairs(self) -> bool:
        return self._pairs is not None

    def pair_scores(self, pairs: Sequence[str]) -> np.ndarray:
        """BM25 score of every document for query word pairs (``QueryAnalysis.pairs``): how
        well a product keeps the query's words side by side (0 = no pair, or no pair index)."""
        if self._pairs is None:
            return np.zeros(self.size, dtype=np.float32)
        return _bm25_scores(self._pairs, pairs, self.size)

    def save(self, directory: Path) -> None:
        self._bm25.save(str(directory), show_progress=False)
        if self._pairs is not None:  # None: loaded from an index written before pairs
            self._pairs.save(str(directory / PAIRS_DIR), show_progress=False)

    @classmethod
    def load(cls, directory: Path, size: int) -> LexicalIndex:
        import bm25s

        index = cls()
        index._bm25 = bm25s.BM25.load(str(directory), show_progress=False, verbosity=0)
        if (directory / PAIRS_DIR).is_dir():
            index._pairs = bm25s.BM25.load(
                str(directory / PAIRS_DIR), show_progress=False, verbosity=0
            )
        else:
            log.warning(
                "index at %s has no word-pair index: rebuild it for phrase matching", directory
            )
        index.size = size
        index.k1 = float(index._bm25.k1)
        index.b = float(index._bm25.b)
        return index


def _bm25_scores(bm25: Any, terms: Sequence[str], size: int) -> np.ndarray:
    known = [t for t in terms if t in bm25.vocab_dict]
    if not known:
        return np.zeros(size, dtype=np.float32)
    return np.asarray(bm25.get_scores(known), dtype=np.float32)

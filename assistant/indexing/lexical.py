"""Tokenisation and the BM25 index (bm25s) over product texts."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

import numpy as np

_TOKEN = re.compile(r"[a-z0-9]+(?:[./][0-9]+)*")


@lru_cache(maxsize=1)
def _stopwords() -> frozenset[str]:
    from bm25s.stopwords import STOPWORDS_EN

    return frozenset(STOPWORDS_EN)


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    import Stemmer

    return Stemmer.Stemmer("english")


def analyze(text: str) -> list[str]:
    """Lower-case word tokens, English stop words removed, Snowball-stemmed."""
    stop = _stopwords()
    words = [w for w in _TOKEN.findall(text.lower()) if w not in stop]
    return list(_stemmer().stemWords(words)) if words else []


def analyze_many(texts: Iterable[str]) -> list[list[str]]:
    stop = _stopwords()
    stem = _stemmer().stemWords
    out = []
    for text in texts:
        words = [w for w in _TOKEN.findall(text.lower()) if w not in stop]
        out.append(list(stem(words)) if words else [])
    return out


def query_terms(text: str) -> list[tuple[str, str]]:
    """(surface word, stem) pairs of a query, in order, without repeats: for explanations."""
    stop = _stopwords()
    seen: set[str] = set()
    pairs = []
    for word in _TOKEN.findall(text.lower()):
        if word in stop:
            continue
        stem = _stemmer().stemWord(word)
        if stem not in seen:
            seen.add(stem)
            pairs.append((word, stem))
    return pairs


class LexicalIndex:
    """BM25 (Lucene variant) over analysed product texts."""

    def __init__(self, k1: float = 1.2, b: float = 0.75) -> None:
        self.k1 = k1
        self.b = b
        self._bm25: Any = None
        self.size = 0

    def fit(self, texts: Sequence[str]) -> LexicalIndex:
        import bm25s

        tokens = analyze_many(texts)
        # bm25s cannot index a corpus without any token; give empty docs a placeholder
        tokens = [t if t else ["\x00empty"] for t in tokens]
        bm25 = bm25s.BM25(k1=self.k1, b=self.b, method="lucene")
        bm25.index(tokens, show_progress=False)
        self._bm25 = bm25
        self.size = len(texts)
        return self

    def scores(self, terms: Sequence[str]) -> np.ndarray:
        """BM25 score of every document for already-analysed query terms (0 = no match)."""
        known = [t for t in terms if t in self._bm25.vocab_dict]
        if not known:
            return np.zeros(self.size, dtype=np.float32)
        return np.asarray(self._bm25.get_scores(known), dtype=np.float32)

    def save(self, directory: Path) -> None:
        self._bm25.save(str(directory), show_progress=False)

    @classmethod
    def load(cls, directory: Path, size: int) -> LexicalIndex:
        import bm25s

        index = cls()
        index._bm25 = bm25s.BM25.load(str(directory), show_progress=False, verbosity=0)
        index.size = size
        index.k1 = float(index._bm25.k1)
        index.b = float(index._bm25.b)
        return index

"""Word uni- and bigram TF-IDF features (scikit-learn's default tokenisation), stored as a
term list and idf weights so inference needs only numpy."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

import numpy as np

TOKEN = re.compile(r"(?u)\b\w\w+\b")
LEXICAL_WEIGHT = 0.8


def ngrams(text: str) -> list[str]:
    words = TOKEN.findall(text.lower())
    return words + [f"{a} {b}" for a, b in itertools.pairwise(words)]


@dataclass
class WordTfidf:
    terms: tuple[str, ...]
    idf: np.ndarray
    _index: dict[str, int] = field(init=False, repr=False)

    def __post_init__(self) -> None:
        if len(self.terms) != len(self.idf):
            raise ValueError("one idf weight per term is required")
        self._index = {t: i for i, t in enumerate(self.terms)}

    @classmethod
    def fit(cls, texts: Sequence[str], min_df: int = 2) -> WordTfidf:
        from sklearn.feature_extraction.text import TfidfVectorizer

        vectorizer = TfidfVectorizer(ngram_range=(1, 2), min_df=min_df, sublinear_tf=True)
        vectorizer.fit(list(texts))
        terms = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.__getitem__)
        return cls(tuple(terms), vectorizer.idf_.astype(np.float32))

    def transform(self, texts: Sequence[str]) -> np.ndarray:
        """``(n, terms)`` L2-normalised sublinear TF-IDF rows, times ``LEXICAL_WEIGHT``."""
        out = np.zeros((len(texts), len(self.terms)), dtype=np.float32)
        for row, text in enumerate(texts):
            counts: dict[int, int] = {}
            for gram in ngrams(text):
                i = self._index.get(gram)
                if i is not None:
                    counts[i] = counts.get(i, 0) + 1
            for i, c in counts.items():
                out[row, i] = (1.0 + np.log(c)) * self.idf[i]
            norm = float(np.linalg.norm(out[row]))
            if norm > 0:
                out[row] /= norm
        return out * LEXICAL_WEIGHT

"""The shopper tab's "Looking for" line: the search the engine ran, in words.

The dialogue state keeps the search text as the shopper wrote it (``constraints["query"]``,
price phrases and colours already taken out). Shown as is it reads "actually I need a tent
2-person" or "waterprof jakcet for hikking", so this drops the words that say nothing about
the product (the engine's refinement filler, the index's stop words, a few conversational
words) and writes each word the catalog does not know the way the lexical index corrects it
when it searches ("jakcet" -> "jacket", "hikking" -> "hiking"). The length cap is
``render.shorten``'s job.
"""

from __future__ import annotations

import logging
import re
import threading
from collections import Counter
from typing import Any

log = logging.getLogger(__name__)

# conversational words the refinement filler list does not have
CHATTER = frozenset(
    """actually ideally preferably honestly basically hi hello hey um umm uh hmm kindly
    buy buying purchase searching shopping recommend recommendation recommendations suggest
    suggestions wanting wanted needs needed""".split()  # noqa: SIM905
)
_WORD = re.compile(r"[\w][\w'&.+-]*", re.UNICODE)


class SearchWords:
    """``text(query)``: the search in the words the engine matched. ``engine`` is the
    Assistant (its ``index.lexical`` corrects words; the catalog titles give each corrected
    stem its usual spelling); anything missing gives the query back unchanged."""

    def __init__(self, engine: Any) -> None:
        self.engine = engine
        self._lock = threading.Lock()
        self._spellings: tuple[str, dict[str, str]] = ("", {})

    def text(self, query: str | None) -> str:
        raw = " ".join(str(query or "").split())
        if not raw:
            return ""
        try:
            words = self._words(raw)
        except Exception:  # an index without a lexical side, a stand-in engine
            log.debug("search words unavailable", exc_info=True)
            return raw
        return " ".join(words) or raw

    def _words(self, raw: str) -> list[str]:
        from assistant.engine.search_text import FILLER
        from assistant.indexing.lexical import query_terms

        index = self.engine.index
        lexical = index.lexical
        spellings = self._spelling_table(index)
        out: list[str] = []
        for token in _WORD.findall(raw):
            word = token.strip(".'-+&").lower()
            if not word or word in FILLER or word in CHATTER:
                continue
            own = [stem for _, stem in query_terms(word)]
            if not own:  # a stop word
                continue
            if not word.isalpha():  # "2-person", "28", "e-bike": as written
                out.append(token.strip(".,'"))
                continue
            searched = lexical.query(word, fix=True).terms
            if searched == own:
                out.append(word)
            else:  # corrected (or split) by the index: its catalog spelling
                out.extend(spellings.get(term, term) for term in searched)
        return list(dict.fromkeys(out))

    def _spelling_table(self, index: Any) -> dict[str, str]:
        """Stem -> the most frequent word of catalog titles with that stem (per index)."""
        key = str(index.manifest.fingerprint)
        with self._lock:
            if self._spellings[0] == key:
                return self._spellings[1]
        from assistant.indexing.lexical import query_terms

        counts: dict[str, Counter[str]] = {}
        for title in index.products["title"].astype(str):
            for word, stem in query_terms(title):
                if word.isalpha():
                    counts.setdefault(stem, Counter())[word] += 1
        table = {stem: words.most_common(1)[0][0] for stem, words in counts.items()}
        with self._lock:
            self._spellings = (key, table)
        return table

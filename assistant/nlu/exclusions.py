"""What a message says the shopper does not want: "not leather", "she hates pink", "anything
but Wildpine and Alpenglow", "nothing by Kinetic". Excluded terms and the spans they were read
from (no other entity is read there: "not from Sonara" wants no Sonara)."""

from __future__ import annotations

import re

from assistant.nlu.vocabulary import VocabularyIndex, phrase_key

# the words that say the shopper (or whoever they shop for) does not want what follows: "not
# leather", "she hates pink", "anything but Zenform"; shared with the search text, which
# leaves what they name out (``engine.search_text``)
NEGATION_CUES = (
    r"(?:(?:do|does)\s+not|don[’']?t|doesn[’']?t)\s+(?:really\s+)?(?:like|love|want|need|fancy)"
    r"|hates?|dislikes?|can[’']?t stand|cannot stand|not (?:really )?(?:a )?(?:big )?(?:fan|keen) "
    r"(?:of|on)|not|no|without|except|excluding|exclude|avoid|minus|anything but|nothing in"
    r"|nothing|(?:anything\s+)?other than|non|skip"
)
_EXCLUSION = re.compile(
    rf"\b(?:{NEGATION_CUES})\s+"
    r"(?:the\s+|any\s+|an?\s+|made of\s+|made from\s+|with\s+)?(?:from\s+|by\s+)?"
    r"(?:colou?r\s+|brand\s+)?(?P<t>[a-z0-9][\w'.-]*(?:\s+(?:&\s+(?!(?:no|not|non|without)\b))?[a-z0-9][\w'.-]*){0,2})",
    re.IGNORECASE,
)
# between the names of an excluded list: "A and B", "A, B or C", "A nor B", "A and no B"
_LIST_JOINT = re.compile(
    r"\s*(?:,\s*(?:and\s+|or\s+)?|\s+(?:and|or|nor)\s+)(?:not\s+|no\s+)?", re.I
)
_LIST_WORD = re.compile(r"[a-z0-9][\w'.&-]*", re.IGNORECASE)
_NOT_EXCLUDABLE = frozenset(
    [
        "fancy",  # "nothing fancy", "nothing else", "nothing special"
        "else",
        "special",
        "much",
        "too",
        "so",
        "very",
        "anything",
        "something",
        "to",
        "really",
        "that",
        "this",
        "it",
        "its",
        "it's",
        "sure",
        "bad",
        "good",
        "great",
        "happy",
        "working",
        "worth",
        "more",
        "less",
        "much",
        "yet",
        "anymore",
        "over",
        "above",
        "under",
        "below",
        "cheaper",
        "thanks",
        "thank",
        "problem",
        "problems",
        "worries",
        "one",
        "ones",
        "longer",
        "need",
        "needed",
        "i",
        "im",
        "i'm",
        "me",
        "my",
        "we",
        "you",
        "your",
        "thing",
        "things",
        "idea",
        "way",
        "clue",
        "matter",
        "big",
        "fan",
        "quite",
        "exactly",
        "necessarily",
        "only",
        "just",
        "even",
        "as",
        "what",
        "how",
        "when",
        "where",
        "why",
        "if",
        "is",
        "are",
        "was",
        "be",
        "been",
        "being",
        "have",
        "has",
        "had",
        "do",
        "does",
        "did",
        "can",
        "could",
        "will",
        "would",
        "should",
        "may",
        "might",
        "at",
        "in",
        "on",
        "for",
        "to",
        "of",
        "from",
        "by",
        "with",
        "and",
        "or",
        "but",
        "then",
        "there",
        "here",
        "all",
        "any",
        "some",
        "mine",
        "yours",
        "interested",
        "impressed",
        "available",
        "helpful",
        "true",
        "sized",
        "expensive",
        "cheap",
        "fit",
        "fits",
        "fitting",
        "comfortable",
        "received",
        "arrived",
        "shipped",
        "delivered",
        "wanted",
        "want",
        "like",
        "liked",
        "sure",
    ]
)
_TERM_STOP = frozenset(
    [
        "please",
        "pls",
        "plz",
        "thanks",
        "thank",
        "instead",
        "though",
        "anymore",
        "and",
        "or",
        "but",
        "then",
        "this",
        "that",
        "them",
        "those",
        "these",
        "one",
        "ones",
        "either",
        "just",
        "only",
        "for",
        "me",
        "i",
        "again",
        "too",
        "at",
        "all",
        "now",
        "it",
        "ones",
        "stuff",
    ]
)


class ExclusionReader:
    """Component: ``run(text) -> (terms, spans)``: the excluded names of a message, matched
    against the catalog's brands, colours, categories and materials (``index``)."""

    def __init__(self, index: VocabularyIndex) -> None:
        self.index = index

    def run(self, text: str) -> tuple[list[str], list[tuple[int, int]]]:
        terms: list[str] = []
        spans: list[tuple[int, int]] = []
        for m in _EXCLUSION.finditer(text):
            words = m.group("t").lower().split()
            if not words or words[0].strip("'.") in _NOT_EXCLUDABLE or words[0].isdigit():
                continue
            kept: list[str] = self._known_phrase(words) or []  # "Summit and Stone"
            for word in [] if kept else words:
                if word in _TERM_STOP or (kept and word in _NOT_EXCLUDABLE):
                    break
                kept.append(word.strip(".,'"))
            kept = self._trim_to_known(kept)
            while kept and kept[-1] == "&":  # "no salt & pepper" -> "salt" unless a known name
                kept.pop()
            term = " ".join(kept)
            if term and term not in terms:
                terms.append(term)
                end = m.start("t") + len(" ".join(m.group("t").split()[: len(kept)]))
                more, end = self._listed_after(text, end, self._kind_of(term))  # "not A and B"
                terms += [t for t in more if t not in terms]
                spans.append((m.start(), end))
        return terms, spans

    def _listed_after(self, text: str, end: int, kind: str | None) -> tuple[list[str], int]:
        """Catalog names of the same ``kind`` (brand, colour, material) listed after an
        excluded one ("anything but Wildpine and Alpenglow", "dislikes purple and orange"):
        excluded too, with where the list ends. A name of another kind is not ("no wool and
        black please" wants black)."""
        found: list[str] = []
        while kind is not None and (joint := _LIST_JOINT.match(text, end)) is not None:
            words = [(w.group(0), w.end()) for w in _LIST_WORD.finditer(text, joint.end())][:3]
            lowered = [w.lower() for w, _ in words]
            known = next(
                (lowered[:n] for n in range(len(lowered), 0, -1)
                 if self._kind_of(" ".join(lowered[:n])) == kind),
                None,
            )  # fmt: skip
            if not known:
                break
            found.append(" ".join(w.strip(".,'") for w in known))
            end = words[len(known) - 1][1]
        return found, end

    def _kind_of(self, name: str) -> str | None:
        """ "brand", "color" or "material" when ``name`` is one of the catalog's, else None."""
        key = phrase_key(name)
        if key in self.index.brands.exact:
            return "brand"
        if key in self.index.colors.exact:
            return "color"
        return "material" if key in self.index.materials else None

    def _known_phrase(self, words: list[str]) -> list[str] | None:
        """The longest start of ``words``, two words or more, that is a catalog brand, colour,
        category or material ("summit and stone" is Summit & Stone), else None."""
        for n in range(len(words), 1, -1):
            if self._is_catalog_name(" ".join(words[:n])):
                return [w.strip(".,'") for w in words[:n]]
        return None

    def _is_catalog_name(self, name: str) -> bool:
        """A brand, colour, material or category of the catalog."""
        return self._kind_of(name) is not None or phrase_key(name) in self.index.categories.exact

    def _trim_to_known(self, words: list[str]) -> list[str]:
        """ "no wool please" -> ["wool"]; keep a multi-word phrase only if it is a known one."""
        if len(words) <= 1:
            return words
        known = self._known_phrase(words)
        if known:
            return known
        return words[:1] if self._is_catalog_name(words[0]) else words[:2]

"""Kinds of product: the head noun of a catalog title ("lamp" in "Focus LED Desk Lamp, Brown")
with the categories it is sold under, plus the built-in product words, so that a message's
own kind of product can be told from a word that only qualifies it ("desk" in "desk lamp")."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping, Sequence

from assistant.nlu import lexicon
from assistant.nlu.vocabulary import phrase_key, tokens

# where a title's name part ends: "Urban Bike Helmet by Peakline", "..., Black",
# "Microwave in Stainless Steel" (but not "30 in. Range", inches)
_TITLE_TAIL = re.compile(
    r",|\s[-–|/]\s|\(|\b(?:by|with|for|featuring|from)\b|\bin\b(?!\.)", re.IGNORECASE
)
MIN_TITLES = 1  # a head word must name at least this many products to count as a kind
# what holds the product rather than is it: "Pet Bowl Set" is bowls
_CONTAINERS = frozenset({"set", "kit", "pack", "pair", "bundle", "collection", "duo", "trio"})
# heads that are everyday words more often than products in a message ("a set of two",
# "stand out", "press", "what's your game"): kinds for the catalog, never a new request
_AMBIGUOUS = frozenset(
    """set post stand bank press maker game watch pack kit case light top base cover plus pro
    max mini one piece pair edition style model type size color thing item""".split()  # noqa: SIM905
)
# after these a product word is a feature or a companion, not what is asked for
# ("one with a case", "without the bag", "a mat for my tent")
_QUALIFIER = frozenset(
    "with without no not except minus for than and or plus that which who to".split()  # noqa: SIM905
)


# product words with no plural in "we don't sell ..." ("tea", not "teas")
_MASS = frozenset(
    "tea wine beer soil litter kibble fertilizer cutlery underwear toothpaste".split()  # noqa: SIM905
)


def plural(word: str) -> str:
    """ "bike" -> "bikes", "watch" -> "watches", "battery" -> "batteries"; "tea" stays."""
    if word in _MASS or word.endswith("s"):
        return word
    if word.endswith("y") and word[-2:-1] not in tuple("aeiou"):
        return word[:-1] + "ies"
    if word.endswith(("x", "ch", "sh")):
        return word + "es"
    return word + "s"


def title_head(title: str) -> str | None:
    """The head noun of a product title (singular, as ``tokens`` gives words): the last word
    of its name part, before a container word ("Pet Bowl Set" -> "bowl")."""
    name = _TITLE_TAIL.split(title, maxsplit=1)[0]
    words = [w for w in tokens(name) if w.isalpha() and len(w) >= 3]
    while len(words) > 1 and words[-1] in _CONTAINERS:
        words.pop()
    return words[-1] if words else None


def catalog_kinds(
    titles: Iterable[str], categories: Iterable[str], min_titles: int = MIN_TITLES
) -> dict[str, list[str]]:
    """Head word -> the category paths its products are in, most products first."""
    by_head: defaultdict[str, Counter[str]] = defaultdict(Counter)
    for title, category in zip(titles, categories, strict=True):
        head = title_head(title)
        if head:
            by_head[head][" > ".join(p.strip() for p in category.split(">") if p.strip())] += 1
    return {
        head: [c for c, _ in counts.most_common()]
        for head, counts in by_head.items()
        if sum(counts.values()) >= min_titles
    }


def in_family(a: str, b: str) -> bool:
    """One category path is the other or lies under it ("Shoes" / "Shoes > Running")."""
    x, y = a.lower(), b.lower()
    return x == y or x.startswith(y + " >") or y.startswith(x + " >")


class ProductKinds:
    """The kinds a catalog sells (title heads) and the product words people use."""

    def __init__(self, kinds: Mapping[str, Sequence[str]]) -> None:
        self.kinds = {k: list(v) for k, v in kinds.items()}
        generic = [w for words in lexicon.CATEGORY_SYNONYMS.values() for w in words]
        generic += list(lexicon.CATEGORY_SYNONYMS)
        words = {phrase_key(w) for w in (*generic, *lexicon.PRODUCT_NOUNS)}
        self.words = frozenset(w for w in words if " " not in w) | frozenset(self.kinds)

    def categories(self, word: str) -> list[str]:
        """The catalog categories of products whose head is ``word`` (none: not sold as such)."""
        return self.kinds.get(word, [])

    def is_product_word(self, word: str) -> bool:
        return word in self.words

    def sold(self, word: str) -> bool:
        """True when some title of the catalog is a ``word`` ("bike" is not: only bike
        helmets and lights are); true for any word when the catalog's kinds are unknown."""
        return not self.kinds or word in self.kinds

    def qualifies(self, category: str, following: str | None, named: Sequence[str] = ()) -> bool:
        """True when the category word is followed by a product word of another kind, so it
        only qualifies it: "desk" in "desk lamp" (lamps are in Lighting, not Desks), "coffee"
        in "coffee table"; not "coffee" in "coffee grinder" (grinders are in Coffee), nor
        "hiking" in "hiking shoes". ``named``: the categories the following word names."""
        if following is None or following not in self.words:
            return False
        kinds = [*self.categories(following), *named]
        return not any(in_family(category, c) for c in kinds)

    def head(self, words: Sequence[str], everyday: bool = False) -> str | None:
        """The kind of product a message asks for: its last product word that is not after
        "with", "without", "for", ... ("a desk lamp with a usb port" -> "lamp"), skipping
        words that are more often everyday words ("set", "stand") unless ``everyday`` (the
        words are a search's, "coffee maker")."""
        found: str | None = None
        qualified = False
        for word in words:
            if word in _QUALIFIER:
                qualified = True
            elif word in self.words and (everyday or word not in _AMBIGUOUS) and not qualified:
                found = word
        return found

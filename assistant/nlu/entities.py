"""Entities of one message: price range, brand, colour, size, category, product refs, order id."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from typing import Any

from assistant.nlu.exclusions import ExclusionReader
from assistant.nlu.kinds import ProductKinds, plural
from assistant.nlu.prices import extract_price
from assistant.nlu.references import extract_order_id, extract_product_refs
from assistant.nlu.vocabulary import CatalogVocabulary, Match, VocabularyIndex, tokens

_SIZE_PATTERNS = (
    re.compile(
        r"\bsize(?:\s*[:=]\s*|\s+)(?:us\s*|uk\s*|eu\s*)?(?P<v>\d{1,2}(?:[.,]5)?(?!\d)|x{0,3}[sml](?![a-z])|\d?x{1,3}l|"
        r"small|medium|large|one size)",
        re.IGNORECASE,
    ),
    re.compile(
        r"\b(?P<v>(?:us|uk|eu)\s?\d{1,2}(?:\.5)?)\b(?!\s*(?:dollars?|pounds?|euros?))",
        re.IGNORECASE,
    ),
    re.compile(r"\b(?P<v>[wW]?\d{2}\s?[xX/]\s?[lL]?\d{2})\b"),
    re.compile(r"\bin\s+(?:an?\s+)?(?P<v>small|medium|large|xs|xl|xxl)\b", re.IGNORECASE),
)
_EITHER = re.compile(r"\bor\b|/|\beither\b", re.IGNORECASE)


@dataclass
class Entities:
    """Entity keys of the NLU contract (any may be absent) plus excluded terms."""

    price_min: float | None = None
    price_max: float | None = None
    brand: str | None = None
    color: str | None = None
    size: str | None = None
    category: str | None = None
    product_refs: list[int] = field(default_factory=list)
    order_id: str | None = None
    exclude_terms: list[str] = field(default_factory=list)
    other_colors: list[str] = field(default_factory=list)  # "red or blue": blue (either is fine)

    def to_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v is not None and v != []}


class EntityExtractor:
    """Rule-based extraction against the catalog vocabulary and the built-in word lists."""

    def __init__(
        self,
        vocabulary: CatalogVocabulary | None = None,
        fuzzy_cutoff: float = 88,
        max_chars: int = 2000,
    ) -> None:
        if max_chars < 1:
            raise ValueError("max_chars must be >= 1")
        self.max_chars = max_chars
        vocabulary = vocabulary or CatalogVocabulary.empty()
        self.index = VocabularyIndex(vocabulary, fuzzy_cutoff)
        self.exclusions = ExclusionReader(self.index)
        self.kinds = ProductKinds(vocabulary.kinds)

    def extract(self, text: str) -> Entities:
        text = text[: self.max_chars]
        entities = Entities()
        order_id, order_span = extract_order_id(text)
        entities.order_id = order_id
        blocked: list[tuple[int, int]] = [order_span] if order_span else []

        size, size_spans = self._size(text, blocked)
        blocked += size_spans
        price, price_spans = extract_price(text, blocked)
        entities.price_min, entities.price_max = price.price_min, price.price_max
        blocked += price_spans
        entities.product_refs, ref_spans = extract_product_refs(text, blocked)
        blocked += ref_spans

        excluded, exclusion_spans = self.exclusions.run(text)
        entities.exclude_terms = excluded
        masked = _mask(text, blocked + exclusion_spans)
        token_list = tokens(masked)
        taken: set[int] = set()
        for name, table in (
            ("brand", self.index.brands),
            ("category", self.index.categories),
            ("color", self.index.colors),
        ):
            matches = table.find(token_list, taken)
            if matches:
                chosen = _category_choice(matches) if name == "category" else matches[0]
                if name == "category" and self._qualifies(chosen, token_list):
                    continue  # "desk" in "desk lamp": the search words find the lamps
                setattr(entities, name, chosen.value)
                taken.update(range(chosen.start, chosen.end))
                if name == "color" and len(matches) > 1 and _EITHER.search(masked):
                    entities.other_colors = list(
                        dict.fromkeys(m.value for m in matches[1:] if m.value != chosen.value)
                    )
                    for m in matches[1:]:
                        taken.update(range(m.start, m.end))
        if size is None:
            size_matches = self.index.sizes.find(token_list, taken, fuzzy=False)
            size = size_matches[0].value if size_matches else None
        entities.size = size
        return entities

    def unsold_brand(self, text: str) -> str | None:
        """A well-known brand the text names that the catalog does not sell ("Nike")."""
        found = self.index.unsold_brands.find(tokens(text[: self.max_chars]), set(), fuzzy=False)
        return found[0].value if found else None

    def mentions_product(self, text: str, entities: Entities) -> bool:
        """True when the text names something to shop for: a brand, a catalog category or a
        generic product word ("sneakers", "tent") even if the catalog has no such category."""
        if entities.brand or entities.category:
            return True
        words = tokens(text[: self.max_chars])
        return bool(self.index.generic_categories.find(words, set(), fuzzy=False))

    def _qualifies(self, chosen: Match, words: list[str]) -> bool:
        following = words[chosen.end] if chosen.end < len(words) else None
        named = (
            [m.value for m in self.index.categories.find([following], set())] if following else []
        )
        return self.kinds.qualifies(chosen.value, following, named)

    def kind_of_request(self, text: str) -> str | None:
        """The kind of product the text asks for ("lamp" in "what about a desk lamp?")."""
        return self.kinds.head(tokens(text[: self.max_chars]))

    def unsold_kind(self, text: str, head: str | None = None) -> str | None:
        """The kind of product the text asks for when the catalog has none, as a plural
        ("bikes" in a shop with bike helmets but no bikes); None when it is sold or unknown.
        ``head``: the text's ``kind_of_request`` when the caller has it already."""
        head = head or self.kind_of_request(text)
        if head is None or self.kinds.sold(head) or self.extract(head).category:
            return None  # "trainers" is no title's head, but it names a catalog category
        return plural(head)

    def _size(
        self, text: str, blocked: list[tuple[int, int]]
    ) -> tuple[str | None, list[tuple[int, int]]]:
        for pattern in _SIZE_PATTERNS:
            for m in pattern.finditer(text):
                if any(m.start() < e and s < m.end() for s, e in blocked):
                    continue
                raw = re.sub(r"\s+", " ", m.group("v").strip())
                return self.index.size_value(raw), [m.span()]
        return None, []


def _category_choice(matches: list[Match]) -> Match:
    """The most specific category path; on a tie the first mention, unless the next one
    follows it directly: the head of a compound ("running jackets" are jackets, while "a
    sleeping bag for a tent" is a sleeping bag)."""
    depth = max(m.value.count(">") for m in matches)
    tied = [m for m in matches if m.value.count(">") == depth]
    chosen = tied[0]
    for m in tied[1:]:
        if m.start == chosen.end:
            chosen = m
    return chosen


def _mask(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        for i in range(max(start, 0), min(end, len(chars))):
            chars[i] = " "
    return "".join(chars)

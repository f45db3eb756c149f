"""Help-centre pages: chunked by heading, indexed (MiniLM vectors + BM25), searched by passage.

Each ``## heading`` section of a page is one passage; the text between the page title and its
first heading is a passage headed by the page title. Passages and their sentences are embedded
once; the vectors are cached beside the product index (``<index home>/support/``) under a
fingerprint of the pages and the encoder, so an edited page is re-indexed on the next load and
an unchanged one costs only a file read. A passage's score is
``alpha * cosine + (1 - alpha) * BM25 / max BM25`` over the query.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import re
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np

from assistant.errors import AssistantError
from assistant.indexing.lexical import LexicalIndex, analyze

if TYPE_CHECKING:
    from assistant.embedding import Encoder

log = logging.getLogger(__name__)

SHIPPED_PAGES = Path(__file__).parent / "policies"
CACHE_VERSION = 1
SECOND_SENTENCE_MARGIN = 0.08
NAMED_WORD_BONUS = 0.15
MAX_QUOTE_CHARS = 320
_BOLD = re.compile(r"\*\*(.+?)\*\*|\*(.+?)\*")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9])")
_TABLE_RULE = re.compile(r"^\|?\s*:?-{3,}")


@dataclass(frozen=True)
class PolicyPassage:
    """One section of a help-centre page."""

    page: str  # file stem, e.g. "returns"
    title: str  # page title, e.g. "Returns"
    heading: str  # section heading (the title for the intro section)
    text: str  # markdown stripped, one sentence or list item per line
    sentences: tuple[str, ...]

    @property
    def source(self) -> str:
        return f"{self.title} > {self.heading}"


@dataclass
class PassageHit:
    passage: PolicyPassage
    score: float
    dense: float
    lexical: float
    best_sentence: str  # the passage sentence(s) closest to the query

    def to_dict(self) -> dict[str, Any]:
        return {
            "page": self.passage.page,
            "title": self.passage.title,
            "heading": self.passage.heading,
            "text": self.passage.text,
            "score": round(self.score, 4),
            "best_sentence": self.best_sentence,
        }


def plain(text: str) -> str:
    """Markdown emphasis removed, whitespace collapsed."""
    return " ".join(_BOLD.sub(lambda m: m.group(1) or m.group(2), text).split())


def section_sentences(lines: list[str]) -> list[str]:
    """Sentences, list items and table rows ("Cell: cell") of one section."""
    blocks: list[list[str]] = []
    current: list[str] | None = None
    rows: list[list[str]] = []
    for raw in lines:
        line = raw.strip()
        if not line.startswith("|") and rows:
            blocks.append(table_rows(rows))
            rows = []
        if not line:
            current = None
        elif line.startswith("|"):
            current = None
            if not _TABLE_RULE.match(line):
                rows.append([plain(c) for c in line.strip("|").split("|")])
        elif item := re.match(r"^(?:[-*]|\d+\.)\s+(.*)$", line):
            current = [item.group(1)]
            blocks.append(current)
        elif current is not None:
            current.append(line)  # a wrapped paragraph or list item
        else:
            current = [line]
            blocks.append(current)
    if rows:
        blocks.append(table_rows(rows))
    out: list[str] = []
    for block in blocks:
        if block and block[0].count(":") and all(": " in b for b in block) and len(block) > 1:
            out.extend(block)  # table rows stay one per line
        else:
            out.extend(s for s in _SENTENCE_END.split(plain(" ".join(block))) if s)
    return out


def table_rows(rows: list[list[str]]) -> list[str]:
    """Body rows of a markdown table (header dropped) as ``"first cell: other; cells"``."""
    return [f"{r[0]}: {'; '.join(c for c in r[1:] if c)}" for r in rows[1:]]


def chunk_page(path: Path) -> list[PolicyPassage]:
    """The passages of one markdown page, in page order."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise AssistantError(f"cannot read policy page {path}: {exc}") from None
    title = path.stem.replace("-", " ").capitalize()
    sections: list[tuple[str, list[str]]] = []
    current: tuple[str, list[str]] | None = None
    for line in lines:
        if line.startswith("# "):
            title = plain(line[2:])
            current = (title, [])
            sections.append(current)
        elif line.startswith("## "):
            current = (plain(line[3:]), [])
            sections.append(current)
        elif current is None:
            current = (title, [line])
            sections.append(current)
        else:
            current[1].append(line)
    passages = []
    for heading, body in sections:
        sentences = section_sentences(body)
        if sentences:
            passages.append(
                PolicyPassage(path.stem, title, heading, "\n".join(sentences), tuple(sentences))
            )
    return passages


def chunk_pages(directory: Path) -> list[PolicyPassage]:
    pages = sorted(directory.glob("*.md"))
    if not pages:
        raise AssistantError(f"no policy pages (*.md) in {directory}")
    return [passage for page in pages for passage in chunk_page(page)]


class PolicyIndex:
    """Passages with their vectors, sentence vectors and a BM25 index over the passages."""

    def __init__(
        self,
        passages: list[PolicyPassage],
        passage_vectors: np.ndarray,
        sentence_vectors: np.ndarray,
        fingerprint: str,
    ) -> None:
        n_sentences = sum(len(p.sentences) for p in passages)
        if not passages:
            raise ValueError("a policy index needs at least one passage")
        if passage_vectors.shape[0] != len(passages) or sentence_vectors.shape[0] != n_sentences:
            raise ValueError("policy vectors do not match the passages")
        self.passages = passages
        self.passage_vectors = passage_vectors
        self.sentence_vectors = sentence_vectors
        self.fingerprint = fingerprint
        # policy passages are paragraphs, not titles: classic BM25 length normalisation
        self.lexical = LexicalIndex(k1=1.2, b=0.75).fit([index_text(p) for p in passages])
        starts = np.cumsum([0] + [len(p.sentences) for p in passages])
        self.sentence_slices = [slice(int(a), int(b)) for a, b in itertools.pairwise(starts)]

    @classmethod
    def build(cls, passages: list[PolicyPassage], encoder: Encoder) -> PolicyIndex:
        texts = [index_text(p) for p in passages]
        sentences = [s for p in passages for s in p.sentences]
        vectors = encoder.encode(texts + sentences)
        return cls(passages, vectors[: len(texts)], vectors[len(texts) :], fingerprint_of(passages))

    @classmethod
    def load_or_build(
        cls, directory: Path, encoder: Encoder, cache_dir: Path | None = None
    ) -> PolicyIndex:
        """Chunk the pages; reuse cached vectors when pages and encoder are unchanged."""
        passages = chunk_pages(directory)
        fingerprint = fingerprint_of(passages, getattr(encoder, "model_name", "minilm"))
        cache = None if cache_dir is None else cache_dir / f"policies-{fingerprint[:16]}.npz"
        if cache is not None and cache.is_file():
            try:
                with np.load(cache, allow_pickle=False) as data:
                    return cls(passages, data["passages"], data["sentences"], fingerprint)
            except (OSError, ValueError, KeyError) as exc:
                log.warning("ignoring unreadable policy cache %s: %s", cache, exc)
        index = cls.build(passages, encoder)
        index.fingerprint = fingerprint
        if cache is not None:
            index.save(cache)
        return index

    def save(self, path: Path) -> None:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp.npz")
            with tmp.open("wb") as handle:
                np.savez(handle, passages=self.passage_vectors, sentences=self.sentence_vectors)
            tmp.replace(path)
        except OSError as exc:  # a read-only index dir only costs the re-encoding next time
            log.warning("cannot cache policy vectors at %s: %s", path, exc)

    def find(self, page: str, heading: str) -> int | None:
        """The position of the passage ``page`` > ``heading`` (None when there is none)."""
        return next(
            (
                i
                for i, p in enumerate(self.passages)
                if p.page == page and p.heading.lower() == heading.lower()
            ),
            None,
        )

    def search(
        self,
        query_vector: np.ndarray,
        query: str,
        k: int,
        alpha: float,
        prior: np.ndarray | None = None,
        pinned: Pin | None = None,
    ) -> list[PassageHit]:
        """Top ``k`` passages; ``prior`` (one value per passage) is added to the score.
        ``pinned`` puts that passage first, quoting the sentences it names."""
        dense = self.passage_vectors @ query_vector
        lexical = self.lexical.scores(analyze(query))
        top = float(lexical.max()) if lexical.size else 0.0
        lexical_norm = lexical / top if top > 0 else np.zeros_like(lexical)
        scores = alpha * dense + (1 - alpha) * lexical_norm
        if prior is not None:
            scores = scores + prior
        order = np.argsort(-scores, kind="stable").tolist()
        first = None if pinned is None else self.find(pinned.page, pinned.heading)
        if first is not None:
            order = [first, *(i for i in order if i != first)]
        words = content_words(query)
        hits = []
        for i in order[:k]:
            passage = self.passages[i]
            sentence_scores = self.sentence_vectors[self.sentence_slices[i]] @ query_vector
            best = None
            if i == first and pinned is not None:
                best = pinned.quote(passage)
            if not best:
                best = best_sentences(passage, sentence_scores, words)
            hits.append(
                PassageHit(passage, float(scores[i]), float(dense[i]), float(lexical[i]), best)
            )
        return hits


@dataclass(frozen=True)
class Pin:
    """A passage chosen by the rules rather than by similarity, and the sentences to quote
    (each pattern picks the passage sentences it matches, in page order)."""

    page: str
    heading: str
    sentences: tuple[str, ...] = ()

    def quote(self, passage: PolicyPassage) -> str:
        picked = [
            s
            for s in passage.sentences
            if any(re.search(p, s, re.IGNORECASE) for p in self.sentences)
        ]
        return " ".join(terminated(s) for s in picked)


def content_words(text: str) -> set[str]:
    """Lower-cased words of three letters or more, a plural "s" dropped ("shoes" ~ "shoe")."""
    words = re.findall(r"[a-z]{3,}", text.lower())
    return {w[:-1] if w.endswith("s") and len(w) > 3 else w for w in words}


def best_sentences(
    passage: PolicyPassage, scores: np.ndarray, query_words: set[str] | None = None
) -> str:
    """The sentence closest to the query, with the runner-up when it is nearly as close
    (``SECOND_SENTENCE_MARGIN``) and the two fit in ``MAX_QUOTE_CHARS``, in page order.

    A sentence naming a query word that few sentences of the passage name ("shoes" in a list
    of what can be returned) gets ``NAMED_WORD_BONUS``: the rule about the thing asked about
    beats a rule about something else that merely reads alike."""
    scores = np.asarray(scores, dtype=np.float64).copy()
    if query_words:
        per_sentence = [content_words(s) & query_words for s in passage.sentences]
        for i, found in enumerate(per_sentence):
            rare = [w for w in found if sum(w in f for f in per_sentence) * 3 <= len(scores)]
            if rare:
                scores[i] += NAMED_WORD_BONUS
    order = np.argsort(-scores, kind="stable").tolist()
    chosen = [order[0]]
    if (
        len(order) > 1
        and scores[order[1]] >= scores[order[0]] - SECOND_SENTENCE_MARGIN
        and len(passage.sentences[order[0]]) + len(passage.sentences[order[1]]) <= MAX_QUOTE_CHARS
    ):
        chosen.append(order[1])
    referring = [i for i in chosen if _REFERS_BACK.search(passage.sentences[i])]
    if referring:
        # "the time above is the usual range": quote the table rows it refers to as well
        size = sum(len(passage.sentences[i]) for i in chosen)
        row = min(referring)
        while row > 0 and _TABLE_ROW.match(passage.sentences[row - 1]):
            size += len(passage.sentences[row - 1])
            if size > MAX_QUOTE_CHARS:
                break
            row -= 1
            chosen.append(row)
    return " ".join(terminated(passage.sentences[i]) for i in sorted(set(chosen)))


_REFERS_BACK = re.compile(r"\b(?:above|the table|this table)\b", re.IGNORECASE)
_TABLE_ROW = re.compile(r"^[^:.]{1,60}: \S")


def terminated(sentence: str) -> str:
    sentence = sentence.rstrip()
    return sentence if sentence.endswith((".", "!", "?", ":")) else sentence + "."


def index_text(passage: PolicyPassage) -> str:
    return f"{passage.title}: {passage.heading}. {' '.join(passage.sentences)}"


def fingerprint_of(passages: list[PolicyPassage], model: str = "minilm") -> str:
    payload = json.dumps(
        [CACHE_VERSION, model, [asdict(p) for p in passages]], sort_keys=True, ensure_ascii=False
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()

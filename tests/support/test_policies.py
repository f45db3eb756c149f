"""Policy pages: chunked by heading, indexed, cached, retrieved with page and heading."""

from __future__ import annotations

import shutil
from pathlib import Path

import numpy as np
import pytest

from assistant.errors import AssistantError
from assistant.settings import Settings
from assistant.support.passages import OVERVIEW, PolicyRetriever, expand
from assistant.support.policies import SHIPPED_PAGES, Pin, PolicyIndex, chunk_page, chunk_pages


def test_every_page_is_chunked_by_its_headings():
    passages = chunk_pages(SHIPPED_PAGES)
    pages = {p.page for p in passages}
    assert pages == {path.stem for path in SHIPPED_PAGES.glob("*.md")} and len(pages) == 8
    for path in SHIPPED_PAGES.glob("*.md"):
        headings = [
            line[3:].strip() for line in path.read_text().splitlines() if line.startswith("## ")
        ]
        assert [
            p.heading for p in passages if p.page == path.stem and p.heading != p.title
        ] == headings
    returns = {p.heading: p for p in passages if p.page == "returns"}
    assert returns["Returns"].sentences[0].startswith("You can return most items within 30 days")
    assert "**" not in "".join(p.text for p in passages)  # markdown emphasis is stripped


def test_tables_become_one_line_per_row():
    refunds = {p.heading: p for p in chunk_pages(SHIPPED_PAGES) if p.page == "refunds"}
    rows = refunds["How long it takes to reach you"].sentences
    assert "PayPal: 3-5 business days" in rows
    assert not any(set(r) <= set("|-: ") for r in rows)


def test_bad_pages_are_clear_errors(tmp_path):
    with pytest.raises(AssistantError, match="no policy pages"):
        chunk_pages(tmp_path)
    (tmp_path / "x.md").write_bytes(b"\xff\xfe bad")
    with pytest.raises(AssistantError, match="cannot read policy page"):
        chunk_page(tmp_path / "x.md")


def test_vectors_are_cached_and_an_edited_page_is_reindexed(encoder, tmp_path):
    pages = tmp_path / "pages"
    shutil.copytree(SHIPPED_PAGES, pages)
    cache = tmp_path / "cache"
    first = PolicyIndex.load_or_build(pages, encoder, cache)
    files = list(cache.glob("policies-*.npz"))
    assert len(files) == 1
    again = PolicyIndex.load_or_build(pages, encoder, cache)
    assert again.fingerprint == first.fingerprint
    assert np.array_equal(again.passage_vectors, first.passage_vectors)
    with (pages / "contact.md").open("a") as fh:
        fh.write("\n## Social media\n\nMessage us on social media any time.\n")
    edited = PolicyIndex.load_or_build(pages, encoder, cache)
    assert edited.fingerprint != first.fingerprint
    assert len(edited.passages) == len(first.passages) + 1
    assert len(list(cache.glob("policies-*.npz"))) == 2


@pytest.fixture(scope="module")
def retriever(encoder, policy_cache: Path) -> PolicyRetriever:
    return PolicyRetriever(PolicyIndex.load_or_build(SHIPPED_PAGES, encoder, policy_cache), encoder)


def test_retrieval_returns_top_passages_with_page_and_heading(retriever):
    hits = retriever.run("how long does a paypal refund take", "return_refund", k=3)
    assert len(hits) == 3
    assert (hits[0].passage.page, hits[0].passage.heading) == (
        "refunds",
        "How long it takes to reach you",
    )
    assert hits[0].best_sentence.startswith("PayPal: 3-5 business days")
    assert hits[0].score >= hits[1].score >= hits[2].score
    d = hits[0].to_dict()
    assert {"page", "title", "heading", "text", "score", "best_sentence"} <= set(d)


def test_a_sentence_about_the_table_above_is_quoted_with_the_table():
    import numpy as np

    from assistant.support.policies import best_sentences, chunk_page

    page = next(
        p
        for p in chunk_page(SHIPPED_PAGES / "refunds.md")
        if p.heading == "How long it takes to reach you"
    )
    last = len(page.sentences) - 1
    assert "the time above" in page.sentences[last]
    scores = np.zeros(len(page.sentences))
    scores[last] = 1.0  # the closest sentence is the one that says "above"
    quote = best_sentences(page, scores)
    assert quote.startswith("Credit or debit card: 5-10 business days.")
    assert "PayPal: 3-5 business days." in quote and quote.endswith("the usual range.")
    assert "original payment method" not in quote  # only the table rows are added
    scores[0] = 1.0  # two close sentences, the second one pointing back at the table
    both = best_sentences(page, scores)
    assert both.startswith("The refund always goes back to the original payment method.")
    assert "PayPal: 3-5 business days." in both and both.endswith("the usual range.")


def test_intent_prior_breaks_ties_towards_the_intents_page(retriever):
    no_intent = retriever.run("I want to talk to someone", None, k=1)[0]
    with_intent = retriever.run("I want to talk to someone", "human_agent", k=1)[0]
    assert with_intent.passage.page == "contact"
    assert with_intent.score > no_intent.score or no_intent.passage.page == "contact"


def test_expansion_and_edge_cases(retriever):
    assert "price match" in expand("I saw it cheaper elsewhere")
    assert expand("hello") == "hello"
    assert retriever.run("   ", "policy_question") == []
    with pytest.raises(ValueError):
        retriever.run("x", None, k=0)


def test_other_zones_only_for_a_place_and_an_overview_for_a_whole_policy(retriever):
    home = retriever.run("do you have free shipping?", "policy_question", k=1)[0]
    assert home.passage.heading.startswith("Delivery options")  # was the Canada rule
    canada = retriever.run("how much is shipping to canada?", "policy_question", k=1)[0]
    assert canada.passage.heading == "Other zones"
    australia = retriever.run("do you ship to Australia?", "policy_question", k=1)[0]
    assert australia.passage.heading == "Other zones"
    assert australia.best_sentence.startswith("We do not ship to other countries")  # not Canada
    assert OVERVIEW.search("what's your refund policy?")
    assert not OVERVIEW.search("what is the tracking number?")  # one fact, not the page
    returns = retriever.run("what is your return policy?", "policy_question", k=1)[0]
    assert returns.passage.heading == "Returns"  # "You can return most items within 30 days"
    specific = retriever.run("can I return sale items?", "policy_question", k=1)[0]
    assert specific.passage.heading == "What can be returned"


def test_a_message_about_no_policy_gets_no_passage(encoder, policy_cache):
    index = PolicyIndex.load_or_build(SHIPPED_PAGES, encoder, policy_cache)
    floored = PolicyRetriever(index, encoder, min_cosine=Settings().support.passage_min_cosine)
    assert floored.run("this is useless", "complaint") == []  # was the exchanges page
    assert floored.run("how long do refunds take", "return_refund")
    pinned = floored.run("this is useless", "complaint", pin=Pin("contact", "Phone", ()))
    assert [h.passage.heading for h in pinned] == ["Phone"]  # a rule's pin always stays
    for place in ("what about the UK", "what about germany"):  # a follow-up: few words
        hits = floored.run(place, "policy_question", k=1)
        assert hits and hits[0].best_sentence.startswith("We do not ship to other countries")


def test_an_anonymous_customer_is_not_told_about_their_account(ask):
    draft = ask("I want a refund", user_id=None).info.draft
    assert "your account" not in draft and "order number" in draft
    assert "on your account" in ask("I want a refund", user_id="u-no-orders").info.draft

from __future__ import annotations

from assistant.retrieval.features import lacks, wanted_features


def test_the_features_a_search_asks_for():
    assert wanted_features("tent 4-person waterproof") == ["waterproof"]
    assert wanted_features("vegan unscented lotion") == ["vegan", "fragrance_free"]
    assert wanted_features("a jacket, not waterproof") == []
    assert wanted_features("non-organic cotton") == []
    assert wanted_features("rain jacket") == []  # a use, not a listed feature


def test_a_listing_that_says_no_lacks_it_and_one_that_is_silent_does_not():
    no = {"attributes": {"waterproof": "no"}}
    assert lacks(no, ["waterproof"]) and not lacks(no, ["vegan"])
    assert not lacks({"attributes": {"waterproof": "yes"}}, ["waterproof"])
    assert not lacks({"attributes": {}}, ["waterproof"]) and not lacks({}, ["waterproof"])

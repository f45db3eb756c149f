"""Text analysis for BM25: unit spellings, dimensions, glued numbers, typo correction."""

import shutil

import numpy as np
import pytest

from assistant.indexing.lexical import PAIRS_DIR, LexicalIndex, analyze, english_words


def test_unit_spellings_analyse_alike() -> None:
    assert analyze("6 in. pipe") == analyze('6" pipe') == analyze("6 inch pipe")
    assert analyze("10ft hose") == analyze("10 feet hose") == analyze("10 ft. hose")
    assert analyze("18v drill") == analyze("18 volt drill")


def test_dimensions_fractions_and_spellings() -> None:
    assert analyze("2x4 stud") == analyze("2 x 4 stud") == ["2", "4", "stud"]
    assert "3/4" in analyze("3/4 in. plywood")
    assert analyze("grey colour") == analyze("gray color")
    assert analyze("Tom &amp; Jerry") == analyze("Tom & Jerry")


def test_model_numbers_are_not_split() -> None:
    assert "m18" in analyze("Milwaukee M18 drill")


def test_correct_maps_typos_to_catalog_words_only() -> None:
    index = LexicalIndex().fit(["cordless drill", "garden hose", "ceiling fan"])
    terms = analyze("gardn hoze 42")
    corrected = index.correct(terms)
    assert corrected[:2] == analyze("garden hose")
    assert corrected[-1] == "42"
    assert index.scores(corrected).max() > 0
    assert index.correct(["zzzzqqq"]) == ["zzzzqqq"]


def test_correct_prefers_the_more_common_catalog_word_on_a_tie():
    index = LexicalIndex().fit(["cordless drill", "hammer drill", "drill bits", "drip hose"])
    assert index.correct(analyze("drils")) == analyze("drill")
    assert index.frequency("drill") == 3 and index.frequency("drip") == 1
    assert index.frequency("unknownword") == 0


GLUED = [f"{brand} hammer drill kit" for brand in ("Acme", "Bolt", "Crest", "Delta", "Echo")]


def test_glued_query_words_are_split_into_catalog_words():
    index = LexicalIndex().fit([*GLUED, "rotary hammer", "impact driver"])
    assert index.analyze_query("hammerdrill") == analyze("hammer drill")
    assert index.analyze_query("hammerdrill", fix=False) == analyze("hammerdrill")
    assert index.analyze_query("zzzzqqqxx") == ["zzzzqqqxx"]  # nothing to split into


def test_a_clean_split_beats_a_correction_two_edits_away():
    catalog = [f"{b} wire mesh panel" for b in ("Acme", "Bolt", "Crest", "Delta", "Echo")]
    index = LexicalIndex().fit([*catalog, "wireless doorbell"])
    assert index.analyze_query("wiremesh") == analyze("wire mesh")  # not "wireless"
    assert index.correct(analyze("wiremesh")) == analyze("wireless")


def test_a_split_into_common_words_beats_a_rarer_correction_one_edit_away():
    banks = [f"{b} power bank 10000 mAh" for b in ("Acme", "Bolt", "Crest", "Delta", "Echo")]
    index = LexicalIndex().fit([*banks, "fitness powerband"])
    assert index.analyze_query("powerbank") == analyze("power bank")  # not "powerband"


def test_words_the_catalog_writes_as_one_are_also_searched_joined():
    index = LexicalIndex().fit(["Acme PowerWasher 2000 psi", "garden hose", "power drill"])
    terms = index.analyze_query("power washer")
    assert terms[:2] == analyze("power washer")
    assert analyze("powerwasher")[0] in terms
    assert index.scores(analyze("power washer"))[0] == 0 < index.scores(terms)[0]
    assert analyze("powerwasher")[0] not in index.analyze_query("power washer", fix=False)
    assert analyze("powerwasher")[0] not in index.analyze_query("power of washer")


PLATES = ["Acme Decorative Wall Plate", "Acme Plate Rack for the Wall", "Acme Wall Hook"]


def test_query_pairs_are_adjacent_fixed_words_not_joined_spellings():
    index = LexicalIndex().fit([*PLATES, "Acme PowerWasher 2000 psi", "power cord"])
    query = index.query("decorative walll plates")  # typo fixed before pairing
    assert query.pairs == ["decor wall", "wall plate"]
    assert query.terms == index.analyze_query("decorative walll plates")
    assert index.query("power washer").pairs == ["power washer"]  # the joined "powerwash" is not
    assert index.query("plate").pairs == []
    assert index.query("wall of plates", fix=False).pairs == ["wall plate"]  # stop words skipped


def test_pair_scores_favour_products_that_keep_the_words_side_by_side(tmp_path):
    index = LexicalIndex().fit(PLATES)
    words = index.scores(index.query("wall plate").terms)
    assert words[0] == pytest.approx(words[1], rel=0.2)  # both have both words
    pairs = index.pair_scores(index.query("wall plate").pairs)
    assert pairs[0] > 0 and pairs[1] == 0 and pairs[2] == 0
    index.save(tmp_path / "bm25")
    loaded = LexicalIndex.load(tmp_path / "bm25", size=len(PLATES))
    assert loaded.has_pairs
    np.testing.assert_allclose(
        loaded.pair_scores(["wall plate"]), index.pair_scores(["wall plate"])
    )


def test_an_index_saved_without_pairs_still_loads_and_scores_words(tmp_path):
    index = LexicalIndex().fit(PLATES)
    index.save(tmp_path / "bm25")
    shutil.rmtree(tmp_path / "bm25" / PAIRS_DIR)  # as written by builds before the pair index
    loaded = LexicalIndex.load(tmp_path / "bm25", size=len(PLATES))
    assert not loaded.has_pairs
    assert not loaded.pair_scores(["wall plate"]).any()
    np.testing.assert_allclose(loaded.scores(["wall"]), index.scores(["wall"]))
    loaded.save(tmp_path / "again")  # saving it again keeps the words, still without pairs
    assert not LexicalIndex.load(tmp_path / "again", size=len(PLATES)).has_pairs


def test_an_english_word_the_catalog_lacks_is_not_fixed_into_a_catalog_word():
    index = LexicalIndex().fit(["Lift Duo standing desk", "face serum lift", "trail runner shoe"])
    assert english_words() >= {"gift", "runner"} and "drils" not in english_words()
    assert index.analyze_query("gift for a runner") == analyze("gift runner")  # not "lift"
    assert index.analyze_query("trail runer shoe") == analyze("trail runner shoe")  # a typo


def test_two_swapped_letters_are_one_typo():
    index = LexicalIndex().fit(["rain jacket", "fleece jacket", "wool socks"])
    assert index.analyze_query("rain jakcet") == analyze("rain jacket")

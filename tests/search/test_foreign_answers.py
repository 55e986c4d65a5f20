"""An answer that exists only in English, found from a Spanish or Arabic question (issue 22
point 3), is ranked on the evidence that crosses languages: its question. Candidates are
built by hand with clear margins, so no model or CPU decides the order."""

import pytest

from search.ranking import Candidate, fuse


def _own(key, question, passage, lexical, translated=None):
    return Candidate(key=key, question=question, semantic=passage, lexical=lexical,
                     translated=translated, fields={"title": key})


def _english(key, question):
    return Candidate(key=key, question=question, foreign="en", fields={"title": key})


def _order(ranked):
    return [candidate.key for candidate, _ in ranked]


@pytest.mark.parametrize("language", ["es", "ar"])
def test_an_english_only_answer_closer_in_meaning_comes_first(language):
    # The reader's own FAQ shares words but is further in meaning (0.86) than the English
    # FAQ's question (0.90, itself measured across languages, which runs lower).
    ranked, _ = fuse([_own("shower", 0.86, 0.45, 5.0), _english("formula", 0.90)],
                     semantic_on=True, language=language)
    assert _order(ranked) == ["formula", "shower"]


@pytest.mark.parametrize("language", ["es", "ar"])
def test_the_readers_own_clearly_better_answer_stays_first(language):
    ranked, _ = fuse([_own("boil", 0.93, 0.6, 5.0), _english("lead", 0.84)],
                     semantic_on=True, language=language)
    assert _order(ranked) == ["boil", "lead"]


def test_a_query_sharing_no_word_gets_no_english_answer_from_the_model_alone():
    # Gibberish is near everything in a multilingual model (cosine ~0.82).
    assert fuse([_english("animal", 0.82)], semantic_on=True, language="es") == ([], False)
    # The same closeness with a word in common with the reader's own text is shown.
    ranked, _ = fuse([_own("trash", 0.75, 0.1, 1.0), _english("animal", 0.82)],
                     semantic_on=True, language="es")
    assert "animal" in _order(ranked)


def test_english_only_answers_are_at_most_three():
    candidates = [_english(f"faq{i}", 0.90 - i / 100) for i in range(6)]
    candidates.append(_own("own", 0.80, 0.3, 2.0))
    ranked, _ = fuse(candidates, semantic_on=True, language="es")
    keys = _order(ranked)
    assert keys.count("own") == 1 and len(keys) == 4
    assert keys[:3] == ["faq0", "faq1", "faq2"]  # the closest three, in order


def test_not_sure_when_an_english_only_answer_is_closer_in_english():
    # The reader's own answer stands clear of the rest, but compared in English (its own
    # English version 0.80) the English-only FAQ (0.88) is closer: Beacon does not claim
    # to be sure, the resident sees the 311 notice and the search reaches the gap queue.
    clear = [_own("boil", 0.95, 0.9, 5.0, translated=0.89), _english("formula", 0.80)]
    ranked, confident = fuse(clear, semantic_on=True, language="es")
    assert _order(ranked)[0] == "boil" and confident
    doubtful = [_own("boil", 0.95, 0.9, 5.0, translated=0.80), _english("formula", 0.88)]
    ranked, confident = fuse(doubtful, semantic_on=True, language="es")
    assert _order(ranked)[0] == "boil" and not confident


def test_a_rival_under_the_floors_still_counts_against_being_sure():
    """A resident's probe asked /ar/ "the pipes froze" and got "who do I call when the power
    is out?" as a sure answer: the only Arabic result left, its rivals just under the
    floors. They are not shown, but Beacon is not sure against them either."""
    power, water = _own("power", 0.84, 0.05, 0.0), _own("water", 0.81, 0.05, 0.0)
    ranked, confident = fuse([power, water], semantic_on=True, language="ar")
    assert _order(ranked) == ["power"] and not confident
    # The same answer with its rival far below is sure.
    ranked, confident = fuse([_own("power", 0.90, 0.05, 0.0), _own("water", 0.75, 0.05, 0.0)],
                             semantic_on=True, language="ar")
    assert _order(ranked) == ["power"] and confident


def test_an_english_only_answer_under_its_floor_still_makes_beacon_unsure():
    # Nothing shares a word with the query, so the English FAQ (0.82) is not shown; compared
    # in English it is still closer than the top answer's own English version (0.80).
    top = _own("power", 0.90, 0.05, 0.0, translated=0.80)
    ranked, confident = fuse([top, _english("pipes", 0.82)], semantic_on=True, language="ar")
    assert _order(ranked) == ["power"] and not confident
    ranked, confident = fuse([_own("power", 0.90, 0.05, 0.0, translated=0.86),
                              _english("pipes", 0.82)], semantic_on=True, language="ar")
    assert _order(ranked) == ["power"] and confident

"""Parsing and grading responses: pure functions, no app."""
import pytest

from lsk_learn.domain.scoring import (
    QuestionKey, ResponseError, grade, normalise_text, parse_response, score_session,
)

SINGLE = QuestionKey("single", "b", ("a", "b", "c"))
MULTIPLE = QuestionKey("multiple", ["a", "c"], ("a", "b", "c", "d"))
TRUE_FALSE = QuestionKey("true_false", True)
MATCHING = QuestionKey("matching", {"1": "b", "2": "a", "3": "c"}, ("a", "b", "c"), ("1", "2", "3"))
SHORT = QuestionKey("short_text", ["Rīgā", "Rīgā."])


@pytest.mark.parametrize("key,form,expected", [
    (SINGLE, {"answer": ["b"]}, "b"),
    (MULTIPLE, {"answer": ["c", "a", "c"]}, ["a", "c"]),
    (TRUE_FALSE, {"answer": ["false"]}, False),
    (MATCHING, {"match-1": ["b"], "match-2": ["a"], "match-3": ["a"]}, {"1": "b", "2": "a", "3": "a"}),
    (SHORT, {"answer": ["  Rīgā   "]}, "Rīgā"),
])
def test_parse_valid(key, form, expected):
    assert parse_response(key, form) == expected


@pytest.mark.parametrize("key,form,code", [
    (SINGLE, {}, "empty"),
    (SINGLE, {"answer": [""]}, "empty"),
    (SINGLE, {"answer": ["z"]}, "invalid"),
    (MULTIPLE, {"answer": []}, "empty"),
    (MULTIPLE, {"answer": ["a", "x"]}, "invalid"),
    (TRUE_FALSE, {"answer": ["maybe"]}, "invalid"),
    (MATCHING, {"match-1": ["b"], "match-2": ["a"]}, "empty"),
    (MATCHING, {"match-1": ["b"], "match-2": ["a"], "match-3": ["q"]}, "invalid"),
    (SHORT, {"answer": ["   "]}, "empty"),
    (SHORT, {"answer": ["x" * 501]}, "too_long"),  # its own message, the text shown back
])
def test_parse_rejects(key, form, code):
    with pytest.raises(ResponseError) as error:
        parse_response(key, form)
    assert error.value.code == code


@pytest.mark.parametrize("key,response,correct,score", [
    (SINGLE, "b", True, 1.0),
    (SINGLE, "a", False, 0.0),
    (TRUE_FALSE, True, True, 1.0),
    (TRUE_FALSE, False, False, 0.0),
    (MULTIPLE, ["a", "c"], True, 1.0),
    (MULTIPLE, ["a"], False, 0.5),
    (MULTIPLE, ["a", "b"], False, 0.0),          # one right, one wrong: nothing
    (MULTIPLE, ["a", "b", "c", "d"], False, 0.0),  # ticking everything earns nothing
    (MATCHING, {"1": "b", "2": "a", "3": "c"}, True, 1.0),
    (MATCHING, {"1": "b", "2": "c", "3": "a"}, False, 1 / 3),
    (SHORT, "rīgā", True, 1.0),
    (SHORT, "Rīgā.", True, 1.0),
    (SHORT, "Riga", False, 0.0),                 # diacritics matter in Latvian
])
def test_grade(key, response, correct, score):
    result = grade(key, response)
    assert result.correct is correct
    assert result.score == pytest.approx(score)


def test_normalise_text_keeps_diacritics_but_not_case_or_spacing():
    assert normalise_text("  Rīgas   Dome ") == "rīgas dome"
    assert normalise_text("Riga") != normalise_text("Rīga")
    # the same letter typed as a base letter plus a combining macron
    assert normalise_text("Ri\u0304ga") == normalise_text("Rīga")


@pytest.mark.parametrize("flags,total,correct,percent", [
    ([], 10, 0, 0),
    ([True, False, True], 3, 2, 67),
    ([True, True], 5, 2, 40),  # unanswered questions count as not correct
])
def test_score_session(flags, total, correct, percent):
    score = score_session(flags, total)
    assert (score.correct, score.total, score.percent, score.answered) == (correct, total, percent, len(flags))

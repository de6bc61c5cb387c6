"""The anthem comparison: exact text, missing diacritics, swapped lines, extra and missing words."""
from pathlib import Path

import yaml

from lsk_learn.domain.anthem import DIACRITIC, EXTRA, MISSING, OK, WRONG, compare_anthem, words

OFFICIAL = yaml.safe_load((Path(__file__).parents[2] / "question_bank" / "anthem.yaml").read_text())["text"]
LINES = [line for line in OFFICIAL.splitlines() if line.strip()]


def test_the_official_text_has_no_errors():
    result = compare_anthem(OFFICIAL, OFFICIAL)
    assert result.errors == 0
    assert result.count(OK) == sum(len(words(line)) for line in LINES)


def test_case_punctuation_and_blank_lines_do_not_matter():
    written = "\n".join(line.lower().replace(",", "").replace("!", "") for line in LINES)
    assert compare_anthem(OFFICIAL, written).errors == 0


def test_a_missing_diacritic_is_shown_as_such():
    written = OFFICIAL.replace("Dievs, svētī Latviju,", "Dievs, sveti Latviju,", 1)
    result = compare_anthem(OFFICIAL, written)
    assert result.errors == 1
    first = result.lines[0].marks
    assert [m.kind for m in first] == [OK, DIACRITIC, OK]
    assert (first[1].expected, first[1].given) == ("svētī", "sveti")


def test_swapped_lines_are_reported_as_misplaced():
    swapped = LINES[:]
    swapped[4], swapped[5] = swapped[5], swapped[4]
    result = compare_anthem(OFFICIAL, "\n".join(swapped))
    assert result.errors == 2
    assert result.lines[4].misplaced_from == 6 and result.lines[5].misplaced_from == 5
    assert all(line.misplaced_from is None for i, line in enumerate(result.lines) if i not in (4, 5))


def test_extra_and_missing_and_wrong_words():
    written = LINES[:]
    written[0] = "Dievs, lūdzu svētī Latviju,"     # one extra word
    written[1] = "Mūs' tēviju,"                   # "dārgo" missing
    written[7] = "Mūs' Latvijai!"                 # wrong ending: a wrong word
    result = compare_anthem(OFFICIAL, "\n".join(written))
    assert [m.kind for m in result.lines[0].marks].count(EXTRA) == 1
    assert [m for m in result.lines[1].marks if m.kind == MISSING][0].expected == "dārgo"
    assert [m.kind for m in result.lines[7].marks] == [OK, WRONG]
    assert result.errors == 3


def test_missing_lines_count_every_missing_word():
    result = compare_anthem(OFFICIAL, "\n".join(LINES[:4]))
    assert result.errors == sum(len(words(line)) for line in LINES[4:])


def test_an_empty_answer_misses_everything():
    assert compare_anthem(OFFICIAL, "").errors == sum(len(words(line)) for line in LINES)


def test_extra_lines_are_counted():
    result = compare_anthem(OFFICIAL, OFFICIAL + "\nLai dzīvo Latvija!")
    assert result.errors == 3
    assert result.lines[-1].marks[0].kind == EXTRA

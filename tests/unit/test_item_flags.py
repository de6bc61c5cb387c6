"""Dubious-question flags at and around every threshold."""
import pytest

from lsk_learn.domain.item_flags import (
    DISTRACTOR_OVER_KEY, FLAGS, LOW_DISCRIMINATION, MIN_ANSWERS, NEGATIVE_DISCRIMINATION, TOO_EASY, TOO_HARD,
    item_flags)

GOOD = 0.4  # a discrimination that raises no flag


def flags(answered=100, wrong=50, discrimination=GOOD, common_wrong_count=10):
    return item_flags(answered, wrong, discrimination, common_wrong_count)


def test_a_sound_question_has_no_flags():
    assert flags() == []


def test_too_few_answers_give_no_flags_whatever_the_numbers():
    assert MIN_ANSWERS == 20
    assert item_flags(19, 19, -0.9, 19) == []
    assert item_flags(0, 0, None, 0) == []
    assert item_flags(20, 20, -0.9, 20) == [TOO_HARD, NEGATIVE_DISCRIMINATION, DISTRACTOR_OVER_KEY]


@pytest.mark.parametrize("answered, wrong, expected", [
    (100, 81, [TOO_HARD]),   # facility 0.19
    (100, 80, []),           # 0.20: not below
    (20, 16, []),            # 4 of 20 = 0.20 exactly
    (20, 17, [TOO_HARD]),    # 0.15
    (100, 79, []),           # 0.21
    (100, 100, [TOO_HARD]),  # nobody right
])
def test_too_hard_below_a_facility_of_0_20(answered, wrong, expected):
    assert flags(answered, wrong, common_wrong_count=0) == expected


@pytest.mark.parametrize("answered, wrong, expected", [
    (100, 6, []),          # facility 0.94
    (100, 5, []),          # 0.95: not above
    (20, 1, []),           # 19 of 20 = 0.95 exactly
    (100, 4, [TOO_EASY]),  # 0.96
    (20, 0, [TOO_EASY]),   # everyone right
    (200, 9, [TOO_EASY]),  # 0.955
])
def test_too_easy_above_a_facility_of_0_95(answered, wrong, expected):
    assert flags(answered, wrong, common_wrong_count=0) == expected


@pytest.mark.parametrize("discrimination, expected", [
    (-0.5, [NEGATIVE_DISCRIMINATION]),
    (-0.01, [NEGATIVE_DISCRIMINATION]),
    (0.0, [LOW_DISCRIMINATION]),        # zero is not negative, but tells nobody apart
    (0.1, [LOW_DISCRIMINATION]),
    (0.149, [LOW_DISCRIMINATION]),
    (0.15, []),
    (0.2, []),
    (1.0, []),
])
def test_discrimination_thresholds(discrimination, expected):
    assert flags(discrimination=discrimination) == expected


def test_no_discrimination_raises_no_discrimination_flag():
    assert flags(discrimination=None) == []
    assert flags(100, 90, None, 0) == [TOO_HARD]


@pytest.mark.parametrize("wrong, common_wrong_count, expected", [
    (60, 41, [DISTRACTOR_OVER_KEY]),  # 40 right, one wrong choice taken 41 times
    (60, 40, []),                     # as often as the key: not more
    (60, 39, []),
    (70, 31, [DISTRACTOR_OVER_KEY]),  # 30 right
])
def test_a_distractor_chosen_more_often_than_the_key(wrong, common_wrong_count, expected):
    assert flags(100, wrong, common_wrong_count=common_wrong_count) == expected


def test_flags_come_in_the_order_of_the_constants():
    assert FLAGS == (TOO_HARD, TOO_EASY, LOW_DISCRIMINATION, NEGATIVE_DISCRIMINATION, DISTRACTOR_OVER_KEY)
    assert item_flags(100, 90, 0.05, 50) == [TOO_HARD, LOW_DISCRIMINATION, DISTRACTOR_OVER_KEY]
    assert item_flags(100, 95, -0.2, 60) == [TOO_HARD, NEGATIVE_DISCRIMINATION, DISTRACTOR_OVER_KEY]
    assert item_flags(100, 2, 0.1, 0) == [TOO_EASY, LOW_DISCRIMINATION]


def test_the_flags_read_item_statistics():
    from collections import Counter

    from lsk_learn.domain.item_stats import item_statistics
    # 25 learners; q1's key is right for 5 (facility 0.2), while 12 chose the same wrong option "c"
    matrix = {n: {"q1": n <= 5, "q2": n % 2 == 0} for n in range(1, 26)}
    [q1] = [s for s in item_statistics(matrix, {"q1": Counter(c=12, b=8)}) if s.question_id == "q1"]
    assert item_flags(q1.answered, q1.wrong, q1.discrimination, q1.common_wrong_count)[-1] == DISTRACTOR_OVER_KEY


def test_impossible_counts_are_refused():
    with pytest.raises(ValueError):
        item_flags(20, 21, None, 0)
    with pytest.raises(ValueError):
        item_flags(20, -1, None, 0)

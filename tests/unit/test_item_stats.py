"""Item statistics on a known answer matrix, checked by hand."""
import math
from collections import Counter

import pytest

from lsk_learn.domain.item_stats import item_statistics, point_biserial

# five learners, four questions; True = right. Learner 1 is strongest, learner 5 weakest.
MATRIX = {
    1: {"q1": True, "q2": True, "q3": True, "q4": False},
    2: {"q1": True, "q2": True, "q3": False, "q4": False},
    3: {"q1": True, "q2": False, "q3": True, "q4": True},
    4: {"q1": True, "q2": False, "q3": False, "q4": True},
    5: {"q1": False, "q2": False, "q3": False, "q4": True},
}


def by_id(stats):
    return {s.question_id: s for s in stats}


def test_facility_and_order():
    stats = item_statistics(MATRIX)
    # most wrong first (q2 and q3: 3 of 5 wrong, then by id), q4 2 wrong, q1 1 wrong
    assert [s.question_id for s in stats] == ["q2", "q3", "q4", "q1"]
    s = by_id(stats)
    assert s["q1"].facility == pytest.approx(0.8)
    assert s["q2"].facility == pytest.approx(0.4)
    assert s["q4"].facility == pytest.approx(0.6)
    assert s["q1"].wrong == 1 and s["q2"].wrong == 3


def test_discrimination_by_hand_for_q2():
    # rest scores for q2 (share right on the other three questions):
    # L1: (q1 T, q3 T, q4 F) = 2/3; L2: (T, F, F) = 1/3; L3: (T, T, T) = 1; L4: (T, F, T) = 2/3; L5: (F, F, T) = 1/3
    item = [True, True, False, False, False]
    rest = [2 / 3, 1 / 3, 1.0, 2 / 3, 1 / 3]
    n = 5
    mx, my = sum(item) / n, sum(rest) / n
    cov = sum((x - mx) * (y - my) for x, y in zip(item, rest))
    expected = cov / math.sqrt(sum((x - mx) ** 2 for x in item) * sum((y - my) ** 2 for y in rest))
    assert by_id(item_statistics(MATRIX))["q2"].discrimination == pytest.approx(expected)
    assert point_biserial(item, rest) == pytest.approx(expected)


def test_a_question_weak_learners_get_right_discriminates_negatively():
    assert by_id(item_statistics(MATRIX))["q4"].discrimination < 0
    assert by_id(item_statistics(MATRIX))["q1"].discrimination > 0


def test_too_few_learners_gives_no_discrimination():
    small = {1: {"q1": True, "q2": False}, 2: {"q1": False, "q2": True}}
    assert by_id(item_statistics(small))["q1"].discrimination is None


def test_everyone_right_has_no_discrimination():
    same = {n: {"q1": True, "q2": n % 2 == 0} for n in range(1, 8)}
    assert by_id(item_statistics(same))["q1"].discrimination is None


def test_common_wrong_choice():
    stats = by_id(item_statistics(MATRIX, {"q2": Counter({"c": 2, "b": 1})}))
    assert (stats["q2"].common_wrong_choice, stats["q2"].common_wrong_count) == ("c", 2)
    assert stats["q1"].common_wrong_choice is None

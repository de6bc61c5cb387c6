"""monthly_activity's rules: months of a period, what a day's counters add to its month, and how a
flush that changes attendance marks or moves classes moves the attendance counts."""
from datetime import date

import pytest

from lsk_learn.domain.activity import (
    activities_by_month, attendance_deltas, month_end, month_of, next_month, split_into_months,
)


def test_months():
    assert month_of(date(2026, 2, 17)) == date(2026, 2, 1)
    assert next_month(date(2026, 12, 1)) == date(2027, 1, 1)
    assert month_end(date(2028, 2, 1)) == date(2028, 2, 29)


@pytest.mark.parametrize("start,end,whole,edges", [
    (date(2026, 1, 1), date(2026, 12, 3), (date(2026, 1, 1), date(2026, 11, 1)), [(date(2026, 12, 1), date(2026, 12, 3))]),
    (date(2026, 10, 1), date(2026, 10, 31), (date(2026, 10, 1), date(2026, 10, 1)), []),
    (date(2026, 3, 15), date(2026, 6, 10), (date(2026, 4, 1), date(2026, 5, 1)),
     [(date(2026, 3, 15), date(2026, 3, 31)), (date(2026, 6, 1), date(2026, 6, 10))]),
    (date(2026, 10, 5), date(2026, 10, 20), None, [(date(2026, 10, 5), date(2026, 10, 20))]),
    (date(2026, 10, 5), date(2026, 11, 10), None, [(date(2026, 10, 5), date(2026, 11, 10))]),  # no whole month
    (date(2026, 10, 31), date(2026, 11, 1), None, [(date(2026, 10, 31), date(2026, 11, 1))]),
    (date(2025, 12, 2), date(2026, 1, 31), (date(2026, 1, 1), date(2026, 1, 1)), [(date(2025, 12, 2), date(2025, 12, 31))]),
    (date(2026, 2, 1), date(2026, 2, 28), (date(2026, 2, 1), date(2026, 2, 1)), []),
    (date(2026, 2, 1), date(2026, 2, 27), None, [(date(2026, 2, 1), date(2026, 2, 27))]),
])
def test_a_period_is_its_whole_months_and_the_days_at_its_edges(start, end, whole, edges):
    assert split_into_months(start, end) == (whole, edges)


def test_a_months_activities_are_the_counters_that_make_a_person_active():
    daily = {(1, date(2026, 3, 2)): {"answers": 3, "correct": 2, "practice_sessions": 1, "lessons_opened": 1},
             (1, date(2026, 3, 30)): {"exams_started": 1},
             (1, date(2026, 4, 1)): {"lessons_done": 1, "practice_sessions": 1},    # counts nothing
             (2, date(2026, 3, 5)): {"answers": -2}, (2, date(2026, 3, 6)): {"answers": 2}}  # deltas cancel out
    assert activities_by_month(daily) == {(1, date(2026, 3, 1)): 5}


OCT, NOV = date(2026, 10, 1), date(2026, 11, 1)


def test_new_changed_and_deleted_marks_count_in_their_class_month():
    dates = {10: date(2026, 10, 6), 11: date(2026, 11, 3)}
    assert attendance_deltas({}, [], [], [(1, 10, True), (2, 10, False)], dates) == {(1, OCT): 1}
    assert attendance_deltas({}, [], [(1, 10, True)], [(1, 10, False)], dates) == {(1, OCT): -1}
    assert attendance_deltas({}, [], [(1, 10, True)], [(1, 11, True)], dates) == {(1, OCT): -1, (1, NOV): 1}
    assert attendance_deltas({}, [], [(1, 10, True)], [(2, 10, True)], dates) == {(1, OCT): -1, (2, OCT): 1}
    assert attendance_deltas({}, [], [(1, 10, True)], [], dates) == {(1, OCT): -1}
    assert attendance_deltas({}, [], [(1, 10, True)], [(1, 10, True)], dates) == {}
    assert attendance_deltas({}, [], [], [(1, 99, True)], dates) == {}  # a mark of no class counts nowhere


def test_a_moved_class_takes_its_marks_along_before_the_marks_change():
    dates = {10: date(2026, 11, 2)}  # moved from 6 October
    moved = {10: (date(2026, 10, 6), False)}
    marks = [(10, 1), (10, 2)]  # present before the flush
    assert attendance_deltas(moved, marks, [], [], dates) == {(1, OCT): -1, (1, NOV): 1, (2, OCT): -1, (2, NOV): 1}
    # in the same flush: person 2's mark turned absent, person 3 marked present
    assert attendance_deltas(moved, marks, [(2, 10, True)], [(2, 10, False), (3, 10, True)], dates) == {
        (1, OCT): -1, (1, NOV): 1, (2, OCT): -1, (3, NOV): 1}
    # moved within its month: nothing changes
    assert attendance_deltas({10: (date(2026, 11, 20), False)}, marks, [], [], dates) == {}


def test_a_deleted_class_takes_its_marks_away_once():
    dates = {10: date(2026, 10, 6)}  # a deleted class keeps the date it had
    deleted = {10: (date(2026, 10, 6), True)}
    assert attendance_deltas(deleted, [(10, 1)], [(1, 10, True)], [], dates) == {(1, OCT): -1}

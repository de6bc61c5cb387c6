"""The daily goal, today's round and the streak (issue 11): Latvian days across midnight and DST."""
from datetime import date, datetime, timedelta, timezone

import pytest

from lsk_learn.domain.daily_goal import (
    DEFAULT_GOAL, GOAL_CHOICES, QueueCard, day_bounds, local_day, minutes_for, plan_today, streak,
)


def utc(*args):
    return datetime(*args, tzinfo=timezone.utc)


def d(month, day):
    return date(2026, month, day)


# -- Latvian days ------------------------------------------------------------------------------

@pytest.mark.parametrize("moment, day", [
    (utc(2026, 1, 14, 21, 59, 59), d(1, 14)),   # winter, UTC+2: 23:59:59 in Riga
    (utc(2026, 1, 14, 22, 0, 0), d(1, 15)),     # 00:00 in Riga: already the next day
    (utc(2026, 7, 14, 20, 59, 59), d(7, 14)),   # summer, UTC+3: 23:59:59 in Riga
    (utc(2026, 7, 14, 21, 0, 0), d(7, 15)),
    (utc(2026, 3, 28, 21, 59, 0), d(3, 28)),    # the evening before the clocks go forward
    (utc(2026, 3, 28, 22, 0, 0), d(3, 29)),
    (utc(2026, 3, 29, 20, 59, 0), d(3, 29)),    # that day ends an hour earlier in UTC
    (utc(2026, 3, 29, 21, 0, 0), d(3, 30)),
    (utc(2026, 10, 25, 21, 59, 0), d(10, 25)),  # the day the clocks go back ends at 22:00 UTC
    (utc(2026, 10, 25, 22, 0, 0), d(10, 26)),
])
def test_the_day_is_the_latvian_calendar_day(moment, day):
    assert local_day(moment) == day


@pytest.mark.parametrize("day, hours", [(d(3, 28), 24), (d(3, 29), 23), (d(10, 25), 25), (d(10, 26), 24)])
def test_days_are_23_or_25_hours_long_when_the_clocks_change(day, hours):
    start, end = day_bounds(day)
    assert end - start == timedelta(hours=hours)
    assert local_day(start) == day and local_day(end - timedelta(microseconds=1)) == day
    assert local_day(end) == day + timedelta(days=1)


def test_minutes_are_estimated_from_20_seconds_a_question():
    assert [minutes_for(n) for n in (0, 1, 3, 4, 10, 15, 25, 40)] == [0, 1, 1, 2, 4, 5, 9, 14]


def test_the_goal_is_small_by_default_and_chosen_from_a_few():
    assert DEFAULT_GOAL == 15 and DEFAULT_GOAL in GOAL_CHOICES
    assert GOAL_CHOICES == tuple(sorted(GOAL_CHOICES)) and max(GOAL_CHOICES) <= 40


# -- today's round -------------------------------------------------------------------------------

def cards(prefix, n, new=False):
    return [QueueCard(f"{prefix}{i:03d}", new) for i in range(n)]


def test_the_first_day_with_120_due_offers_15_and_loses_nothing():
    queue = cards("q", 120, new=True)          # all answered once in practice, none reviewed yet
    plan = plan_today(queue, goal=15, done=0, new_done=0)
    assert len(plan.round) == 15 and plan.minutes == 5
    assert plan.round == tuple(c.item_id for c in queue[:15])  # in the queue's order
    assert plan.extra == () and plan.waiting_new == 105   # first-time ones wait: at most 15 a day
    assert len(plan.round) + len(plan.extra) + plan.waiting_new == 120


def test_questions_reviewed_before_beyond_the_goal_are_an_extra_round():
    queue = cards("old", 50)
    plan = plan_today(queue, goal=15, done=0, new_done=0)
    assert len(plan.round) == 15 and len(plan.extra) == 35 and plan.waiting_new == 0
    after = plan_today(queue[15:], goal=15, done=15, new_done=0)  # the round is answered
    assert after.goal_met and after.round == () and after.remaining == 0
    assert after.extra_round == tuple(c.item_id for c in queue[15:30])  # as many again as the goal
    assert len(after.extra) == 35  # still due, nothing dropped


def test_first_time_questions_join_at_most_the_goal_a_day_in_queue_order():
    queue = [QueueCard("old1", False), QueueCard("new1", True), QueueCard("new2", True),
             QueueCard("old2", False), QueueCard("new3", True)]
    plan = plan_today(queue, goal=3, done=0, new_done=1)   # one first-time question done already today
    assert plan.round == ("old1", "new1", "new2")
    assert plan.extra == ("old2",) and plan.waiting_new == 1
    assert plan_today(queue, goal=3, done=0, new_done=0, new_per_day=0).round == ("old1", "old2")


def test_practice_answers_count_towards_the_goal_and_shorten_the_round():
    plan = plan_today(cards("q", 30), goal=15, done=10, new_done=0)
    assert len(plan.round) == 5 and plan.remaining == 5 and not plan.goal_met
    assert len(plan.extra) == 25


def test_fewer_due_than_the_goal():
    plan = plan_today(cards("q", 4), goal=15, done=0, new_done=0)
    assert len(plan.round) == 4 and plan.remaining == 15 and plan.minutes == 2
    nothing = plan_today([], goal=15, done=0, new_done=0)
    assert nothing.round == nothing.extra == () and nothing.minutes == 0 and not nothing.goal_met


# -- the streak ----------------------------------------------------------------------------------

def days(*pairs):
    return {d(m, day) for m, day in pairs}


def test_days_in_a_row():
    met = days((5, 1), (5, 2), (5, 3), (5, 4))
    today = streak(met, d(5, 4))
    assert (today.days, today.today_met, today.rest_days) == (4, True, ())


def test_today_not_met_yet_does_not_break_it():
    s = streak(days((5, 1), (5, 2), (5, 3)), d(5, 4))
    assert (s.days, s.today_met) == (3, False)


def test_one_missed_day_a_week_is_a_rest_day():
    met = days((5, 1), (5, 2), (5, 4), (5, 5))      # 3 May missed
    s = streak(met, d(5, 5))
    assert s.days == 4 and s.rest_days == (d(5, 3),)


def test_two_missed_days_within_a_week_break_it():
    met = days((5, 1), (5, 3), (5, 4), (5, 6), (5, 7))  # 2 and 5 May missed: 4 days apart
    s = streak(met, d(5, 7))                            # 5 May is the week's rest day, 2 May ends it
    assert s.days == 4 and s.rest_days == (d(5, 5),)   # 3, 4, 6 and 7 May; 1 May is not in the run


def test_rest_days_a_week_apart_both_count():
    met = {d(5, 1) + timedelta(days=i) for i in range(15)} - days((5, 3), (5, 10))  # 7 days apart
    s = streak(met, d(5, 15))
    assert s.days == 13 and s.rest_days == (d(5, 10), d(5, 3))


def test_two_missed_days_in_a_row_break_it():
    assert streak(days((5, 1), (5, 2), (5, 5)), d(5, 5)).days == 1
    assert streak(days((5, 1), (5, 2)), d(5, 5)).days == 0  # yesterday and the day before missed


def test_yesterday_missed_and_today_not_met_yet():
    s = streak(days((5, 1), (5, 2)), d(5, 4))         # 3 May missed, 4 May still open
    assert s.days == 2 and s.rest_days == (d(5, 3),) and not s.today_met


def test_a_rest_day_before_the_run_is_not_part_of_it():
    s = streak(days((5, 5)), d(5, 5))
    assert (s.days, s.rest_days) == (1, ())
    assert streak(set(), d(5, 5)).days == 0


def test_the_streak_follows_latvian_days_across_midnight_and_the_clock_change():
    """Answers late in the evening in Riga are that day's, even when UTC says the day before or
    after; the night the clocks go forward changes nothing."""
    answers = [utc(2026, 3, 26, 21, 30),   # 26 March 23:30 EET
               utc(2026, 3, 27, 21, 59),   # 27 March 23:59 EET
               utc(2026, 3, 27, 22, 1),    # 28 March 00:01 EET
               utc(2026, 3, 29, 20, 30),   # 29 March 23:30 EEST (the clocks went forward at 03:00)
               utc(2026, 3, 29, 21, 30)]   # 30 March 00:30 EEST
    met = {local_day(a) for a in answers}
    assert met == days((3, 26), (3, 27), (3, 28), (3, 29), (3, 30))
    assert streak(met, local_day(utc(2026, 3, 30, 12, 0))).days == 5
    # seen from UTC dates the run would have a hole on 28 March and count differently
    assert {a.date() for a in answers} == days((3, 26), (3, 27), (3, 29))


def test_the_streak_across_the_autumn_clock_change():
    evenings = [utc(2026, 10, 24, 20, 30), utc(2026, 10, 25, 21, 30), utc(2026, 10, 26, 21, 30)]
    met = {local_day(a) for a in evenings}
    assert met == days((10, 24), (10, 25), (10, 26))  # 23:30 EEST, 23:30 EET, 23:30 EET
    assert streak(met, d(10, 26)).days == 3

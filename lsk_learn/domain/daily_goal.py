"""The daily goal, today's revision round and the streak: pure functions on Latvian calendar days.

A day is a calendar day in Latvia (Europe/Riga) whatever the server's clock says: the goal starts
again at Latvian midnight, and a daylight-saving change makes that day 23 or 25 hours long
without moving its midnight.

A long list of due questions discourages: the round offered today holds no more than the learner's
own goal, and questions coming back for the first time (answered once, in practice or a mock exam)
join at most as many a day as the goal, so a backlog of 120 becomes 15 a day. Everything else stays
due, nothing is dropped: after the goal an extra round of questions already reviewed before is
offered, and the first-time questions beyond today's allowance wait for the next days.
"""
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from math import ceil
from zoneinfo import ZoneInfo

RIGA = ZoneInfo("Europe/Riga")
GOAL_CHOICES = (10, 15, 25, 40)
DEFAULT_GOAL = 15
SECONDS_PER_QUESTION = 20   # read, answer, glance at the explanation
REST_DAYS_PER_WEEK = 1      # a missed day now and then does not end a streak


def local_day(moment: datetime) -> date:
    """The Latvian calendar day of a moment (an aware datetime)."""
    return moment.astimezone(RIGA).date()


def day_bounds(day: date) -> tuple[datetime, datetime]:
    """[start, end) of a Latvian day in UTC; 23 or 25 hours long on the days the clocks change."""
    start = datetime.combine(day, time.min, RIGA)
    end = datetime.combine(day + timedelta(days=1), time.min, RIGA)
    return start.astimezone(timezone.utc), end.astimezone(timezone.utc)


def minutes_for(questions: int) -> int:
    """About how many minutes a number of questions takes (rounded up; 0 for none)."""
    return ceil(questions * SECONDS_PER_QUESTION / 60) if questions > 0 else 0


@dataclass(frozen=True)
class QueueCard:
    item_id: str
    new: bool  # answered once (in practice or an exam) and not yet back for review


@dataclass(frozen=True)
class TodayPlan:
    goal: int
    done: int                     # questions and word cards answered today
    round: tuple[str, ...]        # what is left of today's goal, from the due questions
    extra: tuple[str, ...]        # due beyond the goal: offered after it, still due
    waiting_new: int              # first-time questions beyond today's allowance
    new_per_day: int

    @property
    def goal_met(self) -> bool:
        return self.done >= self.goal

    @property
    def remaining(self) -> int:
        return max(0, self.goal - self.done)

    @property
    def minutes(self) -> int:
        return minutes_for(len(self.round))

    @property
    def extra_round(self) -> tuple[str, ...]:
        """One extra round: as many again as the goal."""
        return self.extra[:self.goal]


def plan_today(queue: Iterable[QueueCard], goal: int, done: int, new_done: int,
               new_per_day: int | None = None) -> TodayPlan:
    """Split today's due queue (in review order) into the round up to the goal, the extra questions
    after it, and the first-time questions that wait for another day (at most `new_per_day`
    first-time questions a day, the goal unless given)."""
    new_per_day = goal if new_per_day is None else new_per_day
    allowance = max(0, new_per_day - new_done)
    offered, waiting = [], 0
    for card in queue:
        if card.new:
            if allowance == 0:
                waiting += 1
                continue
            allowance -= 1
        offered.append(card.item_id)
    remaining = max(0, goal - done)
    return TodayPlan(goal, done, tuple(offered[:remaining]), tuple(offered[remaining:]), waiting, new_per_day)


@dataclass(frozen=True)
class Streak:
    days: int                     # days with the goal met in the current run
    today_met: bool
    rest_days: tuple[date, ...]   # missed days inside the run that the allowance covered, newest first


def streak(met_days: Iterable[date], today: date, rest_per_week: int = REST_DAYS_PER_WEEK) -> Streak:
    """Days in a row with the goal met, counted back from today (or from yesterday while today's
    goal is not met yet: the day is not over). A missed day is a rest day and keeps the run going
    as long as no seven consecutive days hold more than `rest_per_week` of them."""
    met = set(met_days)
    if not met:
        return Streak(0, False, ())
    earliest, today_met = min(met), today in met
    day = today if today_met else today - timedelta(days=1)
    count, rests, oldest_met = 0, [], None
    while day >= earliest:
        if day in met:
            count, oldest_met = count + 1, day
        elif sum(1 for rest in rests if (rest - day).days < 7) < rest_per_week:
            rests.append(day)
        else:
            break
        day -= timedelta(days=1)
    # a rest day before the run's first met day is not part of the run
    return Streak(count, today_met, tuple(r for r in rests if oldest_met is not None and r > oldest_met))

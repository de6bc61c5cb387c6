"""Per person per Latvian day activity: which raw rows count as what, and adding them up.

Each source is a table, the time column whose Latvian calendar day the row counts on, the counter
it adds one to, and optionally a boolean column that must be true. A row with no time (a lesson
not finished yet) counts nothing. The same rules serve keeping the table up to date on write (new
rows +1, deleted rows -1, a changed row -1 as it was and +1 as it is) and rebuilding it.

Per person and calendar month, monthly_activity adds up what makes a person active, and their
class attendances: the funder report's monthly figures read it for the whole months of a period."""
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta

from .daily_goal import local_day


@dataclass(frozen=True)
class Source:
    table: str
    time_column: str
    counter: str
    only_if: str | None = None  # a boolean column: the row counts only when it is true


SOURCES = (
    Source("practice_answer", "answered_at", "answers"),
    Source("practice_answer", "answered_at", "correct", only_if="is_correct"),
    Source("practice_session", "started_at", "practice_sessions"),   # topic practice and review rounds
    Source("lesson_progress", "opened_at", "lessons_opened"),         # the first opening (one row a lesson)
    Source("lesson_progress", "completed_at", "lessons_done"),
    Source("exam_attempt", "started_at", "exams_started"),
)
COUNTERS = tuple(dict.fromkeys(s.counter for s in SOURCES))
TABLES = frozenset(s.table for s in SOURCES)
# what makes a person "active" on a day in the funder report (besides class attendance)
ACTIVE_COUNTERS = ("answers", "lessons_opened", "exams_started")


def columns_of(table: str) -> set[str]:
    """The columns of a table the rules read (its user_id included)."""
    return {"user_id"} | {c for s in SOURCES if s.table == table for c in (s.time_column, s.only_if) if c}


def counts(table: str, row: Mapping[str, object]) -> list[tuple[int, date, str]]:
    """(user, Latvian day, counter) for each counter a row of `table` adds one to."""
    found = []
    for source in SOURCES:
        if source.table != table:
            continue
        moment = row.get(source.time_column)
        if moment is None or (source.only_if and not row.get(source.only_if)):
            continue
        found.append((row["user_id"], local_day(moment), source.counter))
    return found


def tally(changes: Iterable[tuple[str, Mapping[str, object], int]]) -> dict[tuple[int, date], dict[str, int]]:
    """Sum (table, row, +1 or -1) changes into {(user, day): {counter: delta}}, every counter
    present; days whose deltas all cancel out are left out."""
    result: dict[tuple[int, date], dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTERS, 0))
    for table, row, sign in changes:
        for user_id, day, counter in counts(table, row):
            result[(user_id, day)][counter] += sign
    return {key: value for key, value in sorted(result.items()) if any(value.values())}


# ---------------------------------------------------------------------------- months (monthly_activity)

def month_of(day: date) -> date:
    """The calendar month a day is in, as its first day (the key of monthly_activity)."""
    return day.replace(day=1)


def next_month(month: date) -> date:
    return date(month.year + 1, 1, 1) if month.month == 12 else date(month.year, month.month + 1, 1)


def month_end(month: date) -> date:
    return next_month(month) - timedelta(days=1)


def activities_by_month(daily: Mapping[tuple[int, date], Mapping[str, int]]) -> dict[tuple[int, date], int]:
    """Per person and day counters (counts or deltas) summed per person and month over the
    counters that make a person active (ACTIVE_COUNTERS); months summing to 0 are left out."""
    result: dict[tuple[int, date], int] = defaultdict(int)
    for (user_id, day), counts in daily.items():
        result[(user_id, month_of(day))] += sum(counts.get(c, 0) for c in ACTIVE_COUNTERS)
    return {key: n for key, n in sorted(result.items()) if n}


def attendances_by_month(marks: Iterable[tuple[int, date]]) -> dict[tuple[int, date], int]:
    """Present marks, given as (person, date of the class), counted per person and month."""
    result: dict[tuple[int, date], int] = defaultdict(int)
    for user_id, held_on in marks:
        result[(user_id, month_of(held_on))] += 1
    return dict(sorted(result.items()))


def split_into_months(start: date, end: date) -> tuple[tuple[date, date] | None, list[tuple[date, date]]]:
    """The period start..end as the whole calendar months inside it (the first and the last, as
    their first days; None when there is none) and the day ranges at its edges that are not whole
    months (none, one or two): what monthly_activity can answer, and what only the days can."""
    first = start if start.day == 1 else next_month(start)
    last = month_of(end) if end == month_end(end) else month_of(month_of(end) - timedelta(days=1))
    if first > last:
        return None, [(start, end)]
    edges = [(start, first - timedelta(days=1))] if start < first else []
    if end > month_end(last):
        edges.append((next_month(last), end))
    return (first, last), edges


def attendance_deltas(moved: Mapping[int, tuple[date, bool]], moved_marks: Iterable[tuple[int, int]],
                      before: Iterable[tuple[int, int, bool]], after: Iterable[tuple[int, int, bool]],
                      dates: Mapping[int, date]) -> dict[tuple[int, date], int]:
    """What a flush changes in the attendances per (person, month), worked out as if it first moved
    or deleted the classes with the marks they had, then changed the marks:

    - `moved`: class -> (its date before, deleted?); `moved_marks`: (class, person) of their
      present marks before the flush. A moved class takes each from the old month to the new one
      (`dates`: every class's date after the flush); a deleted one takes them away.
    - `before`: (person, class, present) of the marks changed or deleted, as they were, -1 each;
      `after`: those new or changed, as they are, +1 each; both in the month of the class's date
      after the flush (the marks of a deleted class were taken away with it)."""
    result: dict[tuple[int, date], int] = defaultdict(int)
    for class_id, user_id in moved_marks:
        old, deleted = moved[class_id]
        result[(user_id, month_of(old))] -= 1
        if not deleted:
            result[(user_id, month_of(dates[class_id]))] += 1
    for marks, sign in ((before, -1), (after, 1)):
        for user_id, class_id, present in marks:
            taken_away = sign < 0 and moved.get(class_id, (None, False))[1]
            if present and not taken_away and class_id in dates:  # a mark of no class counts nowhere
                result[(user_id, month_of(dates[class_id]))] += sign
    return {key: n for key, n in sorted(result.items()) if n}

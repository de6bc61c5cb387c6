"""Per person per Latvian day activity: which raw rows count as what, and adding them up.

Each source is a table, the time column whose Latvian calendar day the row counts on, the counter
it adds one to, and optionally a boolean column that must be true. A row with no time (a lesson
not finished yet) counts nothing. The same rules serve keeping the table up to date on write (new
rows +1, deleted rows -1, a changed row -1 as it was and +1 as it is) and rebuilding it."""
from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

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

"""The cohort dashboard's numbers: mastery per learner and topic, and who needs attention.

Mastery of a topic is the share of the topic's questions the learner has answered whose latest
answer was right, out of the questions they have answered there (as on the learner's own
dashboard). Flags: "inactive" when the learner has done nothing for INACTIVE_DAYS or more;
"behind" when their overall share right is BEHIND_POINTS percentage points or more under the
cohort's median, once they have answered at least MIN_ANSWERS_FOR_BEHIND questions.
"""
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from statistics import median

INACTIVE_DAYS = 7
BEHIND_POINTS = 15
MIN_ANSWERS_FOR_BEHIND = 10


@dataclass(frozen=True)
class Cell:
    seen: int
    right: int

    @property
    def mastery(self) -> float | None:
        return self.right / self.seen if self.seen else None


@dataclass
class LearnerRow:
    user_id: int
    name: str
    cells: dict = field(default_factory=dict)       # topic -> Cell
    last_active_at: datetime | None = None
    lessons_done: int = 0
    exam_parts: dict = field(default_factory=dict)   # part -> passed (latest mock), None while grading
    readiness: dict = field(default_factory=dict)    # part -> domain.readiness.Readiness
    help_uses: int = 0                               # times the translation help was opened
    flags: tuple = ()

    @property
    def seen(self) -> int:
        return sum(c.seen for c in self.cells.values())

    @property
    def overall(self) -> float | None:
        seen = self.seen
        return sum(c.right for c in self.cells.values()) / seen if seen else None


def mastery_band(mastery: float | None) -> str:
    """A named band, so the grid is readable without colour: none, low, medium, high."""
    if mastery is None:
        return "none"
    if mastery < 0.5:
        return "low"
    if mastery < 0.8:
        return "medium"
    return "high"


def flag_learners(rows: list[LearnerRow], now: datetime) -> None:
    """Set each row's flags from its own numbers and the cohort median."""
    shares = [r.overall for r in rows if r.overall is not None and r.seen >= MIN_ANSWERS_FOR_BEHIND]
    cohort_median = median(shares) if shares else None
    for row in rows:
        flags = []
        if row.last_active_at is None or (now - row.last_active_at).days >= INACTIVE_DAYS:
            flags.append("inactive")
        if (cohort_median is not None and row.overall is not None and row.seen >= MIN_ANSWERS_FOR_BEHIND
                and (cohort_median - row.overall) * 100 >= BEHIND_POINTS):
            flags.append("behind")
        row.flags = tuple(flags)


def build_rows(learners: Mapping[int, str], cells: Mapping[tuple[int, str], tuple[int, int]],
               last_active: Mapping[int, datetime], lessons_done: Mapping[int, int],
               exam_parts: Mapping[int, dict], now: datetime,
               name_key: Callable[[str], object] = str.casefold) -> list[LearnerRow]:
    """Assemble the grid from aggregated counts: cells[(user, topic)] = (seen, right). Rows are in
    the order of `name_key` of the names (the caller passes the Latvian one, core.collation's)."""
    rows = {uid: LearnerRow(uid, name) for uid, name in learners.items()}
    for (uid, topic), (seen, right) in cells.items():
        if uid in rows:
            rows[uid].cells[topic] = Cell(seen, right)
    for uid, row in rows.items():
        row.last_active_at = last_active.get(uid)
        row.lessons_done = lessons_done.get(uid, 0)
        row.exam_parts = dict(exam_parts.get(uid, {}))
    result = sorted(rows.values(), key=lambda r: name_key(r.name))
    flag_learners(result, now)
    return result

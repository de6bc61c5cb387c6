"""How an assignment looks to the learner it is set for: done, overdue, or still open.

An assignment due "by 12 November" can still be done on the 12th; it is overdue from the 13th, by
the calendar day in Latvia. Overdue ones come first (the oldest deadline first), then open ones by
deadline (those without one last), and done ones at the end.
"""
from dataclasses import dataclass
from datetime import date

DONE, OVERDUE, OPEN = "done", "overdue", "open"


def assignment_state(due_on: date | None, done: bool, today: date) -> str:
    if done:
        return DONE
    if due_on is not None and due_on < today:
        return OVERDUE
    return OPEN


@dataclass(frozen=True)
class LearnerAssignment:
    item: object       # the assignment with its title (cohorts.assignments.AssignmentStatus)
    state: str


def for_learner(items: list, today: date) -> list[LearnerAssignment]:
    """`items` (each with .assignment.due_on and .done) with their state, in the order to show them."""
    rank = {OVERDUE: 0, OPEN: 1, DONE: 2}
    marked = [LearnerAssignment(i, assignment_state(i.assignment.due_on, bool(i.done), today)) for i in items]
    return sorted(marked, key=lambda a: (rank[a.state], a.item.assignment.due_on is None,
                                         a.item.assignment.due_on or date.max))

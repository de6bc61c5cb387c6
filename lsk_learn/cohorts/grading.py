"""The grading queue: writing and speaking parts of language mock exams, marked by a teacher
against each task's checklist; the learner is told on their dashboard."""
from datetime import datetime

from sqlalchemy import select

from ..auth.models import User
from ..bank.models import BankTask
from ..domain.exam_rules import TEACHER_GRADED_PARTS, passes_two_thirds
from ..exams.models import SUBMITTED, ExamAnswer, ExamAttempt, ExamItem, ExamPartResult
from ..extensions import db
from ..notifications.models import Notification
from .models import Enrolment


class GradingError(ValueError):
    def __init__(self, code: str, criterion: str = ""):
        super().__init__(code)
        self.code, self.criterion = code, criterion


def queue(visible_cohorts: set[int] | None) -> list[tuple[ExamPartResult, User, ExamAttempt]]:
    """Parts waiting for a grade from learners currently in the cohorts the user may see, oldest first."""
    query = (select(ExamPartResult, User, ExamAttempt)
             .join(ExamAttempt, ExamAttempt.id == ExamPartResult.attempt_id)
             .join(User, User.id == ExamAttempt.user_id)
             .where(ExamPartResult.passed.is_(None), ExamPartResult.part.in_(TEACHER_GRADED_PARTS),
                    ExamAttempt.status == SUBMITTED)
             .order_by(ExamAttempt.submitted_at))
    if visible_cohorts is not None:
        members = select(Enrolment.user_id).where(Enrolment.cohort_id.in_(visible_cohorts or {-1}),
                                                  Enrolment.left_at.is_(None))
        query = query.where(ExamAttempt.user_id.in_(members))
    return list(db.session.execute(query).tuples())


def part_to_grade(result_id: int) -> tuple[ExamPartResult, ExamAttempt, User] | None:
    """A teacher-graded part with its attempt and learner; None if there is no such part."""
    result = db.session.get(ExamPartResult, result_id)
    if result is None or result.part not in TEACHER_GRADED_PARTS:
        return None
    attempt = db.session.get(ExamAttempt, result.attempt_id)
    return result, attempt, db.session.get(User, attempt.user_id)


def answers_of(attempt: ExamAttempt) -> dict[int, ExamAnswer]:
    """The attempt's answers by exam item id."""
    return {a.item_id: a for a in db.session.scalars(select(ExamAnswer).where(ExamAnswer.attempt_id == attempt.id))}


def tasks_of(result: ExamPartResult) -> list[tuple[ExamItem, BankTask]]:
    items = db.session.scalars(select(ExamItem).where(ExamItem.attempt_id == result.attempt_id,
                                                      ExamItem.part == result.part).order_by(ExamItem.position))
    return [(item, db.session.get(BankTask, item.task_id)) for item in items]


def grade(result: ExamPartResult, points: dict[str, dict[str, str]], comment: str, grader: User,
          now: datetime) -> ExamPartResult:
    """Record points per checklist criterion; the part passes with two thirds of its points."""
    awarded: dict[str, dict[str, int]] = {}
    total = 0
    for _item, task in tasks_of(result):
        awarded[task.id] = {}
        for criterion in task.checklist:
            raw = (points.get(task.id, {}).get(criterion["id"]) or "").strip()
            if not (raw.isascii() and raw.isdigit()):  # "²" is a digit to isdigit(), not to int()
                raise GradingError("missing" if not raw else "not_a_number", criterion["id"])
            value = int(raw)
            if value > criterion["points"]:
                raise GradingError("too_many", criterion["id"])
            awarded[task.id][criterion["id"]] = value
            total += value
    result.score = total
    result.passed = passes_two_thirds(total, result.max_score)
    result.details = {"points": awarded, "comment": comment.strip()[:2000]}
    result.graded_by_id = grader.id
    result.graded_at = now
    attempt = db.session.get(ExamAttempt, result.attempt_id)
    db.session.add(Notification(user_id=attempt.user_id, kind="graded", created_at=now,
                                payload={"attempt_id": attempt.id, "part": result.part, "passed": result.passed}))
    db.session.commit()
    return result

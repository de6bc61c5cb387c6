"""Assignments: lessons, practice or mock exams set for a cohort or chosen learners, and who has
done them. An assignment counts as done by work finished after it was set (lessons: ever read)."""
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from ..auth.models import User
from ..bank.models import Lesson, Topic
from ..exams.models import ExamAttempt
from ..extensions import db
from ..learn.models import PracticeSession
from ..teach.models import LessonProgress
from .models import Assignment, Enrolment
from .services import current_learners

KINDS = ("lesson", "practice", "mock_exam")


def create_assignment(cohort_id: int, kind: str, target: str, due_on: date | None, learner_ids: list[int],
                      author_id: int, now: datetime) -> Assignment:
    assignment = Assignment(cohort_id=cohort_id, kind=kind, target=target, due_on=due_on,
                            learner_ids=sorted(learner_ids), created_by_id=author_id, created_at=now)
    db.session.add(assignment)
    db.session.commit()
    return assignment


def assigned_learners(assignment: Assignment, learners: list[User]) -> list[User]:
    """Of the cohort's current `learners`, those the assignment is for (all when none were chosen)."""
    return [u for u in learners if not assignment.learner_ids or u.id in assignment.learner_ids]


def done_by(assignment: Assignment, learner_ids: list[int]) -> set[int]:
    """Which of `learner_ids` have done the assignment (one query)."""
    ids = learner_ids or [-1]
    if assignment.kind == "lesson":
        query = select(LessonProgress.user_id).where(
            LessonProgress.lesson_id == assignment.target, LessonProgress.completed_at.is_not(None),
            LessonProgress.user_id.in_(ids))
    elif assignment.kind == "practice":
        query = select(PracticeSession.user_id).where(
            PracticeSession.topic_id == assignment.target, PracticeSession.finished_at >= assignment.created_at,
            PracticeSession.user_id.in_(ids))
    else:
        query = select(ExamAttempt.user_id).where(
            ExamAttempt.kind == assignment.target, ExamAttempt.status == "submitted",
            ExamAttempt.submitted_at >= assignment.created_at, ExamAttempt.user_id.in_(ids))
    return set(db.session.scalars(query.distinct()))


@dataclass
class AssignmentStatus:
    assignment: Assignment
    title: dict | str
    done: bool | None = None        # for one learner
    done_count: int = 0              # for the teacher's view
    assigned_count: int = 0


def target_title(kind: str, target: str) -> dict | str:
    if kind == "lesson":
        lesson = db.session.get(Lesson, target)
        return lesson.title if lesson else target
    if kind == "practice":
        topic = db.session.get(Topic, target)
        return topic.name if topic else target
    return target


def cohort_assignments(cohort_id: int) -> list[AssignmentStatus]:
    result = []
    members = current_learners(cohort_id)  # once, not once per assignment
    for assignment in db.session.scalars(select(Assignment).where(Assignment.cohort_id == cohort_id)
                                         .order_by(Assignment.created_at.desc())):
        learners = [u.id for u in assigned_learners(assignment, members)]
        result.append(AssignmentStatus(assignment, target_title(assignment.kind, assignment.target),
                                       done_count=len(done_by(assignment, learners)), assigned_count=len(learners)))
    return result


def learner_assignments(user_id: int) -> list[AssignmentStatus]:
    """Assignments of the learner's current cohorts that include them, with whether each is done."""
    cohort_ids = list(db.session.scalars(select(Enrolment.cohort_id).where(
        Enrolment.user_id == user_id, Enrolment.left_at.is_(None))))
    result = []
    for assignment in db.session.scalars(select(Assignment).where(Assignment.cohort_id.in_(cohort_ids or [-1]))
                                         .order_by(Assignment.due_on.is_(None), Assignment.due_on, Assignment.id)):
        if assignment.learner_ids and user_id not in assignment.learner_ids:
            continue
        result.append(AssignmentStatus(assignment, target_title(assignment.kind, assignment.target),
                                       done=user_id in done_by(assignment, [user_id])))
    return result

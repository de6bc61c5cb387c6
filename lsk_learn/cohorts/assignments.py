"""Assignments: lessons, practice or mock exams set for a cohort or chosen learners, and who has
done them. An assignment counts as done by work finished after it was set (lessons: ever read)."""
from dataclasses import dataclass
from datetime import date, datetime

from sqlalchemy import select

from ..auth.models import User
from ..bank.models import Lesson, Topic, live
from ..exams.models import SUBMITTED, ExamAttempt
from ..extensions import db
from ..learn.models import LessonProgress
from ..review.models import PracticeSession
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


def lesson_choices() -> list[Lesson]:
    """The lessons a teacher may assign: those learners can read, in course order."""
    return list(db.session.scalars(select(Lesson).where(*live(Lesson)).order_by(Lesson.course, Lesson.position)))


def _done_pairs(items: list[Assignment], learner_ids: set[int]) -> set[tuple[int, int]]:
    """(assignment id, learner id) for each of `learner_ids` who has done each of `items`: one query
    per kind of assignment, whatever the number of assignments."""
    ids = sorted(learner_ids) or [-1]
    of_kind = {kind: [a.id for a in items if a.kind == kind] for kind in ("lesson", "practice")}
    exams = [a.id for a in items if a.kind not in of_kind]
    queries = []
    if of_kind["lesson"]:
        queries.append(select(Assignment.id, LessonProgress.user_id).join(
            LessonProgress, LessonProgress.lesson_id == Assignment.target).where(
            Assignment.id.in_(of_kind["lesson"]), LessonProgress.completed_at.is_not(None),
            LessonProgress.user_id.in_(ids)))
    if of_kind["practice"]:
        queries.append(select(Assignment.id, PracticeSession.user_id).join(
            PracticeSession, (PracticeSession.topic_id == Assignment.target)
            & (PracticeSession.finished_at >= Assignment.created_at)).where(
            Assignment.id.in_(of_kind["practice"]), PracticeSession.user_id.in_(ids)))
    if exams:
        queries.append(select(Assignment.id, ExamAttempt.user_id).join(
            ExamAttempt, (ExamAttempt.kind == Assignment.target) & (ExamAttempt.status == SUBMITTED)
            & (ExamAttempt.submitted_at >= Assignment.created_at)).where(
            Assignment.id.in_(exams), ExamAttempt.user_id.in_(ids)))
    return {(aid, uid) for query in queries for aid, uid in db.session.execute(query.distinct())}


@dataclass
class AssignmentStatus:
    assignment: Assignment
    title: dict | str
    done: bool | None = None        # for one learner
    done_count: int = 0              # for the teacher's view
    assigned_count: int = 0


def _titles(items: list[Assignment]) -> dict[int, dict | str]:
    """Each assignment's title by its id: the lesson's or topic's name, else its target as it is."""
    lesson_ids = {a.target for a in items if a.kind == "lesson"}
    topic_ids = {a.target for a in items if a.kind == "practice"}
    names = {("lesson", lesson.id): lesson.title for lesson in
             (db.session.scalars(select(Lesson).where(Lesson.id.in_(lesson_ids))) if lesson_ids else [])}
    names.update({("practice", t.id): t.name for t in
                  (db.session.scalars(select(Topic).where(Topic.id.in_(topic_ids))) if topic_ids else [])})
    return {a.id: names.get((a.kind, a.target), a.target) for a in items}


def cohort_assignments(cohort_id: int) -> list[AssignmentStatus]:
    """The cohort's assignments, newest first, with how many of their learners have done them."""
    members = current_learners(cohort_id)
    items = list(db.session.scalars(select(Assignment).where(Assignment.cohort_id == cohort_id)
                                    .order_by(Assignment.created_at.desc())))
    assigned = {a.id: [u.id for u in assigned_learners(a, members)] for a in items}
    done = _done_pairs(items, {u.id for u in members})
    titles = _titles(items)
    return [AssignmentStatus(a, titles[a.id], done_count=sum((a.id, uid) in done for uid in assigned[a.id]),
                             assigned_count=len(assigned[a.id])) for a in items]


def learner_assignments(user_id: int) -> list[AssignmentStatus]:
    """Assignments of the learner's current cohorts that include them, with whether each is done."""
    cohort_ids = list(db.session.scalars(select(Enrolment.cohort_id).where(
        Enrolment.user_id == user_id, Enrolment.left_at.is_(None))))
    items = [a for a in db.session.scalars(select(Assignment).where(Assignment.cohort_id.in_(cohort_ids or [-1]))
                                           .order_by(Assignment.due_on.is_(None), Assignment.due_on, Assignment.id))
             if not a.learner_ids or user_id in a.learner_ids]
    done = _done_pairs(items, {user_id})
    titles = _titles(items)
    return [AssignmentStatus(a, titles[a.id], done=(a.id, user_id) in done) for a in items]

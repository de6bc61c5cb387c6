"""Everything a teacher sees about one learner: practice and mock exams answer by answer, lessons,
attendance and notes."""
from dataclasses import dataclass

from sqlalchemy import select

from ..auth.models import User
from ..bank.models import Lesson, Question, live
from ..exams.models import ExamAnswer, ExamAttempt
from ..extensions import db
from ..learn.models import LessonProgress
from ..core.i18n import translate_content
from ..profiles.models import LearnerProfile, Municipality, TargetGroup
from ..review.models import PracticeSession
from .models import AttendanceMark, AttendanceSession, Cohort, Enrolment, TeacherNote


@dataclass
class LearnerHistory:
    profile: LearnerProfile | None
    municipality: str | None
    enrolments: list
    sessions: list
    attempts: list
    exam_answers: dict
    questions: dict
    lessons: list
    attendance: list
    notes: list
    group_names: list


def learner_history(learner_id: int, cohort_id: int) -> LearnerHistory:
    sessions = list(db.session.scalars(select(PracticeSession).where(PracticeSession.user_id == learner_id)
                                       .order_by(PracticeSession.started_at.desc())))
    attempts = list(db.session.scalars(select(ExamAttempt).where(ExamAttempt.user_id == learner_id)
                                       .order_by(ExamAttempt.started_at.desc())))
    exam_answers = {a.item_id: a for a in db.session.scalars(
        select(ExamAnswer).where(ExamAnswer.attempt_id.in_([a.id for a in attempts] or [-1])))}
    question_ids = {a.question_id for s in sessions for a in s.answers} | {
        i.question_id for a in attempts for i in a.items if i.question_id}
    questions = {q.id: q for q in db.session.scalars(select(Question).where(Question.id.in_(question_ids or {""})))}
    lessons = list(db.session.execute(
        select(Lesson, LessonProgress).outerjoin(LessonProgress, (LessonProgress.lesson_id == Lesson.id) &
                                                 (LessonProgress.user_id == learner_id))
        .where(*live(Lesson)).order_by(Lesson.course, Lesson.position)).tuples())
    attendance = list(db.session.execute(
        select(AttendanceSession, AttendanceMark.present)
        .outerjoin(AttendanceMark, (AttendanceMark.session_id == AttendanceSession.id) & (AttendanceMark.user_id == learner_id))
        .where(AttendanceSession.cohort_id == cohort_id).order_by(AttendanceSession.held_on.desc())).tuples())
    notes = list(db.session.execute(
        select(TeacherNote, User.display_name).join(User, User.id == TeacherNote.author_id)
        .where(TeacherNote.learner_id == learner_id).order_by(TeacherNote.created_at.desc())).tuples())
    enrolments = list(db.session.execute(
        select(Enrolment, Cohort.name).join(Cohort, Cohort.id == Enrolment.cohort_id)
        .where(Enrolment.user_id == learner_id).order_by(Enrolment.enrolled_at)).tuples())
    profile = db.session.get(LearnerProfile, learner_id)
    municipality = db.session.get(Municipality, profile.municipality_id).name if profile and profile.municipality_id else None
    group_names = [translate_content(g.names) for g in db.session.scalars(
        select(TargetGroup).where(TargetGroup.code.in_(list(profile.target_groups) if profile else [])))]
    return LearnerHistory(profile, municipality, enrolments, sessions, attempts, exam_answers, questions, lessons,
                          attendance, notes, group_names)


"""The numbers behind the cohort dashboard, fetched with a fixed number of aggregate queries
(however many learners the cohort has), then shaped by domain/cohort_grid.py."""
from datetime import datetime

from sqlalchemy import String, case, cast, func, select

from ..auth.models import User
from ..bank.models import Question, Topic
from ..bank.versions import APPROVED, QuestionVersion
from ..core.collation import latvian_key
from ..domain import exam_rules as rules
from ..domain.cohort_grid import LearnerRow, build_rows
from ..domain.readiness import SubtopicSkill, part_readiness
from ..exams.models import SUBMITTED, ExamAttempt, ExamPartResult
from ..extensions import db
from ..learn.models import HelpUse, LessonProgress, PracticeAnswer
from .models import Enrolment

GRID_PARTS = {rules.HISTORY: (("history", "symbols"), 10, 7), rules.SATVERSME: (("satversme",), 8, 5)}


def published_version_ids():
    """The id of each question's published version (its latest approved one), as a subquery."""
    return (select(func.max(QuestionVersion.id)).where(QuestionVersion.state == APPROVED)
            .group_by(QuestionVersion.question_id))


def _latest_answers(user_ids, with_response: bool = True, published_versions_only: bool = False):
    """(user, question, right[, response]) of each learner's latest practice answer to each question
    (every one of them if several share the latest time). A window over the learners' own answers
    (the (user, time) index finds them): the planner estimates it well, where a self-join on
    max(answered_at) was estimated at one row and joined to the bank by a nested loop.
    `published_versions_only`: item statistics are kept per version (issue 14), so a question edited
    after its figures flagged it starts afresh; answers from before versions existed (no version
    recorded) count for the published one."""
    extra = [PracticeAnswer.response] if with_response else []
    ranked = (select(PracticeAnswer.user_id, PracticeAnswer.question_id, PracticeAnswer.is_correct, *extra,
                     func.rank().over(partition_by=(PracticeAnswer.user_id, PracticeAnswer.question_id),
                                      order_by=PracticeAnswer.answered_at.desc()).label("latest"))
              .where(PracticeAnswer.user_id.in_(user_ids)))
    if published_versions_only:
        ranked = ranked.where(PracticeAnswer.question_version_id.is_(None)
                              | PracticeAnswer.question_version_id.in_(published_version_ids()))
    ranked = ranked.subquery()
    columns = [ranked.c.user_id, ranked.c.question_id, ranked.c.is_correct] + ([ranked.c.response] if with_response else [])
    return select(*columns).where(ranked.c.latest == 1)


def grid_topics() -> list[Topic]:
    return list(db.session.scalars(
        select(Topic).where(Topic.retired_at.is_(None), Topic.id.in_(select(Question.topic_id).distinct()))
        .order_by(Topic.position)))


def cohort_rows(cohort_id: int, now: datetime) -> list[LearnerRow]:
    learners = dict(db.session.execute(
        select(User.id, User.display_name).join(Enrolment, Enrolment.user_id == User.id)
        .where(Enrolment.cohort_id == cohort_id, Enrolment.left_at.is_(None))).all())
    ids = list(learners) or [-1]
    latest = _latest_answers(ids, with_response=False).subquery()
    cells = {(uid, topic): (seen, right or 0) for uid, topic, seen, right in db.session.execute(
        select(latest.c.user_id, Question.topic_id, func.count(), func.sum(case((latest.c.is_correct, 1), else_=0)))
        .join(Question, Question.id == latest.c.question_id).group_by(latest.c.user_id, Question.topic_id))}
    last_active = dict(db.session.execute(
        select(PracticeAnswer.user_id, func.max(PracticeAnswer.answered_at))
        .where(PracticeAnswer.user_id.in_(ids)).group_by(PracticeAnswer.user_id)).all())
    for uid, started in db.session.execute(
            select(ExamAttempt.user_id, func.max(ExamAttempt.started_at)).where(ExamAttempt.user_id.in_(ids))
            .group_by(ExamAttempt.user_id)):
        if last_active.get(uid) is None or started > last_active[uid]:
            last_active[uid] = started
    lessons_done = dict(db.session.execute(
        select(LessonProgress.user_id, func.count()).where(LessonProgress.user_id.in_(ids),
                                                           LessonProgress.completed_at.is_not(None))
        .group_by(LessonProgress.user_id)).all())
    exam_parts: dict[int, dict] = {}
    for uid, part, passed in db.session.execute(
            select(ExamAttempt.user_id, ExamPartResult.part, ExamPartResult.passed)
            .join(ExamAttempt, ExamAttempt.id == ExamPartResult.attempt_id)
            .where(ExamAttempt.user_id.in_(ids), ExamAttempt.status == SUBMITTED)
            .order_by(ExamAttempt.submitted_at)):
        exam_parts.setdefault(uid, {})[part] = passed  # later attempts overwrite earlier ones
    rows = build_rows(learners, cells, last_active, lessons_done, exam_parts, now, name_key=latvian_key)
    help_uses = dict(db.session.execute(select(HelpUse.user_id, func.count()).where(HelpUse.user_id.in_(ids))
                                        .group_by(HelpUse.user_id)).all())
    for row in rows:
        row.help_uses = help_uses.get(row.user_id, 0)
    _add_readiness(rows, ids)
    return rows


def _add_readiness(rows: list[LearnerRow], ids: list[int]) -> None:
    """The chance to pass the knowledge test's question parts, per learner (same method as the
    learner's own page, over all their practice answers in one grouped query)."""
    counts: dict[tuple[int, str], dict[str, tuple[int, int]]] = {}
    for uid, topic, subtopic, n, right in db.session.execute(
            select(PracticeAnswer.user_id, Question.topic_id, Question.subtopic, func.count(),
                   func.sum(case((PracticeAnswer.is_correct, 1), else_=0)))
            .join(Question, Question.id == PracticeAnswer.question_id)
            .where(PracticeAnswer.user_id.in_(ids))
            .group_by(PracticeAnswer.user_id, Question.topic_id, Question.subtopic)):
        counts.setdefault((uid, topic), {})[subtopic] = (n, right or 0)
    subtopics = {t.id: [s["id"] for s in t.subtopics] for t in db.session.scalars(select(Topic))}
    for row in rows:
        row.readiness = {}
        for part, (topics, questions, pass_mark) in GRID_PARTS.items():
            skills = [SubtopicSkill(f"{topic}/{sub}", *counts.get((row.user_id, topic), {}).get(sub, (0, 0)))
                      for topic in topics for sub in subtopics.get(topic, [])]
            row.readiness[part] = part_readiness(part, skills, questions, pass_mark) if skills else None


def wrong_choice_counts(user_ids, published_versions_only: bool = False) -> dict[str, dict[str, int]]:
    """How often each wrong response was given, per question (responses compared as JSON text)."""
    latest = _latest_answers(user_ids, published_versions_only=published_versions_only).subquery()
    result: dict[str, dict[str, int]] = {}
    for question_id, response, n in db.session.execute(
            select(latest.c.question_id, cast(latest.c.response, String), func.count())
            .where(latest.c.is_correct.is_(False)).group_by(latest.c.question_id, cast(latest.c.response, String))):
        result.setdefault(question_id, {})[response] = n
    return result


def answer_matrix(user_ids, published_versions_only: bool = False) -> dict[int, dict[str, bool]]:
    matrix: dict[int, dict[str, bool]] = {}
    for uid, question_id, right in db.session.execute(
            _latest_answers(user_ids, with_response=False, published_versions_only=published_versions_only)):
        matrix.setdefault(uid, {})[question_id] = bool(right)
    return matrix

"""Practice sessions: start, answer, summarise. Routes call these; they commit once."""
import random
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from ..bank.keys import question_key
from ..bank.models import CHECKED, Lesson, Question, Topic, live, live_question_filter
from ..bank.versions import published_versions
from ..domain.draw import draw_questions
from ..domain.practice_parts import Part, parts_by_topic
from ..domain.progress import AnswerFact, topic_progress
from ..domain.scoring import grade, parse_response, score_session
from ..extensions import db
from ..review.models import QUESTION, REVIEW, PracticeSession
from ..review.services import count_towards_goal, record_review
from .models import HelpUse, LessonProgress, PracticeAnswer

def practice_topics() -> list[tuple[Topic, int]]:
    """Topics that have live questions to practise, with their question counts, in bank order."""
    rows = db.session.execute(
        select(Topic, func.count(Question.id))
        .join(Question, Question.topic_id == Topic.id)
        .where(Topic.retired_at.is_(None), *live_question_filter())
        .group_by(Topic.id)
        .order_by(Topic.position)
    ).all()
    return [(topic, count) for topic, count in rows]


def practice_parts(topics: list[Topic]) -> dict[str, list[Part]]:
    """Each topic's parts that have live questions, with their question counts."""
    counts = {(topic_id, subtopic): n for topic_id, subtopic, n in db.session.execute(
        select(Question.topic_id, Question.subtopic, func.count(Question.id))
        .where(*live_question_filter()).group_by(Question.topic_id, Question.subtopic))}
    return parts_by_topic([(t.id, t.subtopics) for t in topics], counts)


def start_practice(user_id: int, topic_id: str, subtopic: str | None, count: int,
                   now: datetime, rng: random.Random) -> PracticeSession | None:
    """Draw up to `count` questions of a topic (unseen first) and open a session; None if none exist."""
    query = select(Question.id).where(Question.topic_id == topic_id, *live_question_filter())
    if subtopic:
        query = query.where(Question.subtopic == subtopic)
    candidates = sorted(db.session.scalars(query))
    if not candidates:
        return None
    seen = set(db.session.scalars(
        select(PracticeAnswer.question_id).where(PracticeAnswer.user_id == user_id).distinct()
    ))
    chosen = draw_questions(candidates, seen, count, rng)
    session = PracticeSession(user_id=user_id, topic_id=topic_id, question_ids=chosen, started_at=now)
    db.session.add(session)
    db.session.commit()
    return session


def record_answer(session: PracticeSession, position: int, form: dict, now: datetime) -> PracticeAnswer:
    """Grade and store one answer. A repeated submission returns the answer already stored.

    Raises ResponseError when the form holds no valid answer (nothing is stored then).
    """
    existing = _answer_at(session.id, position)
    if existing is not None:
        return existing
    question = db.session.get(Question, session.question_ids[position])
    key = question_key(question)
    response = parse_response(key, form)
    result = grade(key, response)
    answer = PracticeAnswer(
        session_id=session.id, user_id=session.user_id, question_id=question.id, position=position,
        question_version_id=published_versions([question.id]).get(question.id),
        response=response, is_correct=result.correct, score=result.score, answered_at=now,
    )
    try:
        with db.session.begin_nested():
            db.session.add(answer)
    except IntegrityError:
        # the same answer arrived twice at once (double click, two tabs): keep the first
        return _answer_at(session.id, position)
    card = record_review(session.user_id, QUESTION, question.id, result.correct, now)
    # every answer counts towards the daily goal; a review answer to a card answered once before
    # uses up one of today's first-time places
    count_towards_goal(session.user_id, now, first_review=session.mode == REVIEW and card.reviews == 2)
    answered = db.session.scalar(select(func.count(PracticeAnswer.id)).where(PracticeAnswer.session_id == session.id))
    if answered >= session.size and session.finished_at is None:
        session.finished_at = now
    db.session.commit()
    return answer


def _answer_at(session_id: int, position: int) -> PracticeAnswer | None:
    return db.session.scalar(
        select(PracticeAnswer).where(PracticeAnswer.session_id == session_id, PracticeAnswer.position == position)
    )


def session_score(session: PracticeSession):
    return score_session([a.is_correct for a in session.answers], session.size)


def questions_by_id(ids: list[str]) -> dict[str, Question]:
    return {q.id: q for q in db.session.scalars(select(Question).where(Question.id.in_(ids)))}


def own_session(session_id: int, user_id: int) -> PracticeSession | None:
    """The session if it is this learner's, else None (so ids reveal nothing)."""
    session = db.session.get(PracticeSession, session_id)
    return session if session is not None and session.user_id == user_id else None


def topic(topic_id: str | None) -> Topic | None:
    return db.session.get(Topic, topic_id) if topic_id else None


def topics_by_id() -> dict[str, Topic]:
    """Every topic, retired ones too (old sessions may point at them)."""
    return {t.id: t for t in db.session.scalars(select(Topic))}


def live_lessons() -> list[Lesson]:
    """The lessons learners may read, in course order."""
    return list(db.session.scalars(select(Lesson).where(*live(Lesson)).order_by(Lesson.course, Lesson.position)))


def lesson_by_id(lesson_id: str) -> Lesson | None:
    return db.session.get(Lesson, lesson_id)


def live_lesson(lesson_id: str) -> Lesson | None:
    """A lesson learners may read, or None (unknown, retired or not checked)."""
    lesson = db.session.get(Lesson, lesson_id)
    return lesson if lesson is not None and lesson.status == CHECKED and lesson.retired_at is None else None


@dataclass
class DashboardTopic:
    topic: Topic
    progress: object
    lesson_count: int


def learner_dashboard(user_id: int) -> list[DashboardTopic]:
    """Each topic's progress for one learner: questions seen, share now correct, last practised."""
    totals = dict(db.session.execute(
        select(Question.topic_id, func.count(Question.id)).where(*live_question_filter()).group_by(Question.topic_id)
    ).all())
    facts = [
        AnswerFact(question_id, topic_id, is_correct, answered_at)
        for question_id, topic_id, is_correct, answered_at in db.session.execute(
            select(PracticeAnswer.question_id, Question.topic_id, PracticeAnswer.is_correct, PracticeAnswer.answered_at)
            .join(Question, Question.id == PracticeAnswer.question_id)
            .where(PracticeAnswer.user_id == user_id)
        )
    ]
    progress = topic_progress(facts, totals)
    lessons = dict(db.session.execute(
        select(Lesson.topic_id, func.count(Lesson.id)).where(Lesson.retired_at.is_(None)).group_by(Lesson.topic_id)
    ).all())
    topics = db.session.scalars(select(Topic).where(Topic.retired_at.is_(None)).order_by(Topic.position))
    return [DashboardTopic(t, progress[t.id], lessons.get(t.id, 0)) for t in topics if t.id in progress]


def learner_sessions(user_id: int, limit: int | None = None) -> list[PracticeSession]:
    query = select(PracticeSession).where(PracticeSession.user_id == user_id).order_by(PracticeSession.started_at.desc())
    if limit:
        query = query.limit(limit)
    return list(db.session.scalars(query))


def lesson_opened(user_id: int, lesson_id: str, now: datetime) -> LessonProgress:
    """Remember that a learner opened a lesson (the first time counts)."""
    progress = db.session.scalar(select(LessonProgress).where(
        LessonProgress.user_id == user_id, LessonProgress.lesson_id == lesson_id))
    if progress is None:
        progress = LessonProgress(user_id=user_id, lesson_id=lesson_id, opened_at=now)
        try:
            with db.session.begin_nested():
                db.session.add(progress)
        except IntegrityError:  # opened in two tabs at once
            progress = db.session.scalar(select(LessonProgress).where(
                LessonProgress.user_id == user_id, LessonProgress.lesson_id == lesson_id))
        db.session.commit()
    return progress


def lesson_completed(user_id: int, lesson_id: str, now: datetime) -> None:
    progress = lesson_opened(user_id, lesson_id, now)
    if progress.completed_at is None:
        progress.completed_at = now
        db.session.commit()


HELP_REPEAT_WINDOW = timedelta(hours=1)


def record_help(user_id: int, question_id: str, kind: str, now: datetime) -> None:
    """Count a use of the translation help; reloading the same help within the hour counts once."""
    recent = db.session.scalar(select(HelpUse.id).where(
        HelpUse.user_id == user_id, HelpUse.question_id == question_id, HelpUse.kind == kind,
        HelpUse.used_at > now - HELP_REPEAT_WINDOW).limit(1))
    if recent is None:
        db.session.add(HelpUse(user_id=user_id, question_id=question_id, kind=kind, used_at=now))
        db.session.commit()

"""The database side of readiness: loads one learner's recent answers and last mock results per exam
part, and hands them to the method in domain/readiness.py."""
import math
from dataclasses import dataclass

from sqlalchemy import select, union_all

from ..bank.models import Question, Topic
from ..domain import exam_rules as rules
from ..domain.readiness import Readiness, part_readiness, subtopic_skills
from ..extensions import db
from ..learn.models import PracticeAnswer
from .draw_queries import POOL_TOPICS
from .models import SUBMITTED, ExamAnswer, ExamAttempt, ExamItem
from .settings import knowledge_settings, language_settings

# part -> the topics its questions come from
QUESTION_PARTS = {rules.HISTORY: POOL_TOPICS[rules.HISTORY], rules.SATVERSME: POOL_TOPICS[rules.SATVERSME],
                  rules.READING: ("reading",), rules.LISTENING: ("listening",)}


@dataclass
class PartReadiness:
    part: str
    estimate: Readiness | None       # questions parts
    last_result: bool | None = None  # teacher-graded and anthem parts: the latest mock's verdict
    last_known: bool = False
    practice_topic: str | None = None  # where to practise a questions part


def _recent_answers(user_id: int, topics: tuple[str, ...]) -> list[tuple[str, bool]]:
    """(topic/subtopic, right) of every answer in practice and mock exams, newest first."""
    practice = (select(Question.topic_id, Question.subtopic, PracticeAnswer.is_correct, PracticeAnswer.answered_at)
                .join(Question, Question.id == PracticeAnswer.question_id)
                .where(PracticeAnswer.user_id == user_id, Question.topic_id.in_(topics)))
    exams = (select(Question.topic_id, Question.subtopic, ExamAnswer.is_correct, ExamAnswer.answered_at)
             .join(ExamItem, ExamItem.id == ExamAnswer.item_id)
             .join(ExamAttempt, ExamAttempt.id == ExamAnswer.attempt_id)
             .join(Question, Question.id == ExamItem.question_id)
             .where(ExamAttempt.user_id == user_id, ExamAttempt.status == SUBMITTED, Question.topic_id.in_(topics)))
    both = union_all(practice, exams).subquery()
    rows = db.session.execute(select(both).order_by(both.c.answered_at.desc()))
    return [(f"{topic}/{subtopic}", bool(right)) for topic, subtopic, right, _at in rows]


def _subtopics(topics: tuple[str, ...]) -> list[str]:
    result = []
    for topic in db.session.scalars(select(Topic).where(Topic.id.in_(topics), Topic.retired_at.is_(None))):
        result += [f"{topic.id}/{s['id']}" for s in topic.subtopics]
    return sorted(result)


def _last_verdicts(user_id: int) -> dict[str, bool | None]:
    """The latest mock result of each part, oldest attempts overwritten by newer ones."""
    verdicts: dict[str, bool | None] = {}
    attempts = db.session.scalars(select(ExamAttempt).where(
        ExamAttempt.user_id == user_id, ExamAttempt.status == SUBMITTED).order_by(ExamAttempt.submitted_at))
    for attempt in attempts:
        for result in attempt.results:
            verdicts[result.part] = result.passed
    return verdicts


def learner_readiness(user_id: int, parts: tuple[str, ...]) -> list[PartReadiness]:
    """Readiness for each of `parts` (those the learner must sit)."""
    knowledge, language = knowledge_settings(), language_settings()
    marks = {
        rules.HISTORY: (knowledge.history_questions, knowledge.history_pass),
        rules.SATVERSME: (knowledge.satversme_questions, knowledge.satversme_pass),
        rules.READING: (language.reading_questions, math.ceil(language.reading_questions * 2 / 3)),
        rules.LISTENING: (language.listening_questions, math.ceil(language.listening_questions * 2 / 3)),
    }
    verdicts = _last_verdicts(user_id)
    result = []
    for part in parts:
        if part in QUESTION_PARTS:
            topics = QUESTION_PARTS[part]
            skills = subtopic_skills(_recent_answers(user_id, topics), _subtopics(topics))
            questions, pass_mark = marks[part]
            result.append(PartReadiness(part, part_readiness(part, skills, questions, pass_mark), practice_topic=topics[0]))
        else:
            result.append(PartReadiness(part, None, verdicts.get(part), part in verdicts))
    return result

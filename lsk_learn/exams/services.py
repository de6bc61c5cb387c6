"""Mock exams: start an attempt, save answers as they are given, enforce the deadline, submit and
grade. Routes call these; each commits once."""
import random
from dataclasses import asdict
from datetime import date, datetime, timedelta

from flask import current_app
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from ..bank.keys import question_key
from ..bank.models import AnthemText, BankTask, Question, Topic
from ..domain import exam_rules as rules
from ..domain.anthem import compare_anthem
from ..domain.exam_grading import GradedItem, grade_attempt
from ..domain.exam_sitting import exam_minutes
from ..domain.scoring import ResponseError, grade, parse_response
from ..extensions import db
from ..learn.models import PracticeAnswer
from ..notifications.services import mark_notifications_read
from ..profiles.services import learner_profile
from ..review.services import record_reviews
from . import draw_queries
from .models import IN_PROGRESS, SUBMITTED, ExamAnswer, ExamAttempt, ExamItem, ExamPartResult
from .settings import knowledge_settings, language_settings

MAX_TEXT = 6000          # a letter of up to ~200 words, with room to spare
MAX_ANTHEM_CHARS = 2000  # the anthem is about 230 characters; this allows for repeats and notes
MAX_FIELD_CHARS = 500    # one field of a form (a name, an address)


class ExamError(Exception):
    """Why an attempt cannot start or an answer cannot be taken; `code` names the reason."""

    def __init__(self, code: str):
        super().__init__(code)
        self.code = code


def required_parts(user_id: int, kind: str, today: date) -> tuple[str, ...]:
    return rules.applicable_parts(kind, learner_profile(user_id).exam_profile(), today)


def _seen_questions(user_id: int) -> set[str]:
    return set(db.session.scalars(select(PracticeAnswer.question_id).where(PracticeAnswer.user_id == user_id).distinct()))


def planned_parts(user_id: int, kind: str, today: date, retake_of: ExamAttempt | None = None) -> tuple[str, ...]:
    """The parts a new attempt will hold: the required ones, or for a retake only those failed
    before. Raises ExamError when there is nothing to sit. The intro page and the start share it."""
    if retake_of is not None:
        failed = rules.parts_to_retake({r.part: r.passed for r in retake_of.results})
        parts = tuple(part for part in retake_of.parts if part in failed)  # in the exam's own order
        if retake_of.user_id != user_id or retake_of.kind != kind or not parts:
            raise ExamError("nothing_to_retake")
        return parts
    parts = required_parts(user_id, kind, today)
    if not parts:
        raise ExamError("exempt")
    return parts


def open_attempt(user_id: int, kind: str, now: datetime) -> ExamAttempt | None:
    """The learner's latest attempt of `kind` still running (its time not yet up), if any."""
    for attempt in db.session.scalars(select(ExamAttempt).where(
            ExamAttempt.user_id == user_id, ExamAttempt.kind == kind, ExamAttempt.status == IN_PROGRESS)
            .order_by(ExamAttempt.started_at.desc())):
        if not is_expired(attempt, now):
            return attempt
    return None


def start_attempt(user_id: int, kind: str, now: datetime, rng: random.Random,
                  retake_of: ExamAttempt | None = None) -> ExamAttempt:
    """Open an attempt with freshly drawn items; a retake sits only the parts failed before."""
    parts = planned_parts(user_id, kind, now.date(), retake_of)
    seen = _seen_questions(user_id)
    minutes = exam_minutes(kind, parts, knowledge_settings(), language_settings())
    if kind == rules.KNOWLEDGE:
        settings = knowledge_settings()
        items = draw_queries.knowledge_items(parts, settings, seen, rng)
    else:
        settings = language_settings()
        items = draw_queries.language_items(parts, settings, seen, rng)
    drawn_parts = {part for part, _question, _task in items}
    if rules.ANTHEM in parts and db.session.get(AnthemText, "anthem") is None:
        drawn_parts.discard(rules.ANTHEM)
    if drawn_parts != set(parts) - {rules.SPEAKING} and drawn_parts != set(parts):
        raise ExamError("no_questions")  # the bank lacks questions or tasks for a part
    attempt = ExamAttempt(
        user_id=user_id, kind=kind, parts=list(parts), settings=asdict(settings), status=IN_PROGRESS,
        started_at=now, deadline_at=now + timedelta(minutes=minutes),
        retake_of_id=retake_of.id if retake_of else None,
    )
    db.session.add(attempt)
    db.session.flush()
    for position, (part, question_id, task_id) in enumerate(items):
        db.session.add(ExamItem(attempt_id=attempt.id, part=part, position=position,
                                question_id=question_id, task_id=task_id))
    db.session.commit()
    return attempt


def is_expired(attempt: ExamAttempt, now: datetime) -> bool:
    grace = timedelta(seconds=current_app.config["EXAM_GRACE_SECONDS"])
    return attempt.status == IN_PROGRESS and now > attempt.deadline_at + grace


def submit_if_expired(attempt: ExamAttempt, now: datetime) -> bool:
    """The server, not the page, ends the exam: past the deadline the attempt is submitted."""
    if is_expired(attempt, now):
        submit(attempt, now)
        db.session.refresh(attempt)
        return True
    return False


def parse_item_response(item: ExamItem, form: dict):
    """The stored response for an item, from form values {field: [values]}; raises ResponseError.
    Typed text over its limit is refused whole (never cut), so the page can show it back."""
    if item.question_id:
        return parse_response(_key_of(item), form)
    if item.part == rules.ANTHEM:
        return {"text": _typed_text(form, "text", MAX_ANTHEM_CHARS)}
    if item.part == rules.WRITING:
        task = db.session.get(BankTask, item.task_id)
        if task.kind == "form":
            fields = {f["id"]: _typed_text(form, f"field-{f['id']}", MAX_FIELD_CHARS, required=False) for f in task.fields}
            if not any(fields.values()):
                raise ResponseError("empty")
            return {"fields": fields}
        return {"text": _typed_text(form, "text", MAX_TEXT)}
    raise ResponseError("invalid")  # speaking is assessed in person, nothing to type


def _key_of(item: ExamItem):
    return question_key(db.session.get(Question, item.question_id))


def _typed_text(form: dict, name: str, limit: int, required: bool = True) -> str:
    text = (form.get(name, [""])[0] or "").strip()
    if required and not text:
        raise ResponseError("empty")
    if len(text) > limit:
        raise ResponseError("too_long", len(text), limit)
    return text


def save_answer(attempt: ExamAttempt, item: ExamItem, form: dict, now: datetime) -> ExamAnswer:
    """Store (or replace) the answer to one item. One row per item, whatever arrives at once.

    The attempt is locked first and its status read under that lock, the same lock `submit` takes:
    a save is either committed before the submit reads the answers (and so is graded) or it sees
    the attempt submitted and is refused. Never stored and then ignored."""
    locked = _lock_open_attempt(attempt.id)
    if locked is None:
        db.session.rollback()
        raise ExamError("submitted")
    if is_expired(locked, now):
        _grade_and_close(locked, now)
        raise ExamError("time_up")
    try:
        response = parse_item_response(item, form)
    except ResponseError:
        db.session.rollback()
        raise
    is_correct = None
    if item.question_id:
        is_correct = grade(_key_of(item), response).correct
    existing = _answer_for(item.id)
    if existing is None:
        try:
            with db.session.begin_nested():
                db.session.add(ExamAnswer(attempt_id=locked.id, item_id=item.id, response=response,
                                          is_correct=is_correct, answered_at=now))
            db.session.commit()
            return _answer_for(item.id)
        except IntegrityError:
            # only possible where the lock is not exclusive; the other request stored it: update that
            existing = _answer_for(item.id)
    existing.response, existing.is_correct, existing.answered_at = response, is_correct, now
    db.session.commit()
    return existing


def _lock_open_attempt(attempt_id: int) -> ExamAttempt | None:
    """Take the attempt's write lock and return it if still in progress, else None.

    A conditional UPDATE rather than SELECT ... FOR UPDATE, because SQLite ignores FOR UPDATE: an
    UPDATE takes SQLite's database write lock and PostgreSQL's row lock alike, and its WHERE is
    re-checked after waiting, so a request that waited behind a submit sees it submitted."""
    taken = db.session.execute(
        update(ExamAttempt).where(ExamAttempt.id == attempt_id, ExamAttempt.status == IN_PROGRESS)
        .values(status=IN_PROGRESS).execution_options(synchronize_session=False)
    ).rowcount
    if taken != 1:
        return None
    return db.session.scalar(select(ExamAttempt).where(ExamAttempt.id == attempt_id)
                             .execution_options(populate_existing=True))


def _answer_for(item_id: int) -> ExamAnswer | None:
    return db.session.scalar(select(ExamAnswer).where(ExamAnswer.item_id == item_id).execution_options(populate_existing=True))


def answers_by_item(attempt: ExamAttempt) -> dict[int, ExamAnswer]:
    return {a.item_id: a for a in db.session.scalars(select(ExamAnswer).where(ExamAnswer.attempt_id == attempt.id))}


def submit(attempt: ExamAttempt, now: datetime) -> ExamAttempt:
    """Grade what can be graded automatically; writing and speaking wait for a teacher. Submitting
    twice (two tabs, a double tap) grades once: the second finds the attempt no longer open."""
    locked = _lock_open_attempt(attempt.id)
    if locked is None:
        db.session.rollback()
        return db.session.scalar(select(ExamAttempt).where(ExamAttempt.id == attempt.id)
                                 .execution_options(populate_existing=True))
    return _grade_and_close(locked, now)


def _grade_and_close(locked: ExamAttempt, now: datetime) -> ExamAttempt:
    """Grade a locked, open attempt with every answer committed so far, and close it.

    Three reads at most (the answers, the tasks' points, the anthem), then domain/exam_grading."""
    answers = {a.item_id: a for a in db.session.scalars(  # fresh rows: another request may have just saved
        select(ExamAnswer).where(ExamAnswer.attempt_id == locked.id).execution_options(populate_existing=True))}
    items = [GradedItem(i.id, i.part, i.task_id, i.id in answers,
                        answers[i.id].is_correct if i.id in answers else None,
                        answers[i.id].response if i.id in answers else None) for i in locked.items]
    for part in grade_attempt(locked.parts, items, locked.settings, _anthem_text(locked), _task_points(locked)):
        db.session.add(ExamPartResult(attempt_id=locked.id, part=part.part, score=part.score,
                                      max_score=part.max_score, passed=part.passed, details=part.details))
    reviewed = [(i.question_id, answers[i.id].is_correct) for i in locked.items
                if i.question_id and i.id in answers]
    record_reviews(locked.user_id, reviewed, now)
    locked.status = SUBMITTED
    locked.submitted_at = now
    db.session.commit()
    return locked


def _anthem_text(attempt: ExamAttempt) -> str | None:
    if rules.ANTHEM not in attempt.parts:
        return None
    official = db.session.get(AnthemText, "anthem")
    return official.text if official is not None else None


def _task_points(attempt: ExamAttempt) -> dict[str, float]:
    """Each task's maximum points, for the parts a teacher grades; one query."""
    task_ids = sorted({i.task_id for i in attempt.items if i.task_id})
    if not task_ids:
        return {}
    return {task.id: task.max_points for task in db.session.scalars(select(BankTask).where(BankTask.id.in_(task_ids)))}


def own_attempt(attempt_id: int, user_id: int) -> ExamAttempt | None:
    attempt = db.session.get(ExamAttempt, attempt_id)
    return attempt if attempt is not None and attempt.user_id == user_id else None


def attempts_of(user_id: int) -> list[ExamAttempt]:
    return list(db.session.scalars(
        select(ExamAttempt).where(ExamAttempt.user_id == user_id).order_by(ExamAttempt.started_at.desc())
    ))


def item_content(item: ExamItem) -> tuple[Question | None, BankTask | None]:
    """What an item's page shows: its question or its task."""
    return (db.session.get(Question, item.question_id) if item.question_id else None,
            db.session.get(BankTask, item.task_id) if item.task_id else None)


def seen_results(attempt: ExamAttempt, now: datetime) -> dict:
    """A submitted attempt's results page: the learner's answers, the questions and tasks, the
    anthem compared word by word. Its notifications ("graded") are read from now on."""
    mark_notifications_read(attempt.user_id, attempt.id, now)
    questions = {q.id: q for q in db.session.scalars(
        select(Question).where(Question.id.in_([i.question_id for i in attempt.items if i.question_id])))}
    tasks = {t.id: t for t in db.session.scalars(
        select(BankTask).where(BankTask.id.in_([i.task_id for i in attempt.items if i.task_id])))}
    anthem = None
    anthem_result = attempt.result_of(rules.ANTHEM)
    if anthem_result is not None:
        official = db.session.get(AnthemText, "anthem")
        anthem = compare_anthem(official.text, anthem_result.details.get("written", ""))
    return {"answers": answers_by_item(attempt), "questions": questions, "tasks": tasks, "anthem": anthem}


def subtopic_names() -> dict[str, dict]:
    """"topic/subtopic" -> the subtopic's names per language, for every topic (retired ones too)."""
    names: dict[str, dict] = {}
    for topic in db.session.scalars(select(Topic)):
        for sub in topic.subtopics:
            names.setdefault(f"{topic.id}/{sub['id']}", sub)  # the first, if a topic repeats an id
    return names

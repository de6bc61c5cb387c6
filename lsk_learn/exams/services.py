"""Mock exams: start an attempt, save answers as they are given, enforce the deadline, submit and
grade. Routes call these; each commits once."""
import functools
import json
import random
from dataclasses import asdict, dataclass
from datetime import date, datetime, timedelta
from typing import NamedTuple

from flask import current_app
from sqlalchemy import Text, bindparam, cast, func, select, text, update
from sqlalchemy.orm import Bundle, joinedload

from ..bank.keys import question_key
from ..bank.models import AnthemText, BankTask, Question, Topic
from ..bank.versions import QuestionVersion, as_shown, published_versions
from ..core.autocommit import begin_writing
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


@dataclass(frozen=True)
class SittingItem:
    id: int
    part: str
    position: int
    question_id: str | None
    task_id: str | None


@dataclass(frozen=True)
class Sitting:
    """What the pages of a running attempt read of it: plain values, not the ORM's objects (an
    item page is half of an exam day's requests; building an ExamAttempt and its 19 ExamItems
    cost more than the query). Grading and results use ExamAttempt."""
    id: int
    user_id: int
    kind: str
    parts: list[str]
    status: str
    deadline_at: datetime
    items: tuple[SittingItem, ...]


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
    versions = published_versions(q for _part, q, _task in items if q)
    for position, (part, question_id, task_id) in enumerate(items):
        db.session.add(ExamItem(attempt_id=attempt.id, part=part, position=position, question_id=question_id,
                                task_id=task_id, question_version_id=versions.get(question_id)))
    db.session.commit()
    return attempt


def is_expired(attempt: ExamAttempt | Sitting, now: datetime) -> bool:
    return attempt.status == IN_PROGRESS and _past_deadline(attempt.deadline_at, now)


def _past_deadline(deadline_at: datetime, now: datetime) -> bool:
    return deadline_at < grace_started_before(now)


def grace_started_before(now: datetime) -> datetime:
    """The earliest deadline of a sitting still open at `now`: answers get EXAM_GRACE_SECONDS more."""
    return now - timedelta(seconds=current_app.config["EXAM_GRACE_SECONDS"])


def submit_if_expired(attempt: ExamAttempt | Sitting, now: datetime) -> bool:
    """The server, not the page, ends the exam: past the deadline the attempt is submitted."""
    if is_expired(attempt, now):
        submit(db.session.get(ExamAttempt, attempt.id) if isinstance(attempt, Sitting) else attempt, now)
        if isinstance(attempt, ExamAttempt):
            db.session.refresh(attempt)
        return True
    return False


def parse_item_response(item: ExamItem, question: Question | None, task: BankTask | None, form: dict):
    """The stored response for an item (its question or task given), from form values
    {field: [values]}; raises ResponseError. Typed text over its limit is refused whole (never
    cut), so the page can show it back."""
    if item.question_id:
        return parse_response(question_key(question), form)
    if item.part == rules.ANTHEM:
        return {"text": _typed_text(form, "text", MAX_ANTHEM_CHARS)}
    if item.part == rules.WRITING:
        if task.kind == "form":
            fields = {f["id"]: _typed_text(form, f"field-{f['id']}", MAX_FIELD_CHARS, required=False) for f in task.fields}
            if not any(fields.values()):
                raise ResponseError("empty")
            return {"fields": fields}
        return {"text": _typed_text(form, "text", MAX_TEXT)}
    raise ResponseError("invalid")  # speaking is assessed in person, nothing to type


def _typed_text(form: dict, name: str, limit: int, required: bool = True) -> str:
    text = (form.get(name, [""])[0] or "").strip()
    if required and not text:
        raise ResponseError("empty")
    if len(text) > limit:
        raise ResponseError("too_long", len(text), limit)
    return text


class Saved(NamedTuple):
    item_count: int  # for the way on
    stored: bool  # False for an empty answer (nothing stored) and a speaking item


def save_item_answer(attempt_id: int, user_id: int, position: int, form: dict, now: datetime,
                     empty_ok: bool = True) -> Saved | None:
    """Store (or replace) the learner's answer to the item at `position`. One row per item,
    whatever arrives at once. Returns how many items the attempt has and whether an answer was
    stored, None when the learner has no such item. Raises ExamError ("submitted", "time_up") or ResponseError; an
    empty answer (`empty_ok`) stores nothing and is no error: the learner may come back.

    Three statements: the item with its question or task and the attempt's state, then one
    conditional upsert, which stores only while the attempt is in progress, read under the lock
    `submit` takes (SQLite: the write lock of the INSERT; PostgreSQL: FOR SHARE on the attempt row,
    which waits for a submit's UPDATE and re-reads the status after it). So a save is either
    committed before the submit reads the answers (and so is graded) or it finds the attempt
    submitted and is refused. Never stored and then ignored."""
    found = db.session.execute(_item_to_save(), {"attempt_id": attempt_id, "position": position,
                                                 "user_id": user_id}).one_or_none()
    if found is None:
        return None
    item, status, deadline_at, item_count = found.item, found.status, found.deadline_at, found.item_count
    task = found.task if item.task_id else None
    question = found.question if item.question_id else None  # the key's fields (a bundle of Nones without one)
    if item.part == rules.SPEAKING:  # assessed in person: nothing to store
        return Saved(item_count, False)
    if status != IN_PROGRESS:  # submitted is final: no lock needed to refuse
        db.session.rollback()
        raise ExamError("submitted")
    if _past_deadline(deadline_at, now):
        locked = _lock_open_attempt(attempt_id)
        if locked is None:
            db.session.rollback()
            raise ExamError("submitted")
        _grade_and_close(locked, now)
        raise ExamError("time_up")
    try:
        response = parse_item_response(item, question, task, form)
    except ResponseError as error:
        db.session.rollback()
        if error.code == "empty" and empty_ok:
            return Saved(item_count, False)
        raise
    is_correct = grade(question_key(question), response).correct if question is not None else None
    stored = db.session.execute(_store_if_open(db.session.get_bind().dialect.name), {
        "attempt_id": attempt_id, "item_id": item.id, "response": response, "is_correct": is_correct, "now": now})
    if stored.first() is None:
        db.session.rollback()
        raise ExamError("submitted")
    db.session.commit()
    return Saved(item_count, True)


def save_answer(attempt: ExamAttempt, item: ExamItem, form: dict, now: datetime) -> None:
    """`save_item_answer` for callers holding the rows (the demo data); an empty answer is an error."""
    save_item_answer(attempt.id, attempt.user_id, item.position, form, now, empty_ok=False)


# The hot path's statements (save, item page) are built once per process, with bound parameters:
# SQLAlchemy then compiles each once (its statement cache) instead of rebuilding them per request.

@functools.cache
def _item_to_save():
    """The learner's item at a position: its fields, its question's key fields or its task's form
    fields, the attempt's state and item count (one row, or none when the item is not the
    learner's). Only the columns the save reads: each column of a result costs the driver a
    description entry on every execution (psycopg builds them in Python)."""
    attempt_id = bindparam("attempt_id")
    item_count = select(func.count(ExamItem.id)).where(ExamItem.attempt_id == attempt_id).scalar_subquery()
    return (select(Bundle("item", ExamItem.id, ExamItem.part, ExamItem.question_id, ExamItem.task_id),
                   Bundle("question", Question.type, Question.answer, Question.options, Question.prompts),
                   Bundle("task", BankTask.kind, BankTask.fields), ExamAttempt.status, ExamAttempt.deadline_at, item_count.label("item_count"))
            .join(ExamAttempt, ExamAttempt.id == ExamItem.attempt_id)
            .outerjoin(Question, Question.id == ExamItem.question_id)
            .outerjoin(BankTask, BankTask.id == ExamItem.task_id)
            .where(ExamItem.attempt_id == attempt_id, ExamItem.position == bindparam("position"),
                   ExamAttempt.user_id == bindparam("user_id")))


@functools.cache
def _store_if_open(dialect: str):
    """INSERT ... SELECT FROM exam_attempt WHERE in progress ... ON CONFLICT (item_id) DO UPDATE
    RETURNING id: no row returned means the attempt was no longer in progress.

    Written as text, not with the dialects' `insert().on_conflict_do_update()`: those constructs
    have no cache key in SQLAlchemy 2.0 (`inherit_cache = False`), so every save compiled the
    statement anew, ~0.3 ms of CPU on each of the busiest requests. A text() statement is cached."""
    columns = ExamAnswer.__table__.c
    postgres = dialect == "postgresql"
    lock = " FOR SHARE" if postgres else ""  # SQLite's INSERT takes its write lock
    response = "CAST(:response AS JSON)" if postgres else ":response"  # SQLite has no JSON type
    return text(
        "INSERT INTO exam_answer (attempt_id, item_id, response, is_correct, answered_at) "
        f"SELECT :attempt_id, :item_id, {response}, :is_correct, :now FROM exam_attempt "
        f"WHERE exam_attempt.id = :attempt_id AND exam_attempt.status = :in_progress{lock} "
        "ON CONFLICT (item_id) DO UPDATE SET response = excluded.response, "
        "is_correct = excluded.is_correct, answered_at = excluded.answered_at RETURNING id"
    ).bindparams(bindparam("attempt_id", type_=columns.attempt_id.type),
                 bindparam("item_id", type_=columns.item_id.type),
                 bindparam("response", type_=columns.response.type),
                 bindparam("is_correct", type_=columns.is_correct.type),
                 bindparam("now", type_=columns.answered_at.type),
                 bindparam("in_progress", value=IN_PROGRESS))


def _lock_open_attempt(attempt_id: int) -> ExamAttempt | None:
    """Take the attempt's write lock and return it if still in progress, else None.

    A conditional UPDATE rather than SELECT ... FOR UPDATE, because SQLite ignores FOR UPDATE: an
    UPDATE takes SQLite's database write lock and PostgreSQL's row lock alike, and its WHERE is
    re-checked after waiting, so a request that waited behind a submit sees it submitted. The lock
    must last until the grading commits: a transaction, also in an autocommit request."""
    begin_writing()
    taken = db.session.execute(
        update(ExamAttempt).where(ExamAttempt.id == attempt_id, ExamAttempt.status == IN_PROGRESS)
        .values(status=IN_PROGRESS).execution_options(synchronize_session=False)
    ).rowcount
    if taken != 1:
        return None
    return db.session.scalar(select(ExamAttempt).where(ExamAttempt.id == attempt_id)
                             .execution_options(populate_existing=True))


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


def own_sitting(attempt_id: int, user_id: int) -> tuple[Sitting, set[int]] | None:
    """The learner's attempt with its items and the ids of the items answered, in one query."""
    rows = db.session.execute(_sitting_statement(), {"attempt_id": attempt_id, "user_id": user_id}).all()
    if not rows:
        return None
    first = rows[0]
    items = tuple(SittingItem(r.item_id, r.part, r.position, r.question_id, r.task_id) for r in rows if r.item_id is not None)
    sitting = Sitting(first.id, first.user_id, first.kind, json.loads(first.parts), first.status, first.deadline_at, items)
    return sitting, {r.answered_item_id for r in rows if r.answered_item_id is not None}


def item_content(item: ExamItem | SittingItem) -> tuple[Question | None, BankTask | None, ExamAnswer | None]:
    """What an item's page shows: its question (with its passage) or its task, and the answer
    given so far; one query, of the question's or the task's table only."""
    if item.question_id:
        question, answer = db.session.execute(_question_content(), {"item_id": item.id, "question_id": item.question_id}).one()
        return question, None, answer
    if item.task_id:
        task, answer = db.session.execute(_task_content(), {"item_id": item.id, "task_id": item.task_id}).one()
        return None, task, answer
    return None, None, db.session.scalar(_answer_only(), {"item_id": item.id})


def items_content(items: list[SittingItem]) -> dict[int, tuple[Question | None, BankTask | None, ExamAnswer | None]]:
    """`item_content` for every item of a sitting at once, by position (the exam page's script
    shows the questions without a page load each): three queries whatever the number of items."""
    question_ids = {i.question_id for i in items if i.question_id}
    task_ids = {i.task_id for i in items if i.task_id}
    questions = {q.id: q for q in db.session.scalars(
        select(Question).where(Question.id.in_(question_ids)).options(joinedload(Question.passage)))} if question_ids else {}
    tasks = {t.id: t for t in db.session.scalars(select(BankTask).where(BankTask.id.in_(task_ids)))} if task_ids else {}
    answers = {a.item_id: a for a in db.session.scalars(
        select(ExamAnswer).where(ExamAnswer.item_id.in_([i.id for i in items])))} if items else {}
    return {i.position: (questions.get(i.question_id), tasks.get(i.task_id), answers.get(i.id)) for i in items}


@functools.cache
def _sitting_statement():
    # `parts` as text, decoded once: as JSON the driver would decode it on each of the 19 rows
    return (select(ExamAttempt.id, ExamAttempt.user_id, ExamAttempt.kind, cast(ExamAttempt.parts, Text).label("parts"),
                   ExamAttempt.status, ExamAttempt.deadline_at,
                   ExamItem.id.label("item_id"), ExamItem.part, ExamItem.position, ExamItem.question_id,
                   ExamItem.task_id, ExamAnswer.item_id.label("answered_item_id"))
            .outerjoin(ExamItem, ExamItem.attempt_id == ExamAttempt.id)
            .outerjoin(ExamAnswer, ExamAnswer.item_id == ExamItem.id)
            .where(ExamAttempt.id == bindparam("attempt_id"), ExamAttempt.user_id == bindparam("user_id"))
            .order_by(ExamItem.position))


@functools.cache
def _question_content():
    return (select(Question, ExamAnswer)
            .outerjoin(ExamAnswer, ExamAnswer.item_id == bindparam("item_id"))
            .where(Question.id == bindparam("question_id"))
            .options(joinedload(Question.passage)))


@functools.cache
def _task_content():
    return (select(BankTask, ExamAnswer)
            .outerjoin(ExamAnswer, ExamAnswer.item_id == bindparam("item_id"))
            .where(BankTask.id == bindparam("task_id")))


@functools.cache
def _answer_only():
    return select(ExamAnswer).where(ExamAnswer.item_id == bindparam("item_id"))


def seen_results(attempt: ExamAttempt, now: datetime) -> dict:
    """A submitted attempt's results page: the learner's answers, the questions and tasks, the
    anthem compared word by word. Its notifications ("graded") are read from now on."""
    mark_notifications_read(attempt.user_id, attempt.id, now)
    questions = {q.id: q for q in db.session.scalars(
        select(Question).where(Question.id.in_([i.question_id for i in attempt.items if i.question_id])))}
    # each question as this learner saw it: an edit approved since then does not change the past
    versions = {v.id: v for v in db.session.scalars(select(QuestionVersion).where(
        QuestionVersion.id.in_([i.question_version_id for i in attempt.items if i.question_version_id])))}
    for item in attempt.items:
        if item.question_id in questions and item.question_version_id in versions:
            questions[item.question_id] = as_shown(questions[item.question_id], versions[item.question_version_id])
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

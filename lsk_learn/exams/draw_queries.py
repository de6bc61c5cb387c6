"""The database side of drawing a new attempt's items: loads the bank's questions and tasks and
hands them to the drawing rules in domain/draw.py."""
import random

from sqlalchemy import or_, select

from ..bank.models import BankTask, Question, live, live_question_filter
from ..core.time import riga_today
from ..domain.draw import draw_balanced
from ..domain.exam_rules import (
    ANTHEM, HISTORY, LISTENING, READING, SATVERSME, SPEAKING, WRITING, KnowledgeSettings, LanguageSettings,
)
from ..extensions import db

# the knowledge test's "history and culture" questions include the national symbols
POOL_TOPICS = {HISTORY: ("history", "symbols"), SATVERSME: ("satversme",)}


def _not_overdue():
    """A question past its check-by day (`review_by`) sits out mock exams until it is reviewed:
    its answer may have changed (an office holder, a figure, an amended law)."""
    return or_(Question.review_by.is_(None), Question.review_by >= riga_today())


def _questions_by_subtopic(topics: tuple[str, ...]) -> dict[str, list[str]]:
    rows = db.session.execute(
        select(Question.id, Question.topic_id, Question.subtopic)
        .where(Question.topic_id.in_(topics), *live_question_filter(), _not_overdue()).order_by(Question.id)
    )
    grouped: dict[str, list[str]] = {}
    for question_id, topic_id, subtopic in rows:
        grouped.setdefault(f"{topic_id}/{subtopic}", []).append(question_id)
    return grouped


def _passage_questions(topic: str, seen: set[str], count: int, rng: random.Random) -> list[str]:
    """Whole passages (a text with all its questions), unseen passages first, until `count` is reached."""
    rows = db.session.execute(
        select(Question.id, Question.passage_id)
        .where(Question.topic_id == topic, Question.passage_id.is_not(None), *live_question_filter(), _not_overdue())
        .order_by(Question.passage_id, Question.id)
    )
    by_passage: dict[str, list[str]] = {}
    for question_id, passage_id in rows:
        by_passage.setdefault(passage_id, []).append(question_id)
    passages = sorted(by_passage)
    rng.shuffle(passages)
    passages.sort(key=lambda p: any(q in seen for q in by_passage[p]))  # stable: unseen texts first
    chosen: list[str] = []
    for passage in passages:
        if len(chosen) >= count:
            break
        chosen.extend(by_passage[passage])
    return chosen


def _task(topic: str, kinds: tuple[str, ...], rng: random.Random) -> list[str]:
    ids = []
    for kind in kinds:
        candidates = sorted(db.session.scalars(
            select(BankTask.id).where(BankTask.topic_id == topic, BankTask.kind.in_(kind.split("|")), *live(BankTask))
        ))
        if candidates:
            ids.append(rng.choice(candidates))
    return ids


def knowledge_items(parts, settings: KnowledgeSettings, seen: set[str], rng) -> list[tuple[str, str | None, str | None]]:
    """(part, question id, task id) for each item, in the order they are shown."""
    items = []
    counts = {HISTORY: settings.history_questions, SATVERSME: settings.satversme_questions}
    for part in (HISTORY, SATVERSME):
        if part in parts:
            drawn = draw_balanced(_questions_by_subtopic(POOL_TOPICS[part]), seen, counts[part], rng)
            items += [(part, q, None) for q in drawn]
    if ANTHEM in parts:
        items.append((ANTHEM, None, None))
    return items


def language_items(parts, settings: LanguageSettings, seen: set[str], rng) -> list[tuple[str, str | None, str | None]]:
    items = []
    counts = {LISTENING: settings.listening_questions, READING: settings.reading_questions}
    for part in (LISTENING, READING):
        if part in parts:
            items += [(part, q, None) for q in _passage_questions(part, seen, counts[part], rng)]
    if WRITING in parts:
        items += [(WRITING, None, t) for t in _task("writing", ("form", "letter|application"), rng)]
    if SPEAKING in parts:
        items += [(SPEAKING, None, t) for t in _task("speaking", ("introduction", "situation|picture"), rng)]
    return items

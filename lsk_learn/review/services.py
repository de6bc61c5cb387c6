"""Keeping every learner's FSRS cards up to date, and reading today's review queue."""
from datetime import datetime, timedelta, timezone
from zoneinfo import ZoneInfo

from sqlalchemy import func, select

from ..domain import review
from ..extensions import db
from ..bank.models import Question, VocabularyWord, live_question_filter
from ..learn.models import REVIEW, PracticeSession
from .models import QUESTION, WORD_FROM_LATVIAN, WORD_TO_LATVIAN, ReviewCard

RIGA = ZoneInfo("Europe/Riga")


def record_review(user_id: int, item_type: str, item_id: str, right: bool, now: datetime) -> ReviewCard:
    """Rate the learner's card for an item (creating it on the first answer): right → Good, wrong → Again."""
    card = db.session.scalar(select(ReviewCard).where(
        ReviewCard.user_id == user_id, ReviewCard.item_type == item_type, ReviewCard.item_id == item_id))
    if card is None:
        card = ReviewCard(user_id=user_id, item_type=item_type, item_id=item_id, state=review.new_card(),
                          reviews=0, lapses=0)
        db.session.add(card)
    card.state = review.review(card.state, right, now)
    card.due_at = review.due_at(card.state)
    card.reviewed_at = now
    card.reviews = (card.reviews or 0) + 1
    card.lapses = (card.lapses or 0) + (0 if right else 1)
    db.session.flush()
    return card


def record_reviews(user_id: int, answers: list[tuple[str, bool | None]], now: datetime) -> None:
    """Cards for several answered questions (an exam's): unanswered ones are not rated."""
    for question_id, right in answers:
        if right is not None:
            record_review(user_id, QUESTION, question_id, right, now)


def end_of_day(now: datetime) -> datetime:
    """Cards due before the end of the day in Latvia count as today's."""
    local = now.astimezone(RIGA)
    return local.replace(hour=23, minute=59, second=59, microsecond=0).astimezone(timezone.utc)


REVIEW_SESSION_SIZE = 20
NEW_WORDS_PER_DAY = 15


def _cards(user_id: int, item_type: str, until: datetime, item_ids: set[str] | None = None) -> list[review.DueCard]:
    query = select(ReviewCard.item_id, ReviewCard.state).where(
        ReviewCard.user_id == user_id, ReviewCard.item_type == item_type, ReviewCard.due_at <= until)
    return [review.DueCard(item_id, state) for item_id, state in db.session.execute(query)
            if item_ids is None or item_id in item_ids]


def question_queue(user_id: int, now: datetime, exam_date) -> list[str]:
    """Ids of the live questions due today, in the order to review them."""
    live = set(db.session.scalars(select(Question.id).where(*live_question_filter())))
    until = end_of_day(now)
    return [c.item_id for c in review.review_queue(_cards(user_id, QUESTION, until, live), now, until, exam_date)]


def start_review_session(user_id: int, now: datetime, exam_date) -> PracticeSession | None:
    """A practice session of today's due questions (at most REVIEW_SESSION_SIZE), or None if none are due."""
    queue = question_queue(user_id, now, exam_date)[:REVIEW_SESSION_SIZE]
    if not queue:
        return None
    session = PracticeSession(user_id=user_id, topic_id=None, mode=REVIEW, question_ids=queue, started_at=now)
    db.session.add(session)
    db.session.commit()
    return session


def word_card_type(direction: str) -> str:
    return WORD_TO_LATVIAN if direction == "to-lv" else WORD_FROM_LATVIAN


def next_word(user_id: int, deck: str, direction: str, now: datetime, exam_date) -> VocabularyWord | None:
    """The next flashcard of a deck: a due card first, else a new word while today's new-word quota lasts."""
    words = {w.id: w for w in db.session.scalars(
        select(VocabularyWord).where(VocabularyWord.deck == deck, VocabularyWord.retired_at.is_(None),
                                     VocabularyWord.status == "checked")
        .order_by(VocabularyWord.position))}
    item_type = word_card_type(direction)
    until = end_of_day(now)
    due = review.review_queue(_cards(user_id, item_type, until, set(words)), now, until, exam_date)
    if due:
        return words[due[0].item_id]
    known = set(db.session.scalars(select(ReviewCard.item_id).where(
        ReviewCard.user_id == user_id, ReviewCard.item_type == item_type, ReviewCard.item_id.in_(list(words)))))
    start_of_day = until - timedelta(days=1)
    introduced_today = db.session.scalar(select(func.count(ReviewCard.id)).where(
        ReviewCard.user_id == user_id, ReviewCard.item_type == item_type, ReviewCard.item_id.in_(list(words)),
        ReviewCard.reviews == 1, ReviewCard.reviewed_at > start_of_day))
    if introduced_today >= NEW_WORDS_PER_DAY:
        return None
    return next((w for w in words.values() if w.id not in known), None)


def decks() -> list[tuple[str, dict, int]]:
    """(deck id, title, word count) of every vocabulary deck."""
    rows = db.session.execute(
        select(VocabularyWord.deck, func.min(VocabularyWord.id), func.count(VocabularyWord.id))
        .where(VocabularyWord.retired_at.is_(None), VocabularyWord.status == "checked")
        .group_by(VocabularyWord.deck).order_by(VocabularyWord.deck))
    return [(deck, db.session.get(VocabularyWord, first).deck_title, count) for deck, first, count in rows]


def due_counts(user_id: int, now: datetime) -> dict[str, int]:
    """How many question and word cards are due today."""
    until = end_of_day(now)
    rows = db.session.execute(select(ReviewCard.item_type, func.count(ReviewCard.id)).where(
        ReviewCard.user_id == user_id, ReviewCard.due_at <= until).group_by(ReviewCard.item_type))
    counts = dict(rows.all())
    return {"questions": counts.get(QUESTION, 0),
            "words": counts.get(WORD_FROM_LATVIAN, 0) + counts.get(WORD_TO_LATVIAN, 0)}


def deck_exists(deck: str) -> bool:
    return db.session.scalar(select(VocabularyWord.id).where(
        VocabularyWord.deck == deck, VocabularyWord.retired_at.is_(None), VocabularyWord.status == "checked")
        .limit(1)) is not None


def deck_title(deck: str) -> dict:
    return db.session.scalar(select(VocabularyWord.deck_title).where(VocabularyWord.deck == deck).limit(1)) or {}

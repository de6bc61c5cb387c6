"""Keeping every learner's FSRS cards up to date, reading today's review queue, and the daily goal."""
from datetime import datetime

from sqlalchemy import func, select, update
from sqlalchemy.exc import IntegrityError

from ..bank.models import Question, VocabularyWord, live, live_question_filter
from ..domain import review
from ..domain.daily_goal import (
    DEFAULT_GOAL, QueueCard, Streak, TodayPlan, day_bounds, local_day, plan_today, streak,
)
from ..extensions import db
from ..profiles.models import LearnerProfile
from .models import QUESTION, REVIEW, WORD_FROM_LATVIAN, WORD_TO_LATVIAN, PracticeSession, ReviewCard, ReviewDay


def record_review(user_id: int, item_type: str, item_id: str, right: bool, now: datetime) -> ReviewCard:
    """Rate the learner's card for an item (creating it on the first answer): right → Good, wrong → Again."""
    card = db.session.scalar(select(ReviewCard).where(
        ReviewCard.user_id == user_id, ReviewCard.item_type == item_type, ReviewCard.item_id == item_id))
    if card is None:
        card = _new_card(user_id, item_type, item_id)
    _rate(card, right, now)
    db.session.flush()
    return card


def record_reviews(user_id: int, answers: list[tuple[str, bool | None]], now: datetime) -> None:
    """Cards for several answered questions (an exam's): unanswered ones are not rated. The
    learner's cards for them are read in one query."""
    rated = [(question_id, right) for question_id, right in answers if right is not None]
    if not rated:
        return
    cards = {card.item_id: card for card in db.session.scalars(select(ReviewCard).where(
        ReviewCard.user_id == user_id, ReviewCard.item_type == QUESTION,
        ReviewCard.item_id.in_(sorted({question_id for question_id, _right in rated}))))}
    for question_id, right in rated:
        if question_id not in cards:
            cards[question_id] = _new_card(user_id, QUESTION, question_id)
        _rate(cards[question_id], right, now)
    db.session.flush()


def _new_card(user_id: int, item_type: str, item_id: str) -> ReviewCard:
    card = ReviewCard(user_id=user_id, item_type=item_type, item_id=item_id, state=review.new_card(),
                      reviews=0, lapses=0)
    db.session.add(card)
    return card


def _rate(card: ReviewCard, right: bool, now: datetime) -> None:
    card.state = review.review(card.state, right, now)
    card.due_at = review.due_at(card.state)
    card.reviewed_at = now
    card.reviews = (card.reviews or 0) + 1
    card.lapses = (card.lapses or 0) + (0 if right else 1)


def today_bounds(now: datetime) -> tuple[datetime, datetime]:
    """[start, end) of the learner's day: cards due before Latvian midnight count as today's."""
    return day_bounds(local_day(now))


NEW_WORDS_PER_DAY = 15


def _cards(user_id: int, item_type: str, until: datetime,
           item_ids: set[str] | None = None) -> list[tuple[review.DueCard, int]]:
    """(card, times answered) of the learner's cards of one type due before `until`."""
    query = select(ReviewCard.item_id, ReviewCard.state, ReviewCard.reviews).where(
        ReviewCard.user_id == user_id, ReviewCard.item_type == item_type, ReviewCard.due_at < until)
    return [(review.DueCard(item_id, state), reviews or 0) for item_id, state, reviews in db.session.execute(query)
            if item_ids is None or item_id in item_ids]


def question_queue(user_id: int, now: datetime, exam_date) -> list[QueueCard]:
    """The live questions due today, in the order to review them; `new` if answered only once."""
    live = set(db.session.scalars(select(Question.id).where(*live_question_filter())))
    _start, until = today_bounds(now)
    cards = _cards(user_id, QUESTION, until, live)
    answered = {card.item_id: reviews for card, reviews in cards}
    ordered = review.review_queue([card for card, _reviews in cards], now, until, exam_date)
    return [QueueCard(c.item_id, answered[c.item_id] == 1) for c in ordered]


def daily_goal(user_id: int) -> int:
    profile = db.session.get(LearnerProfile, user_id)
    return (profile.daily_goal if profile is not None else None) or DEFAULT_GOAL


def set_daily_goal(user_id: int, goal: int, now: datetime) -> None:
    """Store the learner's goal; today is judged by the new goal, past days keep theirs."""
    profile = db.session.get(LearnerProfile, user_id)
    if profile is None:
        profile = LearnerProfile(user_id=user_id, exemptions=[])
        db.session.add(profile)
    profile.daily_goal = goal
    db.session.execute(update(ReviewDay).where(ReviewDay.user_id == user_id, ReviewDay.day == local_day(now))
                       .values(goal=goal))
    db.session.commit()


def count_towards_goal(user_id: int, now: datetime, first_review: bool = False) -> None:
    """One more answer today (a question or a word card); the caller commits."""
    day, goal = local_day(now), daily_goal(user_id)
    bump = update(ReviewDay).where(ReviewDay.user_id == user_id, ReviewDay.day == day).values(
        answered=ReviewDay.answered + 1, new_cards=ReviewDay.new_cards + int(first_review), goal=goal)
    if db.session.execute(bump).rowcount:
        return
    try:
        with db.session.begin_nested():
            db.session.add(ReviewDay(user_id=user_id, day=day, answered=1, new_cards=int(first_review), goal=goal))
    except IntegrityError:  # the day's first two answers arrived at once: the other row is there now
        db.session.execute(bump)


def today_plan(user_id: int, now: datetime, exam_date) -> TodayPlan:
    """Today's round up to the goal, what is due after it, and what waits for another day."""
    row = db.session.execute(select(ReviewDay.answered, ReviewDay.new_cards).where(
        ReviewDay.user_id == user_id, ReviewDay.day == local_day(now))).first()
    done, new_done = (row.answered, row.new_cards) if row else (0, 0)
    return plan_today(question_queue(user_id, now, exam_date), daily_goal(user_id), done, new_done)


def learner_streak(user_id: int, now: datetime) -> Streak:
    rows = db.session.execute(select(ReviewDay.day, ReviewDay.answered, ReviewDay.goal).where(
        ReviewDay.user_id == user_id))
    return streak([day for day, answered, goal in rows if answered >= goal], local_day(now))


def unfinished_review(user_id: int, now: datetime) -> PracticeSession | None:
    """A review session started today and not finished: starting again continues it."""
    start, _end = today_bounds(now)
    return db.session.scalars(select(PracticeSession).where(
        PracticeSession.user_id == user_id, PracticeSession.mode == REVIEW, PracticeSession.finished_at.is_(None),
        PracticeSession.started_at >= start).order_by(PracticeSession.id.desc()).limit(1)).first()


def start_review_session(user_id: int, now: datetime, exam_date) -> PracticeSession | None:
    """The next round: what is left of today's goal, else (goal met) an extra round of as many
    again; an unfinished round of today is continued. None when nothing is due."""
    session = unfinished_review(user_id, now)
    if session is not None:
        return session
    plan = today_plan(user_id, now, exam_date)
    queue = list(plan.round or plan.extra_round)
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
        select(VocabularyWord).where(VocabularyWord.deck == deck, *live(VocabularyWord))
        .order_by(VocabularyWord.position))}
    item_type = word_card_type(direction)
    start_of_day, until = today_bounds(now)
    cards = [card for card, _reviews in _cards(user_id, item_type, until, set(words))]
    due = review.review_queue(cards, now, until, exam_date)
    if due:
        return words[due[0].item_id]
    known = set(db.session.scalars(select(ReviewCard.item_id).where(
        ReviewCard.user_id == user_id, ReviewCard.item_type == item_type, ReviewCard.item_id.in_(list(words)))))
    introduced_today = db.session.scalar(select(func.count(ReviewCard.id)).where(
        ReviewCard.user_id == user_id, ReviewCard.item_type == item_type, ReviewCard.item_id.in_(list(words)),
        ReviewCard.reviews == 1, ReviewCard.reviewed_at >= start_of_day))
    if introduced_today >= NEW_WORDS_PER_DAY:
        return None
    return next((w for w in words.values() if w.id not in known), None)


def decks() -> list[tuple[str, dict, int]]:
    """(deck id, title, word count) of every vocabulary deck."""
    rows = db.session.execute(
        select(VocabularyWord.deck, func.min(VocabularyWord.id), func.count(VocabularyWord.id))
        .where(*live(VocabularyWord))
        .group_by(VocabularyWord.deck).order_by(VocabularyWord.deck))
    return [(deck, db.session.get(VocabularyWord, first).deck_title, count) for deck, first, count in rows]


def due_counts(user_id: int, now: datetime) -> dict[str, int]:
    """How many question and word cards are due today."""
    _start, until = today_bounds(now)
    rows = db.session.execute(select(ReviewCard.item_type, func.count(ReviewCard.id)).where(
        ReviewCard.user_id == user_id, ReviewCard.due_at < until).group_by(ReviewCard.item_type))
    counts = dict(rows.all())
    return {"questions": counts.get(QUESTION, 0),
            "words": counts.get(WORD_FROM_LATVIAN, 0) + counts.get(WORD_TO_LATVIAN, 0)}


def deck_exists(deck: str) -> bool:
    return db.session.scalar(select(VocabularyWord.id).where(
        VocabularyWord.deck == deck, *live(VocabularyWord)).limit(1)) is not None


def deck_title(deck: str) -> dict:
    return db.session.scalar(select(VocabularyWord.deck_title).where(VocabularyWord.deck == deck).limit(1)) or {}


def deck_word(deck: str, word_id: str | None) -> VocabularyWord | None:
    """A word of this deck by id, or None (unknown, or another deck's)."""
    word = db.session.get(VocabularyWord, word_id) if word_id is not None else None
    return word if word is not None and word.deck == deck else None


def record_word_card(user_id: int, direction: str, word: VocabularyWord, knew: bool, now: datetime) -> None:
    """The learner rated a flashcard: its card is rated and it counts towards today's goal."""
    record_review(user_id, word_card_type(direction), word.id, knew, now)
    count_towards_goal(user_id, now)
    db.session.commit()

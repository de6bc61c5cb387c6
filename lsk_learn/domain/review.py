"""Spaced review with FSRS (the `fsrs` package): every answered question becomes a card.

A wrong answer is rated Again, a right one Good. The daily queue holds the cards due by the end of
the learner's day. Far from the planned exam date, the queue is in due order (the scheduler's own
priority); within EXAM_RUSH_DAYS of it, the weakest cards (lowest recall probability) come first,
so the last weeks go to what the learner is most likely to get wrong.
"""
from dataclasses import dataclass
from datetime import date, datetime

from fsrs import Card, Rating, Scheduler

EXAM_RUSH_DAYS = 30
# No fuzzing, so a schedule is reproducible. No (re)learning steps: fsrs's default steps of 1 and 10
# minutes suit flashcards drilled in one sitting, but a quiz question answered once in a practice
# session should come back on a later day, not ten minutes later.
SCHEDULER_SETTINGS = {"enable_fuzzing": False, "learning_steps": (), "relearning_steps": ()}
SCHEDULER = Scheduler(**SCHEDULER_SETTINGS)


# fsrs's own card id is not used here (a ReviewCard row is keyed by learner and item). Giving one
# skips the 1 ms fsrs sleeps in Card() to keep generated ids apart: 18 ms per mock exam submit,
# spent holding the attempt's lock (issue 13's profile of exam day showed it).
UNUSED_FSRS_CARD_ID = 0


def new_card() -> dict:
    """A fresh card as stored (fsrs's own dict form)."""
    return Card(card_id=UNUSED_FSRS_CARD_ID).to_dict()


def review(card_state: dict, right: bool, when: datetime) -> dict:
    """The card's state after one answer given at `when`."""
    card, _log = SCHEDULER.review_card(Card.from_dict(card_state), Rating.Good if right else Rating.Again, when)
    return card.to_dict()


def due_at(card_state: dict) -> datetime:
    return Card.from_dict(card_state).due


def retrievability(card_state: dict, when: datetime) -> float:
    return SCHEDULER.get_card_retrievability(Card.from_dict(card_state), when)


@dataclass(frozen=True)
class DueCard:
    item_id: str
    state: dict


def review_queue(cards: list[DueCard], now: datetime, end_of_day: datetime,
                 exam_date: date | None) -> list[DueCard]:
    """The cards to review today, in the order to show them."""
    due = [c for c in cards if due_at(c.state) <= end_of_day]
    rush = exam_date is not None and (exam_date - now.date()).days <= EXAM_RUSH_DAYS
    if rush:
        return sorted(due, key=lambda c: (retrievability(c.state, now), c.item_id))
    return sorted(due, key=lambda c: (due_at(c.state), c.item_id))

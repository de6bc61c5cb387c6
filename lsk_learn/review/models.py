"""FSRS cards: one per learner and item (a question, or a vocabulary word in one direction)."""
from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..core.types import UTCDateTime
from ..extensions import db

QUESTION = "question"
WORD_FROM_LATVIAN = "word:lv"     # shown in Latvian, recall the meaning
WORD_TO_LATVIAN = "word:to-lv"    # shown the meaning, recall the Latvian


class ReviewCard(db.Model):
    __tablename__ = "review_card"
    __table_args__ = (UniqueConstraint("user_id", "item_type", "item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    item_type: Mapped[str] = mapped_column(String(16))
    item_id: Mapped[str] = mapped_column(String(64))
    state: Mapped[dict] = mapped_column(JSON)                    # fsrs Card.to_dict()
    due_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviews: Mapped[int] = mapped_column(default=0)
    lapses: Mapped[int] = mapped_column(default=0)


class ReviewDay(db.Model):
    """One learner's work towards the daily goal on one Latvian day. The goal is kept as it was that
    day, so changing it later does not rewrite a past day (or break a streak)."""

    __tablename__ = "review_day"

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)
    answered: Mapped[int] = mapped_column(Integer, default=0)    # questions and word cards
    new_cards: Mapped[int] = mapped_column(Integer, default=0)   # questions back for the first time
    goal: Mapped[int] = mapped_column(Integer)

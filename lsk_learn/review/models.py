"""FSRS cards: one per learner and item (a question, or a vocabulary word in one direction); the
daily goal; and the question sessions that both practice (learn) and review rounds run."""
from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.time import utcnow
from ..core.types import UTCDateTime
from ..extensions import db

QUESTION = "question"
WORD_FROM_LATVIAN = "word:lv"     # shown in Latvian, recall the meaning
WORD_TO_LATVIAN = "word:to-lv"    # shown the meaning, recall the Latvian

PRACTICE, REVIEW = "practice", "review"  # PracticeSession.mode: a topic practice, a review round


class PracticeSession(db.Model):
    """A run of questions drawn at the start: a topic practice (learn) or a review round (here).
    It lives with review because a review round is one; learn, above, shows and answers both."""

    __tablename__ = "practice_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    topic_id: Mapped[str | None] = mapped_column(ForeignKey("topic.id"))  # None: a mixed review session
    mode: Mapped[str] = mapped_column(String(16), default=PRACTICE, server_default=PRACTICE)
    question_ids: Mapped[list] = mapped_column(JSON)  # drawn at the start, in order
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    # learn.models.PracticeAnswer, named by string so that review does not import learn
    answers: Mapped[list["PracticeAnswer"]] = relationship(  # noqa: F821
        back_populates="session", order_by="PracticeAnswer.position", lazy="selectin"
    )

    @property
    def size(self) -> int:
        return len(self.question_ids)

    def next_position(self) -> int | None:
        """The first question not answered yet, or None when all are."""
        answered = {a.position for a in self.answers}
        return next((i for i in range(self.size) if i not in answered), None)


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

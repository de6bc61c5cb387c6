"""Practice sessions and every answer a learner gives."""
from datetime import datetime

from sqlalchemy import JSON, Float, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.time import utcnow
from ..core.types import UTCDateTime
from ..extensions import db


PRACTICE, REVIEW = "practice", "review"


class PracticeSession(db.Model):
    __tablename__ = "practice_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    topic_id: Mapped[str | None] = mapped_column(ForeignKey("topic.id"))  # None: a mixed review session
    mode: Mapped[str] = mapped_column(String(16), default=PRACTICE, server_default=PRACTICE)
    question_ids: Mapped[list] = mapped_column(JSON)  # drawn at the start, in order
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    finished_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    answers: Mapped[list["PracticeAnswer"]] = relationship(
        back_populates="session", order_by="PracticeAnswer.position", lazy="selectin"
    )

    @property
    def size(self) -> int:
        return len(self.question_ids)

    def next_position(self) -> int | None:
        """The first question not answered yet, or None when all are."""
        answered = {a.position for a in self.answers}
        return next((i for i in range(self.size) if i not in answered), None)


class PracticeAnswer(db.Model):
    """One answer, stored the moment it is submitted; unique per session and position."""

    __tablename__ = "practice_answer"
    # (user, time) serves "was this person active in the period?" in reports without a scan
    __table_args__ = (UniqueConstraint("session_id", "position"),
                      Index("ix_practice_answer_user_answered", "user_id", "answered_at"))

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("practice_session.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))  # indexed with answered_at below
    question_id: Mapped[str] = mapped_column(ForeignKey("question.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    response: Mapped[object] = mapped_column(JSON)
    is_correct: Mapped[bool]
    score: Mapped[float] = mapped_column(Float)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    session: Mapped[PracticeSession] = relationship(back_populates="answers")


class HelpUse(db.Model):
    """A learner opened the translation of a question or its explanation in practice, so teachers
    can see who leans on their own language."""

    __tablename__ = "help_use"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    question_id: Mapped[str] = mapped_column(ForeignKey("question.id"))
    kind: Mapped[str] = mapped_column(String(16))  # question | explanation | passage
    used_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

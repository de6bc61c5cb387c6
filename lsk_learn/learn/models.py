"""Every answer a learner gives in a session, their uses of the translation help, and lesson progress.
The session itself (PracticeSession) is review's, since a review round is one too."""
from datetime import datetime

from sqlalchemy import JSON, Float, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.time import utcnow
from ..core.types import UTCDateTime
from ..extensions import db
from ..review.models import PracticeSession


class PracticeAnswer(db.Model):
    """One answer, stored the moment it is submitted; unique per session and position."""

    __tablename__ = "practice_answer"
    # (user, time) serves "was this person active in the period?" in reports without a scan
    __table_args__ = (UniqueConstraint("session_id", "position"),
                      Index("ix_practice_answer_user_answered", "user_id", "answered_at"),
                      # an answer given offline is sent until the phone hears it arrived: a resend is recognised
                      UniqueConstraint("user_id", "client_id", name="uq_practice_answer_user_client"))

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("practice_session.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))  # indexed with answered_at below
    question_id: Mapped[str] = mapped_column(ForeignKey("question.id"), index=True)
    # the version of the question answered (bank/versions.py), for statistics per version
    question_version_id: Mapped[int | None] = mapped_column(ForeignKey("question_version.id"))
    position: Mapped[int] = mapped_column(Integer)
    response: Mapped[object] = mapped_column(JSON)
    is_correct: Mapped[bool]
    score: Mapped[float] = mapped_column(Float)
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    # the UUID the phone gave an answer given offline (lsk_learn/offline/); None for answers given online
    client_id: Mapped[str | None] = mapped_column(String(36))

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


class LessonProgress(db.Model):
    """A learner opened a lesson, and perhaps marked it read; teachers see it."""

    __tablename__ = "lesson_progress"
    __table_args__ = (UniqueConstraint("user_id", "lesson_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    lesson_id: Mapped[str] = mapped_column(ForeignKey("lesson.id"))
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

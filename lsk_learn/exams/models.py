"""Mock exam attempts: the drawn items, the answers (saved as given), and part results."""
from datetime import datetime

from sqlalchemy import JSON, Float, ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.time import utcnow
from ..core.types import UTCDateTime
from ..extensions import db

IN_PROGRESS, SUBMITTED = "in_progress", "submitted"


class ExamAttempt(db.Model):
    __tablename__ = "exam_attempt"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))         # knowledge | language
    parts: Mapped[list] = mapped_column(JSON)             # the parts sat in this attempt
    settings: Mapped[dict] = mapped_column(JSON)          # the rules in force when it started
    status: Mapped[str] = mapped_column(String(16), default=IN_PROGRESS)
    started_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    deadline_at: Mapped[datetime] = mapped_column(UTCDateTime)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    retake_of_id: Mapped[int | None] = mapped_column(ForeignKey("exam_attempt.id"))

    items: Mapped[list["ExamItem"]] = relationship(order_by="ExamItem.position", lazy="selectin",
                                                   back_populates="attempt")
    results: Mapped[list["ExamPartResult"]] = relationship(lazy="selectin", back_populates="attempt")

    def result_of(self, part: str) -> "ExamPartResult | None":
        return next((r for r in self.results if r.part == part), None)


class ExamItem(db.Model):
    """One thing to answer: a question, the anthem, or a writing/speaking task."""

    __tablename__ = "exam_item"
    __table_args__ = (UniqueConstraint("attempt_id", "position"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("exam_attempt.id"), index=True)
    part: Mapped[str] = mapped_column(String(16))
    position: Mapped[int] = mapped_column(Integer)        # 0-based across the attempt
    question_id: Mapped[str | None] = mapped_column(ForeignKey("question.id"))
    task_id: Mapped[str | None] = mapped_column(ForeignKey("bank_task.id"))
    # the version of the question shown (bank/versions.py): results show it as it was sat
    question_version_id: Mapped[int | None] = mapped_column(ForeignKey("question_version.id"))

    attempt: Mapped[ExamAttempt] = relationship(back_populates="items")


class ExamAnswer(db.Model):
    """The learner's current answer to an item: one row per item, updated until submission."""

    __tablename__ = "exam_answer"
    __table_args__ = (UniqueConstraint("item_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("exam_attempt.id"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("exam_item.id"))
    response: Mapped[object] = mapped_column(JSON)
    is_correct: Mapped[bool | None]
    answered_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ExamPartResult(db.Model):
    """A part's score and verdict; `passed` is None while a teacher has still to grade it."""

    __tablename__ = "exam_part_result"
    __table_args__ = (UniqueConstraint("attempt_id", "part"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("exam_attempt.id"))
    part: Mapped[str] = mapped_column(String(16))
    score: Mapped[float | None] = mapped_column(Float)
    max_score: Mapped[float] = mapped_column(Float)
    passed: Mapped[bool | None]
    details: Mapped[dict] = mapped_column(JSON, default=dict)
    graded_by_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    graded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    attempt: Mapped[ExamAttempt] = relationship(back_populates="results")

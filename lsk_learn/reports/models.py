"""Programmes with their completion definitions, real exam outcomes, and the export audit log."""
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..core.time import utcnow
from ..core.types import UTCDateTime
from ..extensions import db


class Programme(db.Model):
    """A funded programme; its cohorts are counted together and share one definition of completion."""

    __tablename__ = "programme"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(160), unique=True)
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    # completion: every condition that is set must hold (None / False: not required)
    min_sessions_attended: Mapped[int | None] = mapped_column(Integer)
    min_lessons_percent: Mapped[int | None] = mapped_column(Integer)   # of the lessons assigned to the person
    require_knowledge_mock_pass: Mapped[bool] = mapped_column(Boolean, default=False)
    require_language_mock_pass: Mapped[bool] = mapped_column(Boolean, default=False)


OUTCOME_KINDS = ("registered", "language", "knowledge", "citizenship")


class ExamOutcome(db.Model):
    """A real-world event: registered for the exam, a language or knowledge test taken (with parts
    for the knowledge test), or citizenship granted."""

    __tablename__ = "exam_outcome"
    __table_args__ = (Index("ix_exam_outcome_kind_date", "kind", "happened_on"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    happened_on: Mapped[date] = mapped_column(Date, index=True)
    passed: Mapped[bool | None]
    parts: Mapped[dict] = mapped_column(JSON, default=dict)   # knowledge: {"history": true, "satversme": false, ...}
    note: Mapped[str | None] = mapped_column(Text)
    recorded_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ExportLog(db.Model):
    """Who exported which report, when, with which filters."""

    __tablename__ = "export_log"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    exported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    format: Mapped[str] = mapped_column(String(8))       # csv | xlsx
    scope: Mapped[str] = mapped_column(String(16))       # summary | people
    filters: Mapped[dict] = mapped_column(JSON)

"""Course cohorts: learners with their teachers, enrolments (history kept), notes, attendance and
assignments."""
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.time import utcnow
from ..core.types import UTCDateTime
from ..extensions import db


class Cohort(db.Model):
    __tablename__ = "cohort"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120))
    municipality: Mapped[str] = mapped_column(String(80))
    starts_on: Mapped[date] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    schedule: Mapped[str | None] = mapped_column(Text)          # e.g. "Tuesdays and Thursdays 10:00–12:00"
    target_groups: Mapped[list] = mapped_column(JSON, default=list)  # codes of the groups it serves
    join_code: Mapped[str | None] = mapped_column(String(12), unique=True)
    programme_id: Mapped[int | None] = mapped_column(ForeignKey("programme.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    teachers: Mapped[list["CohortTeacher"]] = relationship(lazy="selectin", cascade="all, delete-orphan")


class CohortTeacher(db.Model):
    __tablename__ = "cohort_teacher"
    __table_args__ = (UniqueConstraint("cohort_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id"))
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"))


class Enrolment(db.Model):
    """A learner's membership of a cohort; `left_at` set when moved, so history is kept."""

    __tablename__ = "enrolment"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    enrolled_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    left_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class TeacherNote(db.Model):
    __tablename__ = "teacher_note"

    id: Mapped[int] = mapped_column(primary_key=True)
    learner_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id"))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AttendanceSession(db.Model):
    """An in-person class meeting of a cohort."""

    __tablename__ = "attendance_session"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id"), index=True)
    held_on: Mapped[date] = mapped_column(Date)
    topic: Mapped[str | None] = mapped_column(String(200))
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AttendanceMark(db.Model):
    __tablename__ = "attendance_mark"
    __table_args__ = (UniqueConstraint("session_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    session_id: Mapped[int] = mapped_column(ForeignKey("attendance_session.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), index=True)
    present: Mapped[bool] = mapped_column(Boolean)


class Assignment(db.Model):
    """Work set for a cohort (or chosen learners of it) with a due date."""

    __tablename__ = "assignment"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohort.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))        # lesson | practice | mock_exam
    target: Mapped[str] = mapped_column(String(80))      # lesson id, topic id, or exam kind
    due_on: Mapped[date | None] = mapped_column(Date)
    learner_ids: Mapped[list] = mapped_column(JSON, default=list)  # empty: the whole cohort
    created_by_id: Mapped[int] = mapped_column(ForeignKey("user.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ProgrammeItemStats(db.Model):
    """The whole programme's item statistics (every learner's latest answers), as last computed:
    at 10,000 learners the computation reads ~1.5 million answers (about 9 s), too much for a
    page request. `flask stats refresh` (hourly timer) replaces all rows in one transaction."""

    __tablename__ = "programme_item_stats"

    question_id: Mapped[str] = mapped_column(String(40), ForeignKey("question.id"), primary_key=True)
    rank: Mapped[int] = mapped_column(index=True)              # 0: most often wrong
    answered: Mapped[int]
    wrong: Mapped[int]
    facility: Mapped[float]
    discrimination: Mapped[float | None]
    common_wrong_choice: Mapped[str | None] = mapped_column(Text)
    common_wrong_count: Mapped[int]
    has_common_wrong: Mapped[bool] = mapped_column(Boolean)
    common_wrong_response: Mapped[object | None] = mapped_column(JSON)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime)

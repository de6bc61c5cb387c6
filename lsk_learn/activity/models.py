"""One row per person and Latvian calendar day on which they did something (domain/activity.py
says what counts), and one per person and month in which they were active or attended a class.
Kept up to date on write by tracking.py and months.py, in the writing transaction."""
from datetime import date

from sqlalchemy import Date, ForeignKey, Index, Integer
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class DailyActivity(db.Model):
    __tablename__ = "daily_activity"
    # the days of every person at once: the report's partial months at a period's edges
    __table_args__ = (Index("ix_daily_activity_day", "day"),)

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)         # Riga's date (core.time.RIGA)
    answers: Mapped[int] = mapped_column(Integer, default=0)           # practice and review answers
    correct: Mapped[int] = mapped_column(Integer, default=0)           # of those, right
    practice_sessions: Mapped[int] = mapped_column(Integer, default=0)  # sessions started (practice, review)
    lessons_opened: Mapped[int] = mapped_column(Integer, default=0)     # lessons opened the first time
    lessons_done: Mapped[int] = mapped_column(Integer, default=0)       # lessons marked read
    exams_started: Mapped[int] = mapped_column(Integer, default=0)      # mock exams started


class MonthlyActivity(db.Model):
    """The funder report's "active learners" per month without grouping every person-day and
    attendance mark again (issue 13). A row exists while one of its counts is above 0."""
    __tablename__ = "monthly_activity"

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), primary_key=True)
    month: Mapped[date] = mapped_column(Date, primary_key=True)        # the month's first day (Riga's calendar)
    activities: Mapped[int] = mapped_column(Integer, default=0)   # daily_activity's ACTIVE_COUNTERS, summed
    attendances: Mapped[int] = mapped_column(Integer, default=0)  # present marks at classes held in the month

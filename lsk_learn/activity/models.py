"""One row per person and Latvian calendar day on which they did something (domain/activity.py
says what counts). Kept up to date on write by tracking.py, in the writing transaction."""
from datetime import date

from sqlalchemy import Date, ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db


class DailyActivity(db.Model):
    __tablename__ = "daily_activity"

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), primary_key=True)
    day: Mapped[date] = mapped_column(Date, primary_key=True)         # Riga's date (core.time.RIGA)
    answers: Mapped[int] = mapped_column(Integer, default=0)           # practice and review answers
    correct: Mapped[int] = mapped_column(Integer, default=0)           # of those, right
    practice_sessions: Mapped[int] = mapped_column(Integer, default=0)  # sessions started (practice, review)
    lessons_opened: Mapped[int] = mapped_column(Integer, default=0)     # lessons opened the first time
    lessons_done: Mapped[int] = mapped_column(Integer, default=0)       # lessons marked read
    exams_started: Mapped[int] = mapped_column(Integer, default=0)      # mock exams started

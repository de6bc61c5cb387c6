"""What the exam rules and the reports need to know about a learner."""
from datetime import date

from sqlalchemy import JSON, Date, ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column

from ..domain.exam_rules import ExamProfile
from ..extensions import db


class LearnerProfile(db.Model):
    __tablename__ = "learner_profile"

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), primary_key=True)
    birth_year: Mapped[int | None] = mapped_column(Integer)
    exemptions: Mapped[list] = mapped_column(JSON, default=list)
    planned_exam_date: Mapped[date | None] = mapped_column(Date)

    def exam_profile(self) -> ExamProfile:
        return ExamProfile(self.birth_year, frozenset(self.exemptions or ()))

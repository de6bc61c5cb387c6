"""What the exam rules and the reports need to know about a learner, and the managed lists."""
from datetime import date, datetime

from sqlalchemy import JSON, Boolean, Date, ForeignKey, Integer, String, text
from sqlalchemy.ext.associationproxy import association_proxy
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.types import UTCDateTime
from ..domain.daily_goal import DEFAULT_GOAL
from ..domain.exam_rules import ExamProfile
from ..extensions import db


class Municipality(db.Model):
    """The managed list of municipalities (the programme's five first)."""

    __tablename__ = "municipality"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80), unique=True)
    position: Mapped[int] = mapped_column(Integer, default=100)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class TargetGroup(db.Model):
    """The managed list of target groups; a participant may belong to several."""

    __tablename__ = "target_group"

    code: Mapped[str] = mapped_column(String(30), primary_key=True)
    names: Mapped[dict] = mapped_column(JSON)  # {"lv": ..., "ru": ..., "en": ...}
    position: Mapped[int] = mapped_column(Integer, default=100)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class LearnerTargetGroup(db.Model):
    """A participant's membership of a target group: a table, so reports can count it in SQL."""

    __tablename__ = "learner_target_group"

    user_id: Mapped[int] = mapped_column(ForeignKey("learner_profile.user_id"), primary_key=True)
    code: Mapped[str] = mapped_column(ForeignKey("target_group.code"), primary_key=True, index=True)


class LearnerProfile(db.Model):
    __tablename__ = "learner_profile"

    user_id: Mapped[int] = mapped_column(ForeignKey("user.id"), primary_key=True)
    birth_year: Mapped[int | None] = mapped_column(Integer)
    exemptions: Mapped[list] = mapped_column(JSON, default=list)
    planned_exam_date: Mapped[date | None] = mapped_column(Date)
    municipality_id: Mapped[int | None] = mapped_column(ForeignKey("municipality.id"))
    main_language: Mapped[str | None] = mapped_column(String(30))
    phone: Mapped[str | None] = mapped_column(String(40))
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    consent_purpose: Mapped[str | None] = mapped_column(String(200))
    # questions a day the learner means to answer (set on the revision page)
    daily_goal: Mapped[int] = mapped_column(Integer, default=DEFAULT_GOAL, server_default=text(str(DEFAULT_GOAL)))

    group_links: Mapped[list[LearnerTargetGroup]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by=LearnerTargetGroup.code)
    # the codes of the person's target groups, e.g. ["non_citizen", "senior"]
    target_groups = association_proxy("group_links", "code", creator=lambda code: LearnerTargetGroup(code=code))

    def exam_profile(self) -> ExamProfile:
        return ExamProfile(self.birth_year, frozenset(self.exemptions or ()))

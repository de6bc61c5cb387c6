"""Who may see and manage which cohort: the one place these rules live.

Teachers see and manage only the cohorts they teach; administrators all of them; coordinators may
look at every cohort (for reports and exam outcomes) but not change it. Anything else is a 404, so
guessing ids reveals nothing.
"""
from flask import abort
from sqlalchemy import select

from ..auth.models import User
from ..auth.roles import WHOLE_PROGRAMME, Role
from ..extensions import db
from .models import Cohort, CohortTeacher, Enrolment


def visible_cohort_ids(user: User) -> set[int] | None:
    """Ids of the cohorts `user` may see; None means all."""
    if user.role in WHOLE_PROGRAMME:
        return None
    return set(db.session.scalars(select(CohortTeacher.cohort_id).where(CohortTeacher.user_id == user.id)))


def can_manage(user: User, cohort: Cohort) -> bool:
    if user.role == Role.ADMIN:
        return True
    return user.role == Role.TEACHER and any(t.user_id == user.id for t in cohort.teachers)


def cohort_or_404(cohort_id: int, user: User, manage: bool = False) -> Cohort:
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None:
        abort(404)
    visible = visible_cohort_ids(user)
    if visible is not None and cohort.id not in visible:
        abort(404)
    if manage and not can_manage(user, cohort):
        abort(404 if user.role != Role.COORDINATOR else 403)
    return cohort


def learner_in_cohort_or_404(cohort: Cohort, learner_id: int) -> User:
    """A learner who is or was enrolled in the cohort (moved learners keep their history)."""
    enrolled = db.session.scalar(select(Enrolment.id).where(
        Enrolment.cohort_id == cohort.id, Enrolment.user_id == learner_id).limit(1))
    learner = db.session.get(User, learner_id) if enrolled else None
    if learner is None or learner.role != Role.LEARNER:
        abort(404)
    return learner


def can_see_learner(user: User, learner_id: int) -> bool:
    """Staff may see a learner who is in (or was in) one of the cohorts they may see."""
    visible = visible_cohort_ids(user)
    query = select(Enrolment.id).where(Enrolment.user_id == learner_id)
    if visible is not None:
        query = query.where(Enrolment.cohort_id.in_(visible))
    return db.session.scalar(query.limit(1)) is not None


def is_current_member(cohort_id: int, learner_id: int) -> bool:
    return db.session.scalar(select(Enrolment.id).where(
        Enrolment.cohort_id == cohort_id, Enrolment.user_id == learner_id, Enrolment.left_at.is_(None)).limit(1)) is not None


def may_change_person(user: User, cohort: Cohort, learner_id: int) -> bool:
    """Personal details, notes and moves belong to the learner's current group: once a learner has
    moved on, the former teacher keeps their history read-only. Administrators may always;
    coordinators may correct details (notes and moves are refused to them elsewhere)."""
    if user.role in WHOLE_PROGRAMME:
        return True
    return can_manage(user, cohort) and is_current_member(cohort.id, learner_id)

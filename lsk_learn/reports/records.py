"""What coordinators record: programmes with their completion definitions and groups, and real
exam outcomes of the learners they may see."""
from datetime import date, datetime

from sqlalchemy import select

from ..auth.models import User
from ..auth.roles import Role
from ..cohorts.access import visible_cohort_ids
from ..cohorts.models import Cohort, Enrolment
from ..core.collation import latvian_sorted
from ..extensions import db
from .models import ExamOutcome, Programme
from .services import by_name

PROGRAMME_FIELDS = ("name", "starts_on", "ends_on", "min_sessions_attended", "min_lessons_percent",
                    "require_knowledge_mock_pass", "require_language_mock_pass")
TESTS = ("language", "knowledge")  # the outcomes that are passed or not


def programmes() -> list[Programme]:
    return by_name(select(Programme))


def cohorts() -> list[Cohort]:
    return by_name(select(Cohort))


def save_programme(item: Programme | None, data: dict, cohort_ids: set[int]) -> Programme | None:
    """Create or update a programme; its groups become exactly `cohort_ids`. None (nothing saved)
    if another programme has this name."""
    name = data["name"].strip()
    taken = db.session.scalar(select(Programme.id).where(Programme.name == name))
    if taken and taken != (item.id if item else None):
        return None
    item = item or Programme()
    for key in PROGRAMME_FIELDS:
        setattr(item, key, data[key])
    item.name = name
    db.session.add(item)
    db.session.flush()
    for cohort in cohorts():
        if cohort.id in cohort_ids:
            cohort.programme_id = item.id
        elif cohort.programme_id == item.id:
            cohort.programme_id = None
    db.session.commit()
    return item


def outcome_learners(user: User) -> list[tuple[int, str]]:
    """Learners `user` may record outcomes for: a teacher's own groups, everyone for coordinators."""
    visible = visible_cohort_ids(user)
    query = select(User.id, User.display_name).where(User.role == Role.LEARNER)
    if visible is not None:
        query = query.where(User.id.in_(select(Enrolment.user_id).where(Enrolment.cohort_id.in_(visible or {-1}))))
    return latvian_sorted([(uid, name) for uid, name in db.session.execute(query)], lambda row: row[1])


def record_outcome(learner_id: int, kind: str, happened_on: date, passed: bool, parts: dict[str, bool],
                   note: str | None, recorded_by_id: int, now: datetime) -> None:
    """`passed` counts for the tests only, `parts` for the knowledge test only."""
    db.session.add(ExamOutcome(user_id=learner_id, kind=kind, happened_on=happened_on,
                               passed=passed if kind in TESTS else None, parts=parts if kind == "knowledge" else {},
                               note=note, recorded_by_id=recorded_by_id, recorded_at=now))
    db.session.commit()


def recent_outcomes(learner_ids: list[int], limit: int = 100) -> list[tuple[ExamOutcome, str]]:
    return list(db.session.execute(
        select(ExamOutcome, User.display_name).join(User, User.id == ExamOutcome.user_id)
        .where(ExamOutcome.user_id.in_(learner_ids or [-1])).order_by(ExamOutcome.happened_on.desc()).limit(limit)).tuples())

"""What the privacy pages load and do beyond own_data, erasure and audit_log."""
from datetime import datetime

from sqlalchemy import select

from ..auth.models import User
from ..auth.roles import Role
from ..cohorts.models import Cohort, Enrolment
from ..extensions import db
from .erasure import NotErasable, erase_person


def learner(user_id: int) -> User | None:
    """The learner account with this id (erased or not); None for staff or nobody."""
    person = db.session.get(User, user_id)
    return person if person is not None and person.role == Role.LEARNER else None


def group_names(user_id: int) -> list[str]:
    """The groups the person was ever enrolled in, in the order they joined."""
    return list(db.session.scalars(select(Cohort.name).join(Enrolment, Enrolment.cohort_id == Cohort.id)
                                   .where(Enrolment.user_id == user_id).order_by(Enrolment.enrolled_at)))


def erase(user_id: int, actor_id: int, now: datetime) -> None:
    """Erase the person; nothing happens if someone else erased them a moment ago."""
    try:
        erase_person(user_id, actor_id, now)
    except NotErasable:
        db.session.rollback()

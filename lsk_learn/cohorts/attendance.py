"""Attendance of in-person sessions: create, mark everyone on one screen, edit, export."""
from datetime import date

from sqlalchemy import select

from ..auth.models import User
from ..core.collation import latvian_key
from ..extensions import db
from .models import AttendanceMark, AttendanceSession
from .services import current_learners


def sessions_of(cohort_id: int) -> list[tuple[AttendanceSession, int, int]]:
    """Sessions newest first, with present and marked counts."""
    sessions = list(db.session.scalars(select(AttendanceSession).where(AttendanceSession.cohort_id == cohort_id)
                                       .order_by(AttendanceSession.held_on.desc(), AttendanceSession.id.desc())))
    marks: dict[int, list[bool]] = {}
    for session_id, present in db.session.execute(select(AttendanceMark.session_id, AttendanceMark.present).where(
            AttendanceMark.session_id.in_([s.id for s in sessions] or [-1]))):
        marks.setdefault(session_id, []).append(present)
    return [(s, sum(marks.get(s.id, [])), len(marks.get(s.id, []))) for s in sessions]


def session_in(cohort_id: int, session_id: int) -> AttendanceSession | None:
    """The session if it belongs to the cohort, else None."""
    session = db.session.get(AttendanceSession, session_id)
    return session if session is not None and session.cohort_id == cohort_id else None


def create_session(cohort_id: int, held_on: date, topic: str | None, author_id: int) -> AttendanceSession:
    session = AttendanceSession(cohort_id=cohort_id, held_on=held_on, topic=topic, created_by_id=author_id)
    db.session.add(session)
    db.session.commit()
    return session


def marks_for(session: AttendanceSession) -> dict[int, bool]:
    return dict(db.session.execute(select(AttendanceMark.user_id, AttendanceMark.present)
                                   .where(AttendanceMark.session_id == session.id)).all())


def learners_for_marking(session: AttendanceSession) -> list[User]:
    """Current learners, plus anyone marked before who has since left (so old marks stay visible)."""
    learners = {u.id: u for u in current_learners(session.cohort_id)}
    marked = set(marks_for(session)) - set(learners)
    for user in db.session.scalars(select(User).where(User.id.in_(marked or {-1}))):
        learners[user.id] = user
    return sorted(learners.values(), key=lambda u: latvian_key(u.display_name))


def must_confirm(listed: set[int], present: set[int], confirmed: bool) -> bool:
    """Saving a whole group as absent is asked about first: it is more often a form sent too
    early than a session nobody came to."""
    return bool(listed) and not present and not confirmed


def save_marks(session: AttendanceSession, learner_ids: list[int], present_ids: set[int]) -> None:
    """Everyone listed is marked present or absent; a learner not listed keeps their mark."""
    existing = {m.user_id: m for m in db.session.scalars(select(AttendanceMark).where(AttendanceMark.session_id == session.id))}
    for learner_id in learner_ids:
        mark = existing.get(learner_id)
        if mark is None:
            db.session.add(AttendanceMark(session_id=session.id, user_id=learner_id, present=learner_id in present_ids))
        else:
            mark.present = learner_id in present_ids
    db.session.commit()


def attendance_table(cohort_id: int) -> tuple[list[AttendanceSession], list[User], dict[tuple[int, int], bool]]:
    """Sessions (oldest first), learners, and each (session, learner) mark, for the export."""
    sessions = list(db.session.scalars(select(AttendanceSession).where(AttendanceSession.cohort_id == cohort_id)
                                       .order_by(AttendanceSession.held_on, AttendanceSession.id)))
    marks = {(s, u): p for s, u, p in db.session.execute(
        select(AttendanceMark.session_id, AttendanceMark.user_id, AttendanceMark.present)
        .where(AttendanceMark.session_id.in_([s.id for s in sessions] or [-1])))}
    learner_ids = {u for _s, u in marks} | {u.id for u in current_learners(cohort_id)}
    learners = sorted(db.session.scalars(select(User).where(User.id.in_(learner_ids or {-1}))),
                      key=lambda u: latvian_key(u.display_name))
    return sessions, learners, marks

"""Retention: learner accounts with no sign-in and no activity for longer than
LSK_RETENTION_MONTHS are listed, and erased on request (`flask privacy retention --apply`)."""
import calendar
from dataclasses import dataclass
from datetime import datetime, time, timezone

from sqlalchemy import func, select

from ..auth.models import User
from ..auth.roles import Role
from ..cohorts.models import AttendanceMark, AttendanceSession, Enrolment
from ..exams.models import ExamAttempt
from ..extensions import db
from ..learn.models import HelpUse, LessonProgress, PracticeAnswer
from ..security.models import UserSession


def months_before(moment: datetime, months: int) -> datetime:
    """The same day and time `months` calendar months earlier (the 31st becomes the month's last day)."""
    index = moment.year * 12 + moment.month - 1 - months
    year, month = divmod(index, 12)
    day = min(moment.day, calendar.monthrange(year, month + 1)[1])
    return moment.replace(year=year, month=month + 1, day=day)


@dataclass(frozen=True)
class Inactive:
    user_id: int
    username: str
    last_active_at: datetime


def _latest(*moments: datetime | None) -> datetime:
    return max(m for m in moments if m is not None)


def last_activity() -> dict[int, datetime]:
    """Every learner not yet erased and the last moment they did anything: the account's creation,
    a sign-in or a request, an answer, a mock exam, a lesson, a help use, a class attended or an
    enrolment. One grouped query per source, so the cost does not grow with the number of people."""
    sources = [
        select(UserSession.user_id, func.max(UserSession.last_seen_at)).group_by(UserSession.user_id),
        select(PracticeAnswer.user_id, func.max(PracticeAnswer.answered_at)).group_by(PracticeAnswer.user_id),
        select(ExamAttempt.user_id, func.max(ExamAttempt.started_at)).group_by(ExamAttempt.user_id),
        select(LessonProgress.user_id, func.max(LessonProgress.opened_at)).group_by(LessonProgress.user_id),
        select(HelpUse.user_id, func.max(HelpUse.used_at)).group_by(HelpUse.user_id),
        select(Enrolment.user_id, func.max(Enrolment.enrolled_at)).group_by(Enrolment.user_id),
    ]
    latest = {uid: _latest(created, seen) for uid, created, seen in db.session.execute(
        select(User.id, User.created_at, User.last_seen_at).where(User.role == Role.LEARNER, User.erased_at.is_(None)))}
    for query in sources:
        for uid, moment in db.session.execute(query):
            if uid in latest and moment is not None:
                latest[uid] = max(latest[uid], moment)
    attended = (select(AttendanceMark.user_id, func.max(AttendanceSession.held_on))
                .join(AttendanceSession, AttendanceSession.id == AttendanceMark.session_id)
                .where(AttendanceMark.present.is_(True)).group_by(AttendanceMark.user_id))
    for uid, day in db.session.execute(attended):
        if uid in latest and day is not None:
            latest[uid] = max(latest[uid], datetime.combine(day, time.max, timezone.utc))
    return latest


def inactive_learners(now: datetime, months: int) -> list[Inactive]:
    """Learners whose last activity is before `months` months ago, longest inactive first."""
    cutoff = months_before(now, months)
    stale = {uid: moment for uid, moment in last_activity().items() if moment < cutoff}
    names = {uid: name for uid, name in db.session.execute(
        select(User.id, User.username).where(User.id.in_(stale or [-1])))}
    return sorted((Inactive(uid, names[uid], moment) for uid, moment in stale.items()),
                  key=lambda row: (row.last_active_at, row.user_id))

"""A running mock exam keeps its learner signed in: the idle limit must not end a timed sitting
(registered into security/sessions.py at app creation, so security does not import exams)."""
from datetime import datetime

from sqlalchemy import exists, select

from ..extensions import db
from ..security.sessions import keep_alive_while
from .models import IN_PROGRESS, ExamAttempt
from .services import grace_started_before


def exam_running(user_id: int, now: datetime) -> bool:
    """The learner has a mock exam in progress whose time (with the grace period) is not over."""
    return bool(db.session.scalar(select(exists().where(
        ExamAttempt.user_id == user_id, ExamAttempt.status == IN_PROGRESS,
        ExamAttempt.deadline_at >= grace_started_before(now)))))


def init_app(app) -> None:
    keep_alive_while(app, exam_running)

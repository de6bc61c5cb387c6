"""Reading a learner's notifications and marking them read."""
from datetime import datetime

from sqlalchemy import select

from ..extensions import db
from .models import Notification


def unread_notifications(user_id: int) -> list[Notification]:
    """The learner's unread notifications, newest first."""
    return list(db.session.scalars(select(Notification).where(
        Notification.user_id == user_id, Notification.read_at.is_(None)).order_by(Notification.created_at.desc())))


def mark_notifications_read(user_id: int, attempt_id: int, now: datetime) -> None:
    """The learner has seen an exam's results: its notifications are read."""
    for note in unread_notifications(user_id):
        if note.payload.get("attempt_id") == attempt_id:
            note.read_at = now
    db.session.commit()

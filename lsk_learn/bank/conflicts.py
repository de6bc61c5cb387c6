"""Conflicts between the repository's files and edits made in the app, kept for reviewers.

`flask bank sync` never overwrites an in-app edit: where an item changed in both places it changes
nothing and says so. Said on the command line only, a conflict would be lost to the teachers who
made the edit, so each one is recorded here and listed on the authoring home page until a reviewer
marks it decided, or until a later sync finds the two sides agree again (then it closes itself).
"""
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, select
from sqlalchemy.orm import Mapped, mapped_column

from ..core.types import UTCDateTime
from ..extensions import db

QUESTION, LESSON = "question", "lesson"


class SyncConflict(db.Model):
    __tablename__ = "sync_conflict"

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))                   # QUESTION | LESSON
    item_id: Mapped[str] = mapped_column(String(80), index=True)
    message: Mapped[str] = mapped_column(Text)                      # what sync said, in English (a log line)
    detected_at: Mapped[datetime] = mapped_column(UTCDateTime)      # the latest sync that found it
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    resolved_by: Mapped[int | None] = mapped_column(ForeignKey("user.id"))   # None: closed by a sync
    resolution: Mapped[str | None] = mapped_column(Text)


def record_conflicts(found: list[tuple[str, str, str]], now: datetime) -> None:
    """Bring the open conflicts in line with this sync's (kind, item id, message) list: new ones are
    added, those still there get the latest message and time, those gone are closed. Not committed."""
    open_rows = {(row.kind, row.item_id): row for row in db.session.scalars(
        select(SyncConflict).where(SyncConflict.resolved_at.is_(None)))}
    seen = set()
    for kind, item_id, message in found:
        seen.add((kind, item_id))
        row = open_rows.get((kind, item_id))
        if row is None:
            db.session.add(SyncConflict(kind=kind, item_id=item_id, message=message, detected_at=now))
        else:
            row.message, row.detected_at = message, now
    for key, row in open_rows.items():
        if key not in seen:
            row.resolved_at, row.resolution = now, None  # the files and the app agree again


def open_conflicts(limit: int = 200) -> list[SyncConflict]:
    return list(db.session.scalars(select(SyncConflict).where(SyncConflict.resolved_at.is_(None))
                                   .order_by(SyncConflict.detected_at.desc(), SyncConflict.id).limit(limit)))


def resolve_conflict(conflict: SyncConflict, user_id: int, note: str, now: datetime) -> None:
    """A reviewer has decided (kept the app's text, exported it, or took the files'): closed with who and why."""
    conflict.resolved_at, conflict.resolved_by = now, user_id
    conflict.resolution = " ".join((note or "").split())[:1000] or None
    db.session.commit()


def open_conflict(conflict_id: int) -> SyncConflict | None:
    """The conflict if it is still open (a decided one is not decided twice)."""
    conflict = db.session.get(SyncConflict, conflict_id)
    return conflict if conflict is not None and conflict.resolved_at is None else None

"""Every lesson's content as a series of immutable versions (as bank/versions.py does for questions).

The `lesson` row is what learners see: the content of the latest approved version. An edit in the
app is a new draft version; the row keeps the published content until another teacher or an
administrator approves the edit. `flask bank sync` adds a version for each change it brings from
the files (bank/sync_lessons.py). States and origins are those of question versions.
"""
from datetime import datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint, func, select
from sqlalchemy.orm import Mapped, mapped_column

from ..core.time import utcnow
from ..core.types import UTCDateTime
from ..domain.lesson_edit import CONTENT_FIELDS
from ..extensions import db
from .items import content_hash
from .versions import APPROVED, DRAFT, FROM_BANK, FROM_EDITOR, RETURNED, SUBMITTED  # noqa: F401  one set of states


class LessonVersion(db.Model):
    __tablename__ = "lesson_version"
    __table_args__ = (UniqueConstraint("lesson_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    lesson_id: Mapped[str] = mapped_column(ForeignKey("lesson.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)              # 1, 2, ... per lesson
    content: Mapped[dict] = mapped_column(JSON)               # domain.lesson_edit.CONTENT_FIELDS
    content_hash: Mapped[str] = mapped_column(String(64))
    origin: Mapped[str] = mapped_column(String(10))           # FROM_BANK | FROM_EDITOR
    state: Mapped[str] = mapped_column(String(10), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))   # None: the repository
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str | None] = mapped_column(Text)            # the author's "what changed"
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    review_comment: Mapped[str | None] = mapped_column(Text)


def lesson_content(record: dict) -> dict:
    """The content a version stores, from a bank record or a lesson row's fields."""
    return {name: record.get(name) for name in CONTENT_FIELDS}


def lesson_content_of(lesson) -> dict:
    return lesson_content({name: getattr(lesson, name) for name in CONTENT_FIELDS})


def lesson_content_hash(content: dict) -> str:
    return content_hash(lesson_content(content))


def apply_lesson_content(lesson, content: dict) -> None:
    for name in CONTENT_FIELDS:
        setattr(lesson, name, content.get(name))


def latest_lesson_version(lesson_id: str) -> "LessonVersion | None":
    return db.session.scalar(select(LessonVersion).where(LessonVersion.lesson_id == lesson_id)
                             .order_by(LessonVersion.number.desc()).limit(1))


def next_lesson_number(lesson_id: str) -> int:
    latest = db.session.scalar(select(func.max(LessonVersion.number)).where(LessonVersion.lesson_id == lesson_id))
    return (latest or 0) + 1


def add_lesson_version(lesson, number: int, origin: str, state: str, author_id=None, note=None,
                       content: dict | None = None, now: datetime | None = None) -> LessonVersion:
    """A new version of `lesson` (its row's content unless `content` is given); added, not committed."""
    content = lesson_content(content) if content is not None else lesson_content_of(lesson)
    version = LessonVersion(lesson_id=lesson.id, number=number, content=content, content_hash=content_hash(content),
                            origin=origin, state=state, author_id=author_id, note=note, created_at=now or utcnow())
    db.session.add(version)
    return version

"""Every question's content as a series of immutable versions, and flags raised on questions.

The `question` row is what learners see: the content of the latest approved version (or, for a
question never approved, its first draft, which the `live()` filter keeps from learners). Each
change, from `flask bank sync`, the editor or an import, adds a version and never rewrites one:
exam items and practice answers keep the id of the version that was shown, so an old attempt can
show the question as its learner saw it, and item statistics can be counted per version.

States: draft (being written; its author and reviewers see it) -> submitted (waiting for a
reviewer) -> approved (published: copied onto the question row) or returned (with a comment, back
to the author, who edits it into a new draft). A version superseded by a later approval stays
approved: it is history.
"""
from datetime import date, datetime

from sqlalchemy import JSON, ForeignKey, Integer, String, Text, UniqueConstraint, func, select
from sqlalchemy.orm import Mapped, mapped_column

from ..core.time import utcnow
from ..core.types import UTCDateTime
from ..extensions import db
from .models import Question

DRAFT, SUBMITTED, APPROVED, RETURNED = "draft", "submitted", "approved", "returned"
VERSION_STATES = (DRAFT, SUBMITTED, APPROVED, RETURNED)
# where a version came from: the repository's files, the in-app editor, or an imported file
FROM_BANK, FROM_EDITOR, FROM_IMPORT = "bank", "editor", "import"
# the question row's content fields a version holds (the rest of the row is bookkeeping)
CONTENT_FIELDS = ("topic_id", "subtopic", "type", "difficulty", "text", "options", "prompts", "answer",
                  "explanation", "source", "source_url", "articles", "passage_id", "review_by")


class QuestionVersion(db.Model):
    __tablename__ = "question_version"
    __table_args__ = (UniqueConstraint("question_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[str] = mapped_column(ForeignKey("question.id"), index=True)
    number: Mapped[int] = mapped_column(Integer)              # 1, 2, ... per question
    content: Mapped[dict] = mapped_column(JSON)               # CONTENT_FIELDS; review_by as ISO date
    content_hash: Mapped[str] = mapped_column(String(64))
    origin: Mapped[str] = mapped_column(String(10))           # FROM_BANK | FROM_EDITOR | FROM_IMPORT
    state: Mapped[str] = mapped_column(String(10), index=True)
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))   # None: the repository
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    note: Mapped[str | None] = mapped_column(Text)            # the author's "what changed"
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    review_comment: Mapped[str | None] = mapped_column(Text)


class QuestionFlag(db.Model):
    """"Please review this question": raised by a teacher (often from the item statistics),
    cleared by a reviewer."""

    __tablename__ = "question_flag"

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[str] = mapped_column(ForeignKey("question.id"), index=True)
    reasons: Mapped[list] = mapped_column(JSON)               # domain.item_flags codes, and/or "teacher"
    comment: Mapped[str | None] = mapped_column(Text)
    flagged_by: Mapped[int] = mapped_column(ForeignKey("user.id"))
    flagged_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_by: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


def version_content(record: dict) -> dict:
    """The content a version stores, from a bank record or a question's fields (JSON-safe:
    the check-by date as an ISO string)."""
    content = {name: record.get(name) for name in CONTENT_FIELDS}
    if content["review_by"] is not None and not isinstance(content["review_by"], str):
        content["review_by"] = content["review_by"].isoformat()
    return content


def content_of(question) -> dict:
    """A question row's content as a version stores it."""
    return version_content({name: getattr(question, name) for name in CONTENT_FIELDS})


def apply_content(question, content: dict) -> None:
    """Set a version's content on a question row (or a copy of one)."""
    for name in CONTENT_FIELDS:
        value = content.get(name)
        setattr(question, name, date.fromisoformat(value) if name == "review_by" and value else value)


def latest_version(question_id: str) -> "QuestionVersion | None":
    return db.session.scalar(select(QuestionVersion).where(QuestionVersion.question_id == question_id)
                             .order_by(QuestionVersion.number.desc()).limit(1))


def published_versions(question_ids) -> dict[str, int]:
    """question id -> the id of its latest approved version (what a learner is shown now)."""
    ids = sorted(set(question_ids))
    if not ids:
        return {}
    return dict(db.session.execute(
        select(QuestionVersion.question_id, func.max(QuestionVersion.id))
        .where(QuestionVersion.question_id.in_(ids), QuestionVersion.state == APPROVED)
        .group_by(QuestionVersion.question_id)).all())


def as_shown(question: Question, version: "QuestionVersion | None") -> Question:
    """The question as a learner saw it in `version`: a copy (never added to the session) with
    that version's content, or the row itself when the version is what the row holds."""
    if version is None or content_of(question) == {n: version.content.get(n) for n in CONTENT_FIELDS}:
        return question
    copy = Question(id=question.id, status=question.status, origin=question.origin)
    apply_content(copy, version.content)
    copy.passage = question.passage if question.passage_id == copy.passage_id else None
    return copy


def next_number(question_id: str) -> int:
    latest = db.session.scalar(select(func.max(QuestionVersion.number)).where(QuestionVersion.question_id == question_id))
    return (latest or 0) + 1

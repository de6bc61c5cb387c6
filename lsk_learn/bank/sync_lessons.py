"""`flask bank sync` for lessons: the files and the in-app edits side by side (as sync_questions.py).

A lesson whose latest approved version was edited in the app is never overwritten or retired by
the files:
- the files now hold the same content (the export was committed back): a version from the files
  is recorded, and the lesson is the files' again;
- the files still hold what they held before the app edit: the edit stands, reported as "kept";
- the files changed too: a conflict, listed for a reviewer, and nothing is changed.
A change from the files while an in-app edit waits for review is applied (nothing approved in the
app is lost) and said, since approving that edit would undo it.
"""
from datetime import datetime

from sqlalchemy import select

from ..extensions import db
from .conflicts import LESSON
from .items import content_hash
from .lesson_versions import (
    APPROVED, DRAFT, FROM_BANK, RETURNED, SUBMITTED, LessonVersion, add_lesson_version, lesson_content,
    lesson_content_of,
)
from .models import CHECKED, Lesson

PENDING = (DRAFT, SUBMITTED, RETURNED)


def _latest() -> dict[str, dict]:
    """lesson id -> {number, approved_origin, bank_hash, pending: [numbers of in-app drafts]}."""
    latest: dict[str, dict] = {}
    for lesson_id, number, origin, state, digest in db.session.execute(
            select(LessonVersion.lesson_id, LessonVersion.number, LessonVersion.origin, LessonVersion.state,
                   LessonVersion.content_hash).order_by(LessonVersion.number)):
        entry = latest.setdefault(lesson_id, {"number": 0, "approved_origin": None, "bank_hash": None, "pending": []})
        entry["number"] = max(entry["number"], number)
        if state == APPROVED:
            entry["approved_origin"] = origin
        if origin == FROM_BANK:
            entry["bank_hash"] = digest
        elif state in PENDING:
            entry["pending"].append(number)
    return latest


def _count(report_part: dict) -> None:
    report_part["lessons"] = report_part.get("lessons", 0) + 1


def sync_lessons(items: list, now: datetime, report) -> None:
    existing = {row.id: row for row in db.session.scalars(select(Lesson))}
    latest = _latest()
    wanted = set()
    for item in items:
        record = item.record()
        digest = content_hash(record)
        wanted.add(item.id)
        row = existing.get(item.id)
        entry = latest.get(item.id, {"number": 0, "approved_origin": None, "bank_hash": None, "pending": []})
        state = APPROVED if item.status == CHECKED else DRAFT
        in_files = content_hash(lesson_content(record))
        if row is None:
            row = Lesson(**record, content_hash=digest)
            db.session.add(row)
            db.session.flush()  # the version refers to the row (no relationship tells the flush the order)
            add_lesson_version(row, entry["number"] + 1, FROM_BANK, state, now=now)
            _count(report.added)
            continue
        if entry["approved_origin"] not in (None, FROM_BANK):  # the published text was edited in the app
            if in_files == content_hash(lesson_content_of(row)):
                row.content_hash, row.source_file, row.status, row.retired_at = digest, record["source_file"], item.status, None
                add_lesson_version(row, entry["number"] + 1, FROM_BANK, state, now=now,
                                   note="the same text is now in the repository files")
                _count(report.unchanged)
            elif in_files == entry["bank_hash"]:
                report.kept_lessons.append(item.id)
            else:
                report.conflict(LESSON, item.id, f"lesson changed in the files ({record['source_file']}) and in "
                                "the app; nothing was changed, a reviewer decides")
            continue
        if row.content_hash != digest or row.retired_at is not None:
            for key, value in record.items():
                setattr(row, key, value)
            row.content_hash, row.retired_at = digest, None
            if in_files != entry["bank_hash"]:
                add_lesson_version(row, entry["number"] + 1, FROM_BANK, state, now=now)
                if entry["pending"]:
                    report.conflict(
                        LESSON, item.id, f"lesson changed in the files ({record['source_file']}) while version "
                        f"{max(entry['pending'])} edited in the app waits; the files' text is published, "
                        "approving the app's version would undo it")
            _count(report.updated)
        else:
            _count(report.unchanged)
    for lesson_id, row in existing.items():
        if lesson_id in wanted or row.retired_at is not None:
            continue
        if latest.get(lesson_id, {}).get("approved_origin") not in (None, FROM_BANK):
            report.conflict(LESSON, lesson_id, "lesson removed from the files but edited in the app; kept, "
                            "a reviewer decides")
            continue
        row.retired_at = now  # kept, so learners' progress still points at it
        _count(report.retired)
    db.session.flush()

"""`flask bank sync` for questions: the files and the in-app edits side by side.

A question the app owns (written or imported in the app, or a bank question whose latest approved
version was edited in the app) is never overwritten or retired by the files:
- the files hold the same content (the edit was exported and committed back): the question is
  the bank's again, silently;
- the files still hold what they held before the app edit: the edit stands (it waits to be
  exported), reported as "kept";
- the files changed too: a conflict, listed for a reviewer, and nothing is changed.
Every content change that sync makes is recorded as a new version (bank/versions.py).
"""
from datetime import datetime

from sqlalchemy import select

from ..extensions import db
from .conflicts import QUESTION
from .items import content_hash
from .models import CHECKED, Question
from .versions import APPROVED, DRAFT, FROM_BANK, QuestionVersion, content_of, version_content

APP = "app"


def _latest_versions() -> dict[str, tuple[int, str | None, str | None]]:
    """question id -> (highest version number, origin of its latest approved version, content
    hash of its latest version from the files)."""
    latest: dict[str, list] = {}
    for question_id, number, origin, state, digest in db.session.execute(
            select(QuestionVersion.question_id, QuestionVersion.number, QuestionVersion.origin,
                   QuestionVersion.state, QuestionVersion.content_hash).order_by(QuestionVersion.id)):
        entry = latest.setdefault(question_id, [0, None, None])
        entry[0] = max(entry[0], number)
        if state == APPROVED:
            entry[1] = origin
        if origin == FROM_BANK:
            entry[2] = digest
    return {qid: tuple(entry) for qid, entry in latest.items()}


def add_version(row: Question, number: int, origin: str, state: str, author_id=None, note=None) -> QuestionVersion:
    content = content_of(row)
    version = QuestionVersion(question_id=row.id, number=number, content=content, content_hash=content_hash(content),
                              origin=origin, state=state, author_id=author_id, note=note)
    db.session.add(version)
    return version


def sync_questions(items: list, now: datetime, report) -> None:
    existing = {row.id: row for row in db.session.scalars(select(Question))}
    latest = _latest_versions()
    wanted = set()
    for item in items:
        record = item.record()
        digest = content_hash(record)
        record.setdefault("review_by", None)  # a date removed from the file is removed from the row
        wanted.add(item.id)
        row = existing.get(item.id)
        number, approved_origin, bank_hash = latest.get(item.id, (0, None, None))
        if row is None:
            row = Question(**record, content_hash=digest)
            db.session.add(row)
            add_version(row, number + 1, FROM_BANK, APPROVED if item.status == CHECKED else DRAFT)
            report.added["questions"] = report.added.get("questions", 0) + 1
            continue
        owned_by_app = row.origin == APP or approved_origin not in (None, FROM_BANK)
        if owned_by_app:
            in_files = content_hash(version_content(record))
            if in_files == content_hash(content_of(row)):
                row.origin, row.content_hash, row.source_file = "bank", digest, record["source_file"]
                report.unchanged["questions"] = report.unchanged.get("questions", 0) + 1
            elif in_files == bank_hash:
                report.kept.append(item.id)
            else:
                report.conflict(QUESTION, item.id, f"changed in the files ({record['source_file']}) and in the app; "
                                "nothing was changed, a reviewer decides")
            continue
        if row.content_hash != digest or row.retired_at is not None:
            for key, value in record.items():
                setattr(row, key, value)
            row.content_hash, row.retired_at = digest, None
            if content_hash(version_content(record)) != bank_hash:
                add_version(row, number + 1, FROM_BANK, APPROVED if item.status == CHECKED else DRAFT)
            report.updated["questions"] = report.updated.get("questions", 0) + 1
        else:
            report.unchanged["questions"] = report.unchanged.get("questions", 0) + 1
    for question_id, row in existing.items():
        if question_id in wanted or row.retired_at is not None:
            continue
        if row.origin == APP:
            continue  # written in the app: not the files' to retire
        _number, approved_origin, _hash = latest.get(question_id, (0, None, None))
        if approved_origin not in (None, FROM_BANK):
            report.conflict(QUESTION, question_id, "removed from the files but edited in the app; kept, a reviewer decides")
            continue
        row.retired_at = now  # kept, so past answers still point at it
        report.retired["questions"] = report.retired.get("questions", 0) + 1
    db.session.flush()


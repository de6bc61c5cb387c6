"""Idempotent import of a validated Bank into the database."""
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select

from ..extensions import db
from .conflicts import record_conflicts
from .items import Bank, content_hash
from .models import Passage, Topic
from .sync_lessons import sync_lessons
from .sync_questions import sync_questions
from .sync_extras import extra_kinds


@dataclass
class SyncReport:
    added: dict = field(default_factory=dict)
    updated: dict = field(default_factory=dict)
    retired: dict = field(default_factory=dict)
    unchanged: dict = field(default_factory=dict)
    kept: list = field(default_factory=list)       # questions edited in the app, the files unchanged
    conflicts: list = field(default_factory=list)  # changed in both: nothing done, a reviewer decides
    conflict_items: list = field(default_factory=list)  # (kind, item id, message) of each, kept by bank/conflicts.py
    kept_lessons: list = field(default_factory=list)  # lessons edited in the app, the files unchanged

    def conflict(self, kind: str, item_id: str, message: str) -> None:
        """Changed in the files and in the app: nothing done; said here and recorded for reviewers."""
        self.conflicts.append(f"{item_id}: {message}")
        self.conflict_items.append((kind, item_id, message))

    @property
    def changed(self) -> bool:
        return any(sum(d.values()) for d in (self.added, self.updated, self.retired))

    def lines(self) -> list[str]:
        kinds = sorted(set(self.added) | set(self.updated) | set(self.retired) | set(self.unchanged))
        return [
            f"{kind}: {self.added.get(kind, 0)} added, {self.updated.get(kind, 0)} updated, "
            f"{self.retired.get(kind, 0)} retired, {self.unchanged.get(kind, 0)} unchanged"
            for kind in kinds
        ] + ([f"questions edited in the app and kept (export them to question_bank/): {', '.join(self.kept)}"]
             if self.kept else []) + (
            [f"lessons edited in the app and kept (export them to question_bank/lessons/): {', '.join(self.kept_lessons)}"]
            if self.kept_lessons else []) + [f"CONFLICT {line}" for line in self.conflicts]


# in dependency order: questions (synced after passages, sync_questions.py) refer to topics and passages;
# lessons (sync_lessons.py) come right after the questions
_KINDS = (
    ("topics", Topic, "topics"),
    ("passages", Passage, "passages"),
)


def sync_bank(bank: Bank, now: datetime) -> SyncReport:
    """Bring the database in line with `bank`; commit once. Running it twice changes nothing."""
    if not bank.ok:
        raise ValueError("refusing to sync a bank with problems; run `flask bank check`")
    report = SyncReport()
    kinds = [(kind, model, getattr(bank, attribute)) for kind, model, attribute in _KINDS] + extra_kinds(bank)
    for kind, model, items in kinds:
        _sync_kind(kind, model, items, now, report)
        if kind == "passages":  # questions refer to passages, lessons to questions
            sync_questions(bank.questions, now, report)
            sync_lessons(bank.lessons, now, report)
    record_conflicts(report.conflict_items, now)
    db.session.commit()
    return report


def _sync_kind(kind: str, model, items: list, now: datetime, report: SyncReport) -> None:
    existing = {row.id: row for row in db.session.scalars(select(model))}
    # rows made in the app (an essay imported as a writing task) are not the files' to change or retire
    made_in_app = {item_id for item_id, row in existing.items() if getattr(row, "origin", "bank") != "bank"}
    wanted = set()
    for item in items:
        record = item.record()
        digest = content_hash(record)
        wanted.add(item.id)
        row = existing.get(item.id)
        if item.id in made_in_app:
            report.conflict(kind.rstrip("s"), item.id, f"the files ({record.get('source_file')}) have an item with "
                            "the id of one made in the app; nothing was changed, a reviewer decides")
            continue
        if row is None:
            db.session.add(model(**record, content_hash=digest))
            report.added[kind] = report.added.get(kind, 0) + 1
        elif row.content_hash != digest or row.retired_at is not None:
            for key, value in record.items():
                setattr(row, key, value)
            row.content_hash = digest
            row.retired_at = None
            report.updated[kind] = report.updated.get(kind, 0) + 1
        else:
            report.unchanged[kind] = report.unchanged.get(kind, 0) + 1
    for item_id, row in existing.items():
        if item_id not in wanted and row.retired_at is None and item_id not in made_in_app:
            row.retired_at = now  # kept, so past answers still point at it
            report.retired[kind] = report.retired.get(kind, 0) + 1
    db.session.flush()

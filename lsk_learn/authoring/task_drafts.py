"""Moodle essays imported as draft writing tasks (issue 14).

An imported essay becomes a `bank_task` row with status draft and origin "app": the draw queries
keep drafts from mock exams (bank.models.live), and no learner page lists tasks. Another teacher or
an administrator approves it (status checked) or deletes it. There is no task editor yet (issue
16): a task that needs more work is deleted, fixed in Moodle or in question_bank/, and imported again.
"""
import re
from datetime import datetime

from sqlalchemy import func, select

from ..bank.items import content_hash
from ..bank.models import CHECKED, BankTask, Topic
from ..domain.task_import import default_checklist, split_grader_info, task_problems
from ..exams.models import ExamItem
from ..extensions import db
from .services import AuthoringError

APP = "app"
DRAFT = "draft"
WRITING = "writing"
KIND_SUBTOPIC = {"letter": "letters", "application": "letters", "form": "forms"}


def free_task_id(taken: set[str]) -> str:
    """`wri-imp-<n>`, in the style of the bank's task ids, not used before."""
    used = set(db.session.scalars(select(BankTask.id).where(BankTask.id.like("wri-imp-%")))) | taken
    number = 1
    while f"wri-imp-{number:03d}" in used:
        number += 1
    return f"wri-imp-{number:03d}"


def draft_task(task: dict, name: str, author_id: int, now: datetime, taken: set[str]) -> BankTask:
    """A Moodle essay (exchange dict, exchange/moodle_xml.py `_read_essay`) as a draft task; added
    and flushed, the caller commits (with the rest of the import, or not at all)."""
    writing = db.session.get(Topic, WRITING)
    if writing is None or writing.retired_at is not None:
        raise AuthoringError("no_writing_topic", name)
    kind = task.get("kind") if task.get("kind") in KIND_SUBTOPIC else "letter"
    subtopics = [s["id"] for s in writing.subtopics]
    subtopic = KIND_SUBTOPIC[kind] if KIND_SUBTOPIC[kind] in subtopics else (subtopics or ["letters"])[0]
    model_answer, checklist = split_grader_info(task.get("model_answer"))
    checklist = checklist or default_checklist(task.get("default_mark") or 1)
    wanted = task.get("id")
    task_id = wanted if wanted and re.fullmatch(r"[a-z0-9][a-z0-9-]{0,63}", wanted) and wanted not in taken \
        and db.session.get(BankTask, wanted) is None else free_task_id(taken)  # never over a bank task
    taken.add(task_id)
    record = {"topic_id": WRITING, "subtopic": subtopic, "kind": kind,
              "difficulty": task.get("difficulty") if task.get("difficulty") in (1, 2, 3) else 2,
              "prompt": dict(task.get("prompt") or {}), "checklist": checklist,
              "min_words": task.get("min_words"), "max_words": task.get("max_words"), "fields": [],
              "model_answer": model_answer, "picture": {}, "useful_phrases": [],
              "source": task.get("source") or ""}
    row = BankTask(id=task_id, status=DRAFT, origin=APP, author_id=author_id, source_file=f"(import) {name}"[:200],
                   content_hash=content_hash(record), **record)
    db.session.add(row)
    db.session.flush()
    return row


def draft_tasks(limit: int = 200) -> list[BankTask]:
    """Imported tasks waiting for a reviewer, oldest first."""
    return list(db.session.scalars(select(BankTask).where(BankTask.origin == APP, BankTask.status == DRAFT,
                                                          BankTask.retired_at.is_(None))
                                   .order_by(BankTask.id).limit(limit)))


def imported_task(task_id: str) -> BankTask | None:
    row = db.session.get(BankTask, task_id)
    return row if row is not None and row.origin == APP else None


def problems_of_task(row: BankTask) -> list[str]:
    return task_problems(row.prompt, row.checklist, row.kind, row.min_words, row.max_words)


def approve_task(row: BankTask, reviewer_id: int) -> None:
    """Publish a draft task: mock exams may draw it from now on."""
    if row.status != DRAFT:
        raise AuthoringError("not_a_draft", row.status)
    if row.author_id == reviewer_id:
        raise AuthoringError("own_version")  # four eyes, as for questions
    problems = problems_of_task(row)
    if problems:
        raise AuthoringError("task_problems", ", ".join(problems))
    row.status = CHECKED
    db.session.commit()


def delete_task(row: BankTask) -> None:
    """Drop a draft task. A draft was never drawn into an exam; should one be referred to all the
    same, it is refused rather than leave an exam item pointing nowhere."""
    if row.status != DRAFT:
        raise AuthoringError("not_a_draft", row.status)
    if db.session.scalar(select(func.count()).select_from(ExamItem).where(ExamItem.task_id == row.id)):
        raise AuthoringError("task_in_use", row.id)
    db.session.delete(row)
    db.session.commit()

"""Lessons edited, reviewed and published in the app (bank/lesson_versions.py holds the history).

- An edit is a new draft version; the `lesson` row, which learners see, keeps the published text
  until another teacher or an administrator approves the edit.
- The lesson-date rule of the bank checker (bank/check_lessons.py: a numbered list that would start
  at another number than 1 is nearly always a year or an ordinal read as a list) is applied to every
  edit, and approval runs the checker itself on the files an export would write.
- An approved version exports to the repository's Markdown files, to be committed to
  question_bank/lessons/.
Every step commits once; nothing here knows about requests.
"""
import io
import tempfile
import zipfile
from datetime import datetime
from pathlib import PurePosixPath, Path

from sqlalchemy import select

from ..bank.check_common import FileContext, IdRegistry
from ..bank.check_lessons import check_lesson_file, numbered_lists_not_from_one
from ..bank.items import Bank
from ..bank.lesson_versions import (
    APPROVED, DRAFT, FROM_EDITOR, SUBMITTED, LessonVersion, add_lesson_version, apply_lesson_content,
    latest_lesson_version, lesson_content_hash, next_lesson_number,
)
from ..bank.models import CHECKED, BankTask, Lesson, Question, Topic
from ..domain.lesson_edit import LANGUAGES, lesson_files
from ..extensions import db
from .services import AuthoringError, check_reviewer, mark_approved, send_back, submit_for_review


def date_problems(content: dict) -> list[tuple[str, int, int]]:
    """(language, line of the body, number) of every list the lesson-date rule objects to."""
    return [(lang, line, number) for lang in LANGUAGES
            for line, number in numbered_lists_not_from_one((content.get("body") or {}).get(lang, ""))]


def unknown_links(content: dict) -> list[str]:
    """Linked question or task ids the bank does not have (or has retired)."""
    ids = content.get("question_ids") or []
    if not ids:
        return []
    known = set(db.session.scalars(select(Question.id).where(Question.id.in_(ids), Question.retired_at.is_(None))))
    known |= set(db.session.scalars(select(BankTask.id).where(BankTask.id.in_(ids), BankTask.retired_at.is_(None))))
    return [i for i in ids if i not in known]


def file_place(lesson: Lesson) -> tuple[str, str]:
    """(folder inside question_bank/, file stem) of a lesson: ("lessons/history", "01-proclamation")."""
    path = PurePosixPath(lesson.source_file.replace("\\", "/"))
    parts = path.parts
    folder = "/".join(parts[parts.index("lessons"):-1]) if "lessons" in parts[:-1] else f"lessons/{lesson.course}"
    stem = path.name[:-3] if path.name.endswith(".md") else f"{lesson.position:02d}-{lesson.id}"
    return folder, stem


def exported_files(lesson: Lesson, version: LessonVersion) -> dict[str, str]:
    """{path inside question_bank/: text} for a version, as the repository keeps lessons."""
    folder, stem = file_place(lesson)
    return {f"{folder}/{name}": text for name, text in lesson_files(lesson.id, stem, version.content, CHECKED).items()}


def checker_problems(lesson: Lesson, content: dict) -> list[str]:
    """What `flask bank check` would say of the files this content exports to (empty: publishable)."""
    topics = {t.id: t for t in db.session.scalars(select(Topic).where(Topic.retired_at.is_(None)))}
    folder, stem = file_place(lesson)
    problems: list = []
    with tempfile.TemporaryDirectory() as root:
        for name, text in lesson_files(lesson.id, stem, content, CHECKED).items():
            (Path(root) / name).write_text(text, encoding="utf-8")
        check_lesson_file(FileContext(f"{folder}/{stem}.md", problems), Path(root) / f"{stem}.md", topics,
                          IdRegistry(), Bank())
    messages = [f"{p.file}:{p.line}: {p.message}" for p in problems]
    missing = unknown_links(content)
    if missing:
        messages.append(f"links to unknown question(s): {', '.join(missing)}")
    return messages


def edit_lesson(lesson_id: str, content: dict, author_id: int, now: datetime, note: str | None = None) -> LessonVersion:
    """An edit as a new draft version. Refused when identical to the latest version ("unchanged"),
    or when the lesson-date rule or the question links object ("problems")."""
    lesson = db.session.get(Lesson, lesson_id)
    if lesson is None:
        raise AuthoringError("unknown_lesson", lesson_id)
    latest = latest_lesson_version(lesson_id)
    if latest is None:  # a lesson from before the versions (never after migration 0016): its text first
        latest = add_lesson_version(lesson, 1, "bank", APPROVED if lesson.status == CHECKED else DRAFT, now=now)
        db.session.flush()
    if latest.content_hash == lesson_content_hash(content):
        raise AuthoringError("unchanged", lesson_id)
    if date_problems(content) or unknown_links(content):
        raise AuthoringError("problems", lesson_id)
    version = add_lesson_version(lesson, next_lesson_number(lesson_id), FROM_EDITOR, DRAFT, author_id, note,
                                 content=content, now=now)
    db.session.commit()
    return version


# the question versions' review steps (services.py); a version from the files has no author, so
# only an edit made in the app can be submitted
submit_lesson = submit_for_review


def send_back_lesson(version: LessonVersion, reviewer_id: int, comment: str, now: datetime) -> None:
    """As for a question version, except that the author cannot send back their own lesson version."""
    if version.state == SUBMITTED and (comment or "").strip() and version.author_id == reviewer_id:
        raise AuthoringError("own_version")
    send_back(version, reviewer_id, comment, now)


def approve_lesson(version: LessonVersion, reviewer_id: int, now: datetime, comment: str | None = None) -> None:
    """Publish a submitted version: its content goes onto the lesson row, which learners read."""
    check_reviewer(version, reviewer_id)
    lesson = db.session.get(Lesson, version.lesson_id)
    problems = checker_problems(lesson, version.content)
    if problems:
        raise AuthoringError("problems", "; ".join(problems))
    apply_lesson_content(lesson, version.content)
    lesson.status = CHECKED
    mark_approved(version, reviewer_id, now, comment)
    db.session.commit()


def export_zip(lesson: Lesson, version: LessonVersion) -> bytes:
    """The version's files in a zip, by their paths inside question_bank/ (unzip it there)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, text in exported_files(lesson, version).items():
            archive.writestr(path, text)
    return buffer.getvalue()

"""Writing, reviewing and publishing questions in the app (bank/versions.py holds the history).

- A new question is a `question` row with status draft (the live() filter keeps it from learners
  and mock exams) and version 1, a draft.
- An edit of a published question is a new draft version; the row, which is what learners see,
  keeps the published content until a reviewer approves the edit.
- Approval needs a reviewer other than the author, and a question the bank's own checker accepts
  (bank/check_questions.py, via the YAML the repository would hold: exchange/bank_yaml.py).
- An import writes every question of a file as drafts in one transaction, or nothing.
Every step commits once; nothing here knows about requests.
"""
import re
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from ..bank.check_common import FileContext, IdRegistry
from ..bank.check_questions import check_question_file
from ..bank.items import Bank, content_hash
from ..bank.models import CHECKED, Passage, Question, Topic
from ..bank.versions import (
    APPROVED, DRAFT, FROM_EDITOR, FROM_IMPORT, RETURNED, SUBMITTED, QuestionFlag, QuestionVersion, apply_content,
    content_of, latest_version, next_number, version_content,
)
from ..bank.yaml_lines import YamlSyntaxError, load_yaml
from ..domain.imported_edit import merged_with
from ..exchange.bank_yaml import question_file
from ..exchange.model import ExchangeQuestion
from ..domain.item_flags import FLAGS
from ..extensions import db
from .models import QuestionUpload

APP = "app"
FLAG_REASONS = (*FLAGS, "teacher")  # from the item statistics, or a teacher's own doubt


class AuthoringError(ValueError):
    """A step that is not allowed now; `code` says which (for the page's message)."""

    def __init__(self, code: str, detail: str = ""):
        super().__init__(f"{code}: {detail}" if detail else code)
        self.code, self.detail = code, detail


@dataclass(frozen=True)
class ImportChoice:
    """Where imported questions go when their file's category names no known topic."""

    topic_id: str | None = None
    subtopic: str | None = None


def problems_of(content: dict, question_id: str) -> list[str]:
    """What the bank's checker says of this question (empty: it could be published)."""
    topics = {t.id: t for t in db.session.scalars(select(Topic).where(Topic.retired_at.is_(None)))}
    passage = db.session.get(Passage, content["passage_id"]) if content.get("passage_id") else None
    passages = [{"id": passage.id, "kind": passage.kind, "title": passage.title, "text": passage.text,
                 "translation": passage.translation}] if passage else []
    question = {**content, "id": question_id, "status": CHECKED}
    text = question_file(content.get("topic_id") or "", content.get("subtopic") or "", [question], passages)
    problems: list = []
    context = FileContext("question", problems)
    try:
        data = load_yaml(text)
    except YamlSyntaxError as error:  # cannot happen for what question_file writes; said, not hidden
        return [error.message]
    check_question_file(context, data, topics, IdRegistry(), Bank())
    return [re.sub(r"^question '[^']*': ", "", problem.message) for problem in problems]


def _content(fields: dict) -> dict:
    """A version's content from the editor's or a file's fields, empty lists where none is given."""
    content = version_content(fields)
    for name in ("options", "prompts", "articles"):
        content[name] = content[name] or []
    content["explanation"] = content["explanation"] or {}
    return content


def _new_version(question_id: str, content: dict, origin: str, author_id: int, note: str | None) -> QuestionVersion:
    version = QuestionVersion(question_id=question_id, number=next_number(question_id), content=content,
                              content_hash=content_hash(content), origin=origin, state=DRAFT,
                              author_id=author_id, note=note)
    db.session.add(version)
    return version


def free_question_id(topic_id: str, subtopic: str, taken: set[str] | None = None) -> str:
    """A new id in the bank's style, `<topic>-<subtopic>-app-<n>`, not used before."""
    stem = re.sub(r"[^a-z0-9-]+", "-", f"{topic_id}-{subtopic}-app".lower()).strip("-")
    used = set(db.session.scalars(select(Question.id).where(Question.id.like(f"{stem}-%")))) | (taken or set())
    number = 1
    while f"{stem}-{number:03d}" in used:
        number += 1
    return f"{stem}-{number:03d}"


def create_question(fields: dict, author_id: int, now: datetime, origin: str = FROM_EDITOR,
                    note: str | None = None, question_id: str | None = None) -> QuestionVersion:
    """A new question as a draft (version 1), seen only by its author and reviewers."""
    content = _content(fields)
    question_id = question_id or free_question_id(content["topic_id"], content["subtopic"])
    _new_question_row(question_id, content, "(app)")
    version = _new_version(question_id, content, origin, author_id, note)
    version.created_at = now
    db.session.commit()
    return version


def _new_question_row(question_id: str, content: dict, source_file: str) -> Question:
    """The row of a question written in the app: a draft (no learner sees it) owned by the app
    (flask bank sync leaves it alone). A draft may still lack its source; approval checks it."""
    row = Question(id=question_id, status="draft", origin=APP, source_file=source_file,
                   content_hash=content_hash(content))
    apply_content(row, content)
    row.source = content["source"] or ""
    db.session.add(row)
    db.session.flush()
    return row


def edit_question(question_id: str, fields: dict, author_id: int, now: datetime,
                  origin: str = FROM_EDITOR, note: str | None = None) -> QuestionVersion:
    """An edit as a new draft version. Learners keep seeing the published content until a
    reviewer approves it. An edit identical to the latest version is refused ("unchanged")."""
    if db.session.get(Question, question_id) is None:
        raise AuthoringError("unknown_question", question_id)
    content = _content(fields)
    latest = latest_version(question_id)
    if latest is not None and latest.content_hash == content_hash(content):
        raise AuthoringError("unchanged", question_id)
    version = _new_version(question_id, content, origin, author_id, note)
    version.created_at = now
    db.session.commit()
    return version


# The review steps are the same for a question version and a lesson version (lessons.py): both have
# state, author_id, reviewer_id, reviewed_at and review_comment; only publishing differs.

def submit_for_review(version, user_id: int) -> None:
    if version.author_id != user_id:
        raise AuthoringError("not_author")
    if version.state not in (DRAFT, RETURNED):
        raise AuthoringError("not_a_draft", version.state)
    version.state = SUBMITTED
    db.session.commit()


def check_reviewer(version, reviewer_id: int) -> None:
    """Refuse an approval of a version not waiting for review, or by its own author."""
    if version.state != SUBMITTED:
        raise AuthoringError("not_submitted", version.state)
    if version.author_id == reviewer_id:
        raise AuthoringError("own_version")  # four eyes: another teacher or an admin approves


def mark_approved(version, reviewer_id: int, now: datetime, comment: str | None) -> None:
    version.state, version.reviewer_id, version.reviewed_at, version.review_comment = APPROVED, reviewer_id, now, comment


def approve(version: QuestionVersion, reviewer_id: int, now: datetime, comment: str | None = None) -> None:
    """Publish a submitted version: its content goes onto the question row, which learners see."""
    check_reviewer(version, reviewer_id)
    problems = problems_of(version.content, version.question_id)
    if problems:
        raise AuthoringError("problems", "; ".join(problems))
    row = db.session.get(Question, version.question_id)
    apply_content(row, version.content)
    row.status, row.retired_at = CHECKED, None
    mark_approved(version, reviewer_id, now, comment)
    db.session.commit()


def send_back(version, reviewer_id: int, comment: str, now: datetime) -> None:
    """Return a submitted version to its author with what to change."""
    if version.state != SUBMITTED:
        raise AuthoringError("not_submitted", version.state)
    if not (comment or "").strip():
        raise AuthoringError("comment_needed")
    version.state, version.reviewer_id, version.reviewed_at = RETURNED, reviewer_id, now
    version.review_comment = comment.strip()
    db.session.commit()


def history(question_id: str) -> list[QuestionVersion]:
    return list(db.session.scalars(select(QuestionVersion).where(QuestionVersion.question_id == question_id)
                                   .order_by(QuestionVersion.number)))


def topic_for(category: list[str], choice: ImportChoice, topics: list[Topic]) -> tuple[str | None, str | None]:
    """The topic and subtopic an imported question's category names (by id or by name in any
    language, the last two levels), else the importer's choice."""

    def same(a: str, b) -> bool:
        return isinstance(b, str) and a.strip().casefold() == b.strip().casefold()

    names = [c for c in category if c]
    for topic in topics:
        topic_names = [topic.id, *topic.name.values()]
        for index, level in enumerate(names):
            if any(same(level, n) for n in topic_names):
                rest = names[index + 1:]
                for sub in topic.subtopics:
                    if rest and any(same(rest[0], n) for n in (sub["id"], sub.get("lv"), sub.get("ru"), sub.get("en"))):
                        return topic.id, sub["id"]
                if choice.topic_id == topic.id and choice.subtopic:
                    return topic.id, choice.subtopic
    return choice.topic_id, choice.subtopic


class ImportResult(list):
    """The question versions an import made (a list, as before), and `tasks`: the draft writing
    tasks made from Moodle essays."""

    def __init__(self, versions=(), tasks=()):
        super().__init__(versions)
        self.tasks = list(tasks)


def import_questions(questions: list[ExchangeQuestion], author_id: int, now: datetime,
                     choice: ImportChoice = ImportChoice(), language: str = "lv") -> ImportResult:
    """Every importable question of a file as a draft, with its embedded files, and every essay as
    a draft writing task, in one transaction: all or nothing.
    A question whose id is already in the bank (a file exported from here and edited elsewhere)
    becomes a new draft version of it; others are new questions."""
    from ..attachments import services as attachments
    from .task_drafts import draft_task

    created = ImportResult()
    taken: set[str] = set()
    taken_tasks: set[str] = set()
    topics = list(db.session.scalars(select(Topic).where(Topic.retired_at.is_(None))))
    try:
        for exchanged in questions:
            if exchanged.kind == "writing_task":
                created.tasks.append(draft_task(exchanged.question, exchanged.name, author_id, now, taken_tasks))
                continue
            if exchanged.kind != "question":
                continue
            problems = attachments.file_problems(exchanged.attachments)
            if problems:  # the preview refused them already; a file changed since is refused here
                raise AuthoringError("attachments", "; ".join(problems))
            fields = dict(exchanged.question)
            topic_id, subtopic = (fields.get("topic_id") or fields.get("topic"), fields.get("subtopic"))
            if not (topic_id and subtopic):
                topic_id, subtopic = topic_for(exchanged.category, choice, topics)
            if not (topic_id and subtopic):
                raise AuthoringError("no_topic", exchanged.name)
            fields["topic_id"], fields["subtopic"] = topic_id, subtopic
            fields.setdefault("difficulty", 2)
            fields["passage_id"] = None  # passages are not part of the exchange formats
            content = _content(fields)
            existing_id = fields.get("id")
            if existing_id and db.session.get(Question, existing_id) is not None:
                latest = latest_version(existing_id)
                if latest is not None:
                    content = merged_with(latest.content, content, language)
                attachments.store(existing_id, exchanged.attachments, now)
                if latest is not None and latest.content_hash == content_hash(content):
                    continue  # the same as here already
                version = _new_version(existing_id, content, FROM_IMPORT, author_id, f"imported: {exchanged.name}")
            else:
                question_id = existing_id if existing_id and re.fullmatch(r"[a-z0-9][a-z0-9-]*", existing_id) \
                    and existing_id not in taken else free_question_id(topic_id, subtopic, taken)
                taken.add(question_id)
                _new_question_row(question_id, content, "(import)")
                attachments.store(question_id, exchanged.attachments, now)
                version = _new_version(question_id, content, FROM_IMPORT, author_id, f"imported: {exchanged.name}")
            version.created_at = now
            db.session.flush()
            created.append(version)
    except Exception:
        db.session.rollback()
        raise
    db.session.commit()
    return created


def exported_questions(topic_id: str | None = None, include_drafts: bool = False) -> list[dict]:
    """Questions as bank dicts, for export: the published content (the row), by topic."""
    query = select(Question).where(Question.retired_at.is_(None)).order_by(Question.topic_id, Question.subtopic, Question.id)
    if topic_id:
        query = query.where(Question.topic_id == topic_id)
    if not include_drafts:
        query = query.where(Question.status == CHECKED)
    result = []
    for row in db.session.scalars(query):
        result.append({"id": row.id, "status": row.status, **content_of(row)})
    return result


def flag_question(question_id: str, user_id: int, comment: str | None, reasons: list[str], now: datetime) -> QuestionFlag:
    """"Please review": one open flag per question (a second flag adds its reasons and comment)."""
    reasons = sorted(set(r for r in reasons if r in FLAG_REASONS)) or ["teacher"]
    open_flag = db.session.scalar(select(QuestionFlag).where(QuestionFlag.question_id == question_id,
                                                             QuestionFlag.resolved_at.is_(None)))
    if open_flag is not None:
        open_flag.reasons = sorted(set(open_flag.reasons) | set(reasons))
        if comment:
            open_flag.comment = f"{open_flag.comment}\n{comment}" if open_flag.comment else comment
    else:
        open_flag = QuestionFlag(question_id=question_id, reasons=reasons, comment=comment, flagged_by=user_id,
                                 flagged_at=now)
        db.session.add(open_flag)
    db.session.commit()
    return open_flag


def resolve_flag(flag: QuestionFlag, user_id: int, now: datetime) -> None:
    flag.resolved_by, flag.resolved_at = user_id, now
    db.session.commit()


UPLOADS_KEPT_FOR = 86400  # seconds: a preview not confirmed within a day is dropped


def stage_upload(user_id: int, filename: str, fmt: str, language: str, data: bytes, now: datetime) -> QuestionUpload:
    """Keep an uploaded file until its preview is confirmed (and drop this user's stale ones)."""
    from datetime import timedelta
    for stale in db.session.scalars(select(QuestionUpload).where(
            QuestionUpload.uploaded_at < now - timedelta(seconds=UPLOADS_KEPT_FOR))):
        db.session.delete(stale)
    upload = QuestionUpload(user_id=user_id, filename=filename[:200], format=fmt, language=language, data=data,
                            uploaded_at=now)
    db.session.add(upload)
    db.session.commit()
    return upload


def discard_upload(upload: QuestionUpload) -> None:
    db.session.delete(upload)
    db.session.commit()

"""Checking, storing, exporting and showing the files embedded in questions.

- An import is refused whole when one file is too large or not what it claims (check_preview):
  the preview says which, and nothing is written.
- The stored type is the one the bytes show, never the name's or the uploader's.
- A learner gets a file only of a published question whose published text refers to it; drafts'
  files are for teachers and admins (the authors and reviewers)."""
import io
import json
from datetime import datetime
from urllib.parse import quote

from flask_babel import gettext as _
from sqlalchemy import select

from ..auth.roles import Role
from ..bank.models import CHECKED, Question
from ..domain.media_types import canonical, sniff_audio, sniff_image, type_problem
from ..exchange.model import Attachment, ImportPreview
from ..extensions import db
from . import storage
from .models import QuestionAttachment

MAX_ATTACHMENT_BYTES = 5 * 1024 * 1024    # one image or recording
MAX_IMPORT_ATTACHMENT_BYTES = 12 * 1024 * 1024   # all files of one import (the XML itself is at most 20 MB)
MAX_NAME = 200
SEE_DRAFTS = (Role.TEACHER, Role.ADMIN)   # who reviews questions (authoring.routes.AUTHORS)


def media_type_of(data: bytes) -> str | None:
    """The type the bytes show: images by their signature; audio by mutagen when it is installed
    (it reads the whole container header), else by the container's signature."""
    image = sniff_image(data)
    if image:
        return image
    try:
        import mutagen
    except ImportError:
        return sniff_audio(data)
    try:
        found = mutagen.File(io.BytesIO(data))
    except Exception:  # mutagen raises its own errors on broken files: simply not audio then
        found = None
    if found is None:
        return None
    for mime in getattr(found, "mime", []):
        if canonical(mime) in ("audio/mpeg", "audio/ogg", "audio/wav", "audio/mp4", "audio/flac"):
            return canonical(mime)
    return None


def file_problems(attachments: list[Attachment]) -> list[str]:
    """Why the files of one question cannot be kept (empty: they can), in the reader's language."""
    problems = []
    for attachment in attachments:
        if len(attachment.name) > MAX_NAME:
            problems.append(_("“%(name)s…”: the file name is longer than %(max)d characters.",
                              name=attachment.name[:40], max=MAX_NAME))
        elif len(attachment.data) > MAX_ATTACHMENT_BYTES:
            problems.append(_("“%(name)s” is %(size)s MB; a file may be at most %(max)d MB.", name=attachment.name,
                              size=f"{len(attachment.data) / 1024 / 1024:.1f}", max=MAX_ATTACHMENT_BYTES // (1024 * 1024)))
        elif found := type_problem(attachment.name, media_type_of(attachment.data), attachment.data):
            problems.append(_type_message(attachment.name, *found))
    return problems


def _type_message(name: str, code: str, details: dict) -> str:
    if code == "svg":
        return _("“%(name)s”: SVG images are not accepted (they can carry scripts); use PNG, JPEG, GIF or WebP.",
                 name=name)
    if code == "mismatch":
        return _("“%(name)s”: the name says %(claimed)s but the content is %(found)s.", name=name, **details)
    return _("“%(name)s”: by its content this is not an image (PNG, JPEG, GIF, WebP) or an audio file "
             "(MP3, Ogg, WAV, M4A, FLAC).", name=name)


def check_preview(preview: ImportPreview) -> ImportPreview:
    """Add the files' problems to the preview's entries and to `preview.problems` (the import is
    refused while there is any); keep each kept file's type as its bytes show it."""
    total = 0
    for entry in preview.entries:
        if entry.question is None:
            continue
        problems = file_problems(entry.question.attachments)
        entry.notes.extend(problems)
        preview.problems.extend(f"{entry.location}: {problem}" for problem in problems)
        if not problems:
            for attachment in entry.question.attachments:
                attachment.media_type = media_type_of(attachment.data)
        total += sum(len(a.data) for a in entry.question.attachments)
    if total > MAX_IMPORT_ATTACHMENT_BYTES:
        preview.problems.append(_("The embedded files add up to %(size)s MB; one import may carry at most %(max)d MB.",
                                  size=f"{total / 1024 / 1024:.1f}", max=MAX_IMPORT_ATTACHMENT_BYTES // (1024 * 1024)))
    return preview


def store(question_id: str, attachments: list[Attachment], now: datetime) -> list[QuestionAttachment]:
    """Keep the files of a question (a file of the same name is replaced); flushed, not committed:
    the caller's transaction keeps or drops them with the questions."""
    problems = file_problems(attachments)
    if problems:
        raise ValueError("; ".join(problems))
    existing = {a.name: a for a in db.session.scalars(
        select(QuestionAttachment).where(QuestionAttachment.question_id == question_id))}
    rows = []
    for attachment in attachments:
        sha256 = storage.save(attachment.data)
        row = existing.get(attachment.name)
        if row is None:
            row = QuestionAttachment(question_id=question_id, name=attachment.name, created_at=now)
            db.session.add(row)
        row.media_type, row.size, row.sha256 = media_type_of(attachment.data), len(attachment.data), sha256
        rows.append(row)
    db.session.flush()
    return rows


def attachments_of(question_id: str) -> list[Attachment]:
    """A question's files as the exchange writers take them (Moodle XML writes them back)."""
    result = []
    for row in db.session.scalars(select(QuestionAttachment).where(QuestionAttachment.question_id == question_id)
                                  .order_by(QuestionAttachment.name)):
        data = storage.load(row.sha256)
        if data is not None:  # a file lost from the disk is left out rather than exported empty
            result.append(Attachment(row.name, row.media_type, data))
    return result


def visible_attachment(question_id: str, name: str, role) -> QuestionAttachment | None:
    """The file if this user may see it: staff reviewers always; others only a published
    question's file that its published content refers to."""
    row = db.session.scalar(select(QuestionAttachment).where(QuestionAttachment.question_id == question_id,
                                                             QuestionAttachment.name == name))
    if row is None:
        return None
    if role in SEE_DRAFTS:
        return row
    question = db.session.get(Question, question_id)
    if question is None or question.status != CHECKED:
        return None
    published = json.dumps([question.text, question.options, question.prompts, question.explanation],
                           ensure_ascii=False)
    return row if f"attachment:{quote(name)}" in published or f"attachment:{name}" in published else None

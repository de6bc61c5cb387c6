"""The question bank as stored in the database, imported from question_bank/ by `flask bank sync`.

Items are never deleted: an item removed from the files gets `retired_at`, so learners' past
answers keep pointing at it. Translated text is stored as JSON objects {"lv": ..., "ru": ..., "en": ...}.
"""
from datetime import date, datetime

from sqlalchemy import JSON, Date, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..core.types import UTCDateTime
from ..extensions import db

# A bank row's review state: only "checked" rows (with no `retired_at`) reach learners.
CHECKED = "checked"


class Topic(db.Model):
    __tablename__ = "topic"

    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    exam: Mapped[str] = mapped_column(String(16))
    name: Mapped[dict] = mapped_column(JSON)
    subtopics: Mapped[list] = mapped_column(JSON)  # [{"id":..., "lv":..., "ru":..., "en":...}]
    position: Mapped[int] = mapped_column(Integer)
    content_hash: Mapped[str] = mapped_column(String(64))
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Passage(db.Model):
    """A reading text or listening script that questions refer to."""

    __tablename__ = "passage"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    topic_id: Mapped[str] = mapped_column(ForeignKey("topic.id"))
    subtopic: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20))
    title: Mapped[dict] = mapped_column(JSON)
    text: Mapped[str] = mapped_column(Text)
    translation: Mapped[dict] = mapped_column(JSON, default=dict)
    content_hash: Mapped[str] = mapped_column(String(64))
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class Question(db.Model):
    __tablename__ = "question"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    topic_id: Mapped[str] = mapped_column(ForeignKey("topic.id"), index=True)
    subtopic: Mapped[str] = mapped_column(String(40))
    type: Mapped[str] = mapped_column(String(16))
    difficulty: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10))
    text: Mapped[dict] = mapped_column(JSON)
    options: Mapped[list] = mapped_column(JSON, default=list)  # [{"id": "a", "lv": ...}]
    prompts: Mapped[list] = mapped_column(JSON, default=list)  # matching: left column
    answer: Mapped[object] = mapped_column(JSON)
    explanation: Mapped[dict] = mapped_column(JSON)
    source: Mapped[str] = mapped_column(Text)
    source_url: Mapped[str | None] = mapped_column(String(500))
    articles: Mapped[list] = mapped_column(JSON, default=list)
    passage_id: Mapped[str | None] = mapped_column(ForeignKey("passage.id"))
    source_file: Mapped[str] = mapped_column(String(200))
    content_hash: Mapped[str] = mapped_column(String(64))
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # an answer that can change (office holders, current figures, amended laws) is checked again
    # by this day; past it the question leaves mock exams until a reviewer renews it
    review_by: Mapped[date | None] = mapped_column(Date)
    # "bank": from question_bank/ (flask bank sync); "app": written or imported in the app, so
    # sync neither updates nor retires it (bank/versions.py)
    origin: Mapped[str] = mapped_column(String(10), default="bank", server_default="bank")

    passage: Mapped[Passage | None] = relationship(lazy="selectin")

    @property
    def is_live(self) -> bool:
        """Shown to learners: checked and still in the bank."""
        return self.status == CHECKED and self.retired_at is None


def live(model=None):
    """Conditions for bank rows shown to learners: checked and still in the bank.

    `model` is any bank model with `status` and `retired_at` (Question by default).
    """
    model = model or Question
    return (model.status == CHECKED, model.retired_at.is_(None))


def live_question_filter():
    """Conditions for questions shown to learners (the same as `live(Question)`)."""
    return live(Question)


class Lesson(db.Model):
    __tablename__ = "lesson"

    id: Mapped[str] = mapped_column(String(80), primary_key=True)
    course: Mapped[str] = mapped_column(String(40))
    topic_id: Mapped[str] = mapped_column(ForeignKey("topic.id"))
    position: Mapped[int] = mapped_column(Integer)
    title: Mapped[dict] = mapped_column(JSON)
    body: Mapped[dict] = mapped_column(JSON)  # Markdown source per language
    question_ids: Mapped[list] = mapped_column(JSON, default=list)
    sources: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(String(10))
    source_file: Mapped[str] = mapped_column(String(200))
    content_hash: Mapped[str] = mapped_column(String(64))
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class VocabularyWord(db.Model):
    """One flashcard of a vocabulary deck."""

    __tablename__ = "vocabulary_word"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    deck: Mapped[str] = mapped_column(String(40), index=True)
    deck_title: Mapped[dict] = mapped_column(JSON)
    position: Mapped[int] = mapped_column(Integer)
    lv: Mapped[str] = mapped_column(String(200))
    pos: Mapped[str] = mapped_column(String(16))
    gender: Mapped[str | None] = mapped_column(String(1))
    declension: Mapped[int | None] = mapped_column(Integer)
    ru: Mapped[str] = mapped_column(String(200))
    en: Mapped[str] = mapped_column(String(200))
    example: Mapped[dict] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(10), default=CHECKED, server_default=CHECKED)
    difficulty: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    source: Mapped[str] = mapped_column(Text)
    source_file: Mapped[str] = mapped_column(String(200))
    content_hash: Mapped[str] = mapped_column(String(64))
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)


class BankTask(db.Model):
    """A writing or speaking task with its teacher's checklist."""

    __tablename__ = "bank_task"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    topic_id: Mapped[str] = mapped_column(ForeignKey("topic.id"))
    subtopic: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(20))
    difficulty: Mapped[int] = mapped_column(Integer)
    status: Mapped[str] = mapped_column(String(10))
    prompt: Mapped[dict] = mapped_column(JSON)
    checklist: Mapped[list] = mapped_column(JSON)
    min_words: Mapped[int | None] = mapped_column(Integer)
    max_words: Mapped[int | None] = mapped_column(Integer)
    fields: Mapped[list] = mapped_column(JSON, default=list)
    model_answer: Mapped[str | None] = mapped_column(Text)
    picture: Mapped[dict] = mapped_column(JSON, default=dict)
    useful_phrases: Mapped[list] = mapped_column(JSON, default=list)
    source: Mapped[str] = mapped_column(Text)
    source_file: Mapped[str] = mapped_column(String(200))
    content_hash: Mapped[str] = mapped_column(String(64))
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # "bank": from question_bank/ (flask bank sync); "app": imported in the app (a Moodle essay,
    # authoring/task_drafts.py), a draft until another teacher approves it; author_id: who imported it
    origin: Mapped[str] = mapped_column(String(10), default="bank", server_default="bank")
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))

    @property
    def max_points(self) -> int:
        return sum(item["points"] for item in self.checklist)


class AnthemText(db.Model):
    """The official text of the national anthem (one row), for the anthem-writing part."""

    __tablename__ = "anthem_text"

    id: Mapped[str] = mapped_column(String(20), primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(String(200))
    source: Mapped[str] = mapped_column(Text)
    source_url: Mapped[str | None] = mapped_column(String(500))
    content_hash: Mapped[str] = mapped_column(String(64))
    retired_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

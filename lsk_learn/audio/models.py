"""Audio files of listening passages, and the plays counted in mock exams.

A passage has at most one synthetic file (rendered by `flask bank audio`, replaced when the script
changes) and any number of teachers' recordings, each reviewed like a question version: draft ->
submitted -> approved or returned. Learners hear the newest approved recording, else the synthetic one.
Vocabulary words and the anthem's text get a synthetic file each (most phones have no Latvian voice
of their own)."""
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..core.time import utcnow
from ..core.types import UTCDateTime
from ..extensions import db

SYNTHETIC, RECORDED = "synthetic", "recorded"
DRAFT, SUBMITTED, APPROVED, RETURNED = "draft", "submitted", "approved", "returned"


class AudioFile(db.Model):
    __tablename__ = "audio_file"

    id: Mapped[int] = mapped_column(primary_key=True)
    # a listening passage's audio, or (synthetic only) a vocabulary card's word read aloud
    passage_id: Mapped[str | None] = mapped_column(ForeignKey("passage.id"), index=True)
    word_id: Mapped[str | None] = mapped_column(ForeignKey("vocabulary_word.id"), index=True)
    anthem_id: Mapped[str | None] = mapped_column(ForeignKey("anthem_text.id"), index=True)  # the anthem's text read
    kind: Mapped[str] = mapped_column(String(10))
    state: Mapped[str] = mapped_column(String(10), index=True)  # synthetic files are born approved
    path: Mapped[str] = mapped_column(String(300))  # relative to LSK_AUDIO_DIR
    mime_type: Mapped[str] = mapped_column(String(40))
    duration_seconds: Mapped[float | None]
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    script_hash: Mapped[str | None] = mapped_column(String(64))  # synthetic: the script it was rendered from
    author_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    reviewer_id: Mapped[int | None] = mapped_column(ForeignKey("user.id"))
    review_comment: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def extension(self) -> str:
        return self.path.rsplit(".", 1)[-1]


class ExamAudioPlay(db.Model):
    """How many times a learner has started a passage's audio in one mock exam attempt."""

    __tablename__ = "exam_audio_play"
    __table_args__ = (UniqueConstraint("attempt_id", "passage_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("exam_attempt.id"), index=True)
    passage_id: Mapped[str] = mapped_column(ForeignKey("passage.id"))
    plays: Mapped[int] = mapped_column(Integer, default=0)
    last_played_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

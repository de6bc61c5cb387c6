"""An image or audio file of a question. The bytes live in a file named by their SHA-256 under
LSK_ATTACHMENT_DIR (storage.py), so two questions sharing a picture share one file, and a file
written by an import that was then rolled back is harmless (nothing points at it)."""
from datetime import datetime

from sqlalchemy import ForeignKey, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from ..core.time import utcnow
from ..core.types import UTCDateTime
from ..extensions import db


class QuestionAttachment(db.Model):
    __tablename__ = "question_attachment"
    __table_args__ = (UniqueConstraint("question_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    question_id: Mapped[str] = mapped_column(ForeignKey("question.id"), index=True)
    name: Mapped[str] = mapped_column(String(200))        # as the text refers to it: attachment:<name>
    media_type: Mapped[str] = mapped_column(String(40))   # from the bytes (domain/media_types.py)
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

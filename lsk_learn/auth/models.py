"""User accounts."""
from datetime import datetime

from flask import current_app
from flask_login import UserMixin
from sqlalchemy import Integer, String, false
from sqlalchemy.orm import Mapped, mapped_column
from werkzeug.security import check_password_hash, generate_password_hash

from ..core.time import utcnow
from ..core.types import UTCDateTime
from ..extensions import db
from .roles import Role


class User(UserMixin, db.Model):
    __tablename__ = "user"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str | None] = mapped_column(String(254))
    password_hash: Mapped[str] = mapped_column(String(256))
    role: Mapped[str] = mapped_column(String(16), default=Role.LEARNER)
    locale: Mapped[str | None] = mapped_column(String(8))
    is_enabled: Mapped[bool] = mapped_column(default=True)
    must_change_password: Mapped[bool] = mapped_column(default=False)
    large_text: Mapped[bool] = mapped_column(default=False, server_default=false())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_seen_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    password_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # two-factor sign-in (staff): the base32 TOTP secret once confirmed, and the last time step
    # used, so a code cannot be replayed
    totp_secret: Mapped[str | None] = mapped_column(String(64))
    totp_last_step: Mapped[int | None] = mapped_column(Integer)
    erased_at: Mapped[datetime | None] = mapped_column(UTCDateTime)  # personal data removed (GDPR art. 17)

    def set_password(self, password: str) -> None:
        """Set a new password; every signed-in session of the account ends (security/sessions.py)."""
        method = current_app.config.get("PASSWORD_HASH_METHOD", "scrypt")
        self.password_hash = generate_password_hash(password, method=method)
        self.password_changed_at = utcnow()
        if self.id is not None:
            from ..security.sessions import end_all_sessions
            end_all_sessions(self.id)

    def check_password(self, password: str) -> bool:
        return check_password_hash(self.password_hash, password)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses sign-in to disabled accounts
        return self.is_enabled

    def __repr__(self) -> str:
        return f"<User {self.username} ({self.role})>"

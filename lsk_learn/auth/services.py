"""Signing in and out, the user's own profile and password, and two-step sign-in: each loads,
changes and commits once (the session's start after a password change is its own commit, as it
needs the ended sessions written first)."""
from datetime import datetime

from sqlalchemy import bindparam, select

from ..extensions import db
from ..security import sessions
from ..security.audit import record
from ..security.models import UserSession
from .models import User


def user_by_id(user_id: int) -> User | None:
    return db.session.get(User, user_id)


def display_names(user_ids) -> dict[int, str]:
    """id -> display name of these users (None and repeats ignored), in one query: the authors and
    reviewers a page names."""
    ids = sorted({i for i in user_ids if i})
    return dict(db.session.execute(select(User.id, User.display_name).where(User.id.in_(ids))).all()) if ids else {}


def user_with_session(user_id: int, token_hash: str | None) -> tuple[User | None, UserSession | None]:
    """The signed-in user and this browser's session record, in one query: every request runs it."""
    if token_hash is None:
        return None, None
    row = db.session.execute(_USER_WITH_SESSION, {"user_id": user_id, "token_hash": token_hash}).first()
    return (row[0], row[1]) if row else (None, None)


# built once, so SQLAlchemy compiles it once (its statement cache), not on every request
_USER_WITH_SESSION = (select(User, UserSession).join(UserSession, UserSession.user_id == User.id)
                      .where(User.id == bindparam("user_id"), UserSession.token_hash == bindparam("token_hash")))


def sign_in(user: User, chosen_locale: str | None, now: datetime, totp_step: int | None = None) -> None:
    """Start this browser's session. `chosen_locale`: a language the visitor chose before signing
    in (the latest choice wins and is kept on the account); `totp_step`: the two-step code's time
    step, so it cannot be used again."""
    if totp_step is not None:
        user.totp_last_step = totp_step
    sessions.start_session(user)
    user.last_seen_at = now
    if chosen_locale is not None:
        user.locale = chosen_locale
    record("sign_in", subject_id=user.id, actor_id=user.id)
    db.session.commit()


def sign_out(user: User) -> None:
    record("sign_out", subject_id=user.id)
    sessions.end_this_session()
    db.session.commit()


def remember_language(user: User, lang: str) -> None:
    user.locale = lang
    db.session.commit()


def save_profile(user: User, display_name: str, email: str | None, locale: str, large_text: bool) -> None:
    user.display_name, user.email, user.locale, user.large_text = display_name, email, locale, large_text
    db.session.commit()


def change_password(user: User, new_password: str) -> None:
    """The user's own new password: every session of the account ends, this browser goes on with a new one."""
    user.set_password(new_password)
    user.must_change_password = False
    record("password_changed", subject_id=user.id)
    db.session.commit()
    sessions.start_session(user)
    db.session.commit()


def turn_on_two_factor(user: User, secret: str, step: int) -> None:
    user.totp_secret, user.totp_last_step = secret, step
    record("two_factor_enabled", subject_id=user.id)
    db.session.commit()


def turn_off_two_factor(user: User, this_browser_goes_on: bool) -> None:
    """Every session of the account ends; the user's own browser (`this_browser_goes_on`) gets a new one."""
    user.totp_secret, user.totp_last_step = None, None
    record("two_factor_disabled", subject_id=user.id)
    sessions.end_all_sessions(user.id)
    db.session.commit()
    if this_browser_goes_on:
        sessions.start_session(user)
        db.session.commit()

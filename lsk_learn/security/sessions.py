"""Server-side sign-in sessions: the cookie carries a random token, the database says whether it
still counts. Sign-out ends this browser's session; setting a password (change or reset), disabling
the account or erasing the person ends every session of the account. A session also ends after a
time without activity, and at an absolute lifetime (see domain/session_rules.py), unless a
feature registered with `keep_alive_while` says the person is in the middle of something (a timed
mock exam): this module knows no feature, the features know it."""
import hashlib
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta

from flask import current_app, flash, request, session
from flask_babel import gettext as _
from flask_login import login_user
from sqlalchemy import update

from ..core.time import utcnow
from ..domain.session_rules import SessionLimits, session_end_reason
from ..extensions import db
from .models import UserSession

SESSION_TOKEN = "sid"
TOUCH_EVERY = timedelta(seconds=60)  # last-seen is written at most once a minute per session
KEPT_ACROSS_SIGN_IN = ("locale",)
KEEP_ALIVE = "lsk_session_keep_alive"  # app.extensions key: checks (user id, now) -> bool


def keep_alive_while(app, check: Callable[[int, datetime], bool]) -> None:
    """While `check(user_id, now)` holds, an idle or too old session is not ended."""
    app.extensions.setdefault(KEEP_ALIVE, []).append(check)


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def limits() -> SessionLimits:
    config = current_app.config
    return SessionLimits(timedelta(minutes=config["STAFF_IDLE_MINUTES"]),
                         timedelta(minutes=config["LEARNER_IDLE_MINUTES"]),
                         timedelta(hours=config["SESSION_MAX_HOURS"]))


def start_session(user) -> None:
    """Sign `user` in on this browser with a fresh session: nothing from before sign-in is kept
    but the language, so a session id planted before sign-in is worthless."""
    forget_this_browser()
    token = secrets.token_urlsafe(32)
    now = utcnow()
    db.session.add(UserSession(token_hash=_hash(token), user_id=user.id, created_at=now, last_seen_at=now,
                               ip=request.remote_addr, user_agent=(request.user_agent.string or "")[:200]))
    session[SESSION_TOKEN] = token
    login_user(user)


def forget_this_browser() -> None:
    """Empty the cookie session but for the language: after sign-out or an ended session."""
    kept = {key: session[key] for key in KEPT_ACROSS_SIGN_IN if key in session}
    flashes = session.get("_flashes")
    session.clear()
    session.update(kept)
    if flashes:
        session["_flashes"] = flashes


def end_this_session() -> None:
    token = session.get(SESSION_TOKEN)
    if token:
        db.session.execute(update(UserSession).where(UserSession.token_hash == _hash(token),
                                                     UserSession.revoked_at.is_(None)).values(revoked_at=utcnow()))


def end_all_sessions(user_id: int) -> None:
    """Every browser of this account is signed out at its next request."""
    db.session.execute(update(UserSession).where(UserSession.user_id == user_id, UserSession.revoked_at.is_(None))
                       .values(revoked_at=utcnow()))


def this_browser_token_hash() -> str | None:
    """What identifies this browser's session record, for loading it with the user in one query."""
    token = session.get(SESSION_TOKEN)
    return _hash(token) if token else None


def session_still_valid(user, staff: bool, record: UserSession | None) -> bool:
    """Called for every request that carries a signed-in cookie (from the user loader); `staff`:
    the user's role has the staff idle limit; `record`: this browser's session, loaded with the
    user in the same query (auth.services.user_with_session)."""
    token_hash = this_browser_token_hash()
    if not token_hash or not user.is_active:
        return False
    if record is None or record.token_hash != token_hash or record.user_id != user.id or record.revoked_at is not None:
        return False
    now = utcnow()
    reason = session_end_reason(record.created_at, record.last_seen_at, now, staff, limits(),
                                exam_running=False)
    if reason and _kept_alive(user.id, now):  # asked only then: one query less on every request
        reason = None
    if reason:
        record.revoked_at = now
        from .audit import record as audit
        audit("session_expired", subject_id=user.id, actor_id=user.id, reason=reason)
        db.session.commit()
        flash(_("You were signed out after a time without activity. Please sign in again.") if reason == "idle"
              else _("Your session has ended. Please sign in again."), "info")
        return False
    if now - record.last_seen_at > TOUCH_EVERY:
        record.last_seen_at = now
        _commit_keeping_loaded()
    return True


def _commit_keeping_loaded() -> None:
    """Commit without expiring the user and session just read: they are current, and reloading the
    user after the commit would cost every request of that minute one more query."""
    current = db.session()
    expire, current.expire_on_commit = current.expire_on_commit, False
    try:
        current.commit()
    finally:
        current.expire_on_commit = expire


def _kept_alive(user_id: int, now: datetime) -> bool:
    return any(check(user_id, now) for check in current_app.extensions.get(KEEP_ALIVE, ()))

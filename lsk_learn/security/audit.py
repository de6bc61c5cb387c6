"""Record an audit event: a row in `audit_event` and one JSON object a line in the application log.

Call `record(action, subject_id=..., **details)` inside the request that does the thing; the row is
added to the current database session and committed with the caller's own work (so an event is
never recorded for something that was rolled back). `commit=True` commits at once, for events
that must survive a refusal (failed sign-ins, lock-outs, 403s)."""
import json
import logging

from flask import has_request_context, request
from flask_login import current_user

from ..core.time import utcnow
from ..extensions import db
from .models import AuditEvent

log = logging.getLogger("lsk_learn.security")

# The actions in use, so the admin filter can list them and a typo is caught by a test.
ACTIONS = (
    "sign_in", "sign_in_failed", "sign_in_locked", "sign_out", "session_expired",
    "password_changed", "password_reset", "account_disabled", "account_enabled",
    "two_factor_enabled", "two_factor_disabled", "two_factor_failed", "permission_denied",
    "personal_data_viewed", "personal_data_exported", "personal_data_edited", "own_data_exported",
    "person_erased", "retention_erased",
)


def _client_ip() -> str | None:
    return request.remote_addr if has_request_context() else None


def record(action: str, subject_id: int | None = None, actor_id: int | None = None,
           commit: bool = False, **details) -> AuditEvent:
    if action not in ACTIONS:
        raise ValueError(f"unknown audit action {action!r}")
    if actor_id is None and has_request_context() and current_user and current_user.is_authenticated:
        actor_id = current_user.id
    event = AuditEvent(at=utcnow(), actor_id=actor_id, action=action, subject_id=subject_id,
                       ip=_client_ip(), details=details)
    db.session.add(event)
    log.info(json.dumps({"event": action, "at": event.at.isoformat(), "actor": actor_id, "subject": subject_id,
                         "ip": event.ip, "path": request.path if has_request_context() else None, **details},
                        ensure_ascii=False, default=str))
    if commit:
        db.session.commit()
    return event


def init_app(app) -> None:
    """Security events reach the application log (stderr, one JSON object a line) unless the
    deployment configured its own handlers for this logger."""
    if not log.handlers and not app.testing:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)

"""Erasing a person (GDPR art. 17), callable without a request (the retention command uses it).

Personal fields and free text are removed; the account can no longer sign in. What the funder
reports count is kept, anonymised: enrolments, answers, attempts and their results, attendance,
lessons read, exam outcomes, and the municipality and target groups — art. 17(3)(b): the programme
must report these numbers to its funder, and past reports must not change."""
from datetime import datetime

from flask import current_app
from flask_babel import force_locale, gettext
from sqlalchemy import String, cast, delete, or_, select, update

from ..auth.models import User
from ..auth.roles import Role
from ..cohorts.models import TeacherNote
from ..exams.models import ExamAnswer, ExamAttempt, ExamPartResult
from ..extensions import db
from ..profiles.models import LearnerProfile
from ..reports.models import ExamOutcome
from ..security import audit
from ..security.models import AuditEvent, UserSession

UNUSABLE_PASSWORD = "!erased"  # not a werkzeug hash, so no password ever matches it


class NotErasable(ValueError):
    """Only learner accounts that are not erased yet can be erased (staff accounts are disabled)."""


def placeholder_name(user_id: int) -> str:
    # stored in the records' language (Latvian), as every other name is stored once
    with force_locale(current_app.config["BABEL_DEFAULT_LOCALE"]):
        return gettext("Erased person #%(id)s", id=user_id)


def erasable(user: User | None) -> bool:
    return user is not None and user.role == Role.LEARNER and user.erased_at is None


def _blank_free_text(value):
    """A learner's written answer with its text removed and its shape kept."""
    if isinstance(value, dict):
        if "text" in value:
            value = {**value, "text": ""}
        if isinstance(value.get("fields"), dict):
            value = {**value, "fields": {key: "" for key in value["fields"]}}
    return value


def scrub(value, needles: list[str], replacement: str):
    """`value` (audit details) with every string that contains one of `needles` replaced."""
    if isinstance(value, dict):
        return {key: scrub(item, needles, replacement) for key, item in value.items()}
    if isinstance(value, list):
        return [scrub(item, needles, replacement) for item in value]
    if isinstance(value, str) and any(n.casefold() in value.casefold() for n in needles):
        return replacement
    return value


def _identifiers(user: User, profile: LearnerProfile | None) -> list[str]:
    values = [user.username, user.display_name, user.email, profile.phone if profile else None]
    return [v for v in values if v and len(v) >= 3]  # very short strings would match everything


def erase_person(user_id: int, actor_id: int | None, now: datetime, action: str = "person_erased") -> User:
    """Erase one learner and record it in the audit log, in one transaction."""
    user = db.session.get(User, user_id)
    if not erasable(user):
        raise NotErasable(user_id)
    profile = db.session.get(LearnerProfile, user_id)
    needles = _identifiers(user, profile)
    placeholder = placeholder_name(user.id)

    user.display_name, user.username, user.email = placeholder, f"erased-{user.id}", None
    user.password_hash, user.is_enabled, user.must_change_password = UNUSABLE_PASSWORD, False, False
    user.locale, user.large_text, user.totp_secret, user.totp_last_step = None, False, None, None
    user.erased_at = now
    if profile is not None:  # municipality and target groups stay: the reports count by them
        profile.birth_year = profile.main_language = profile.phone = profile.consent_purpose = None
        profile.planned_exam_date, profile.exemptions = None, []  # exemptions can reveal a disability

    db.session.execute(delete(TeacherNote).where(TeacherNote.learner_id == user.id))
    db.session.execute(update(ExamOutcome).where(ExamOutcome.user_id == user.id).values(note=None))
    attempts = select(ExamAttempt.id).where(ExamAttempt.user_id == user.id)
    for answer in db.session.scalars(select(ExamAnswer).where(ExamAnswer.attempt_id.in_(attempts))):
        answer.response = _blank_free_text(answer.response)
    for result in db.session.scalars(select(ExamPartResult).where(ExamPartResult.attempt_id.in_(attempts))):
        details = dict(result.details or {})
        for key in ("written", "comment"):  # the anthem as written; the grader's comment
            if key in details:
                details[key] = ""
        result.details = details
    # help uses hold only which question and which kind of help: no free text to remove
    db.session.execute(update(UserSession).where(UserSession.user_id == user.id, UserSession.revoked_at.is_(None))
                       .values(revoked_at=now))
    db.session.execute(update(UserSession).where(UserSession.user_id == user.id).values(ip=None, user_agent=None))
    _scrub_audit_details(user.id, needles, placeholder)

    audit.record(action, subject_id=user.id, actor_id=actor_id, erased_at=now.isoformat())
    db.session.commit()
    return user


def _scrub_audit_details(user_id: int, needles: list[str], placeholder: str) -> None:
    """Earlier events keep who did what, but not the person's name, user name or phone in their
    details (e.g. a failed sign-in records the name typed)."""
    like = [cast(AuditEvent.details, String).ilike(f"%{n}%", escape="\\") for n in
            (n.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") for n in needles)]
    query = select(AuditEvent).where(or_(AuditEvent.subject_id == user_id, AuditEvent.actor_id == user_id, *like))
    for event in db.session.scalars(query):
        cleaned = scrub(event.details or {}, needles, placeholder)
        if cleaned != event.details:
            event.details = cleaned

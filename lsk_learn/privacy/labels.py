"""Names of the data sections, their fields and the audit actions as shown to people, and values
formatted for a page (Riga time, the page's language)."""
from datetime import date, datetime

from flask_babel import format_date, format_datetime
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l

SECTION_TITLES = {
    "account": _l("Account"),
    "exam_profile": _l("Your exam profile"),
    "participant": _l("Participant details"),
    "enrolments": _l("Groups"),
    "practice_answers": _l("Practice answers"),
    "exam_attempts": _l("Mock exams"),
    "exam_answers": _l("Mock exam answers"),
    "exam_results": _l("Mock exam results"),
    "review_cards": _l("Revision cards"),
    "review_days": _l("Daily goal by day"),
    "lessons": _l("Lessons"),
    "attendance": _l("Attendance"),
    "exam_outcomes": _l("Real exam outcomes"),
    "notifications": _l("Notifications"),
    "help_uses": _l("Translation help used"),
    "teacher_notes": _l("Teachers’ notes"),
    "sign_ins": _l("Sign-ins"),
}

FIELD_LABELS = {
    "username": _l("User name"), "display_name": _l("Name"), "email": _l("E-mail"), "role": _l("Role"),
    "language": _l("Language"), "large_text": _l("Large text on every page"), "created_at": _l("Created"),
    "last_seen_at": _l("Last seen"), "password_changed_at": _l("Password changed"),
    "two_factor": _l("Two-step sign-in"), "birth_year": _l("Year of birth"), "exemptions": _l("Exemptions you hold"),
    "planned_exam_date": _l("Planned exam date"), "municipality": _l("Municipality"), "target_groups": _l("Target groups"),
    "main_language": _l("Main language"), "phone": _l("Phone"), "consent_at": _l("Consent"),
    "consent_purpose": _l("Purpose of the consent"), "group": _l("Group"), "enrolled_at": _l("Joined"),
    "left_at": _l("Left"), "answered_at": _l("When"), "question_id": _l("Question code"), "question": _l("Question"),
    "answer": _l("Your answer"), "correct": _l("Right"), "attempt": _l("Mock exam"), "exam": _l("Exam"),
    "parts": _l("Parts"), "status": _l("Status"), "started_at": _l("Started"), "submitted_at": _l("Submitted"),
    "part": _l("Part"), "score": _l("Score"), "max_score": _l("Out of"), "passed": _l("Passed"),
    "comment": _l("Comment"), "graded_at": _l("Graded"), "item_type": _l("Kind"), "item_id": _l("Item"),
    "due_at": _l("Due"), "reviewed_at": _l("Last reviewed"), "reviews": _l("Reviews"), "lapses": _l("Forgotten"),
    "lesson": _l("Lesson"), "opened_at": _l("Opened"), "completed_at": _l("Read"), "date": _l("Date"),
    "topic": _l("Topic"), "present": _l("Present"), "kind": _l("Kind"), "note": _l("Note"),
    "read_at": _l("Read"), "details": _l("Details"), "used_at": _l("When"), "author": _l("Who"), "text": _l("Text"),
    "ended_at": _l("Ended"), "ip": _l("Address"), "device": _l("Device"),
    "daily_goal": _l("Daily goal"), "answered": _l("Answered"), "new_cards": _l("Questions back for the first time"),
}

ACTION_LABELS = {
    "sign_in": _l("Signed in"),
    "sign_in_failed": _l("Sign-in failed"),
    "sign_in_locked": _l("Sign-in locked"),
    "sign_out": _l("Signed out"),
    "session_expired": _l("Session expired"),
    "password_changed": _l("Password changed"),
    "password_reset": _l("Password reset"),
    "account_disabled": _l("Account disabled"),
    "account_enabled": _l("Account enabled"),
    "two_factor_enabled": _l("Two-step sign-in turned on"),
    "two_factor_disabled": _l("Two-step sign-in turned off"),
    "two_factor_failed": _l("Two-step sign-in code refused"),
    "permission_denied": _l("Access refused"),
    "personal_data_viewed": _l("Personal data viewed"),
    "personal_data_exported": _l("Personal data exported"),
    "personal_data_edited": _l("Personal data changed"),
    "own_data_exported": _l("Own data downloaded"),
    "person_erased": _l("Person erased"),
    "retention_erased": _l("Erased after the retention period"),
}


def action_label(action: str) -> str:
    return str(ACTION_LABELS.get(action, action))


def display(value) -> str:
    """A value for a page: dates in the page's language and Riga time, yes/no, lists joined."""
    if value is None or value == "" or value == [] or value == {}:
        return "—"
    if isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(value, datetime):
        return format_datetime(value, "short")
    if isinstance(value, date):
        return format_date(value, "medium")
    if isinstance(value, list):
        return ", ".join(display(v) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}: {display(v)}" for k, v in value.items())
    return str(value)


def _named(key: str, value):
    """Codes shown by their names: roles, exams, parts, exemptions."""
    from ..admin.forms import ROLE_LABELS
    from ..cohorts.forms import LANGUAGE_CHOICES
    from ..core.i18n import LANGUAGE_NAMES
    from ..exams.forms import EXEMPTION_LABELS
    from ..exams.labels import EXAM_NAMES, PART_NAMES

    names = {"role": ROLE_LABELS, "exam": EXAM_NAMES, "part": PART_NAMES, "parts": PART_NAMES,
             "exemptions": EXEMPTION_LABELS, "language": LANGUAGE_NAMES,
             "main_language": dict(LANGUAGE_CHOICES)}.get(key)
    if names is None:
        return value
    if isinstance(value, list):
        return [str(names.get(v, v)) for v in value]
    if isinstance(value, dict):  # knowledge test parts of an exam outcome: {"history": true, ...}
        return {str(names.get(k, k)): v for k, v in value.items()}
    return str(names.get(value, value)) if isinstance(value, str) else value


def page_sections(data: dict, order: tuple, single: tuple) -> list[dict]:
    """The data as the readable page shows it: a list of label/value pairs for one-record
    sections, a header and rows for the others; values already formatted."""
    sections = []
    for key in order:
        value = data.get(key) or ({} if key in single else [])
        section = {"key": key, "title": SECTION_TITLES[key], "single": key in single}
        if key in single:
            section["pairs"] = [(FIELD_LABELS.get(k, k), display(_named(k, v))) for k, v in value.items()]
        else:
            fields = list(value[0].keys()) if value else []
            section["header"] = [FIELD_LABELS.get(k, k) for k in fields]
            section["rows"] = [[display(_named(k, row.get(k))) for k in fields] for row in value]
        sections.append(section)
    return sections

"""What the report's numbers are called and how each is defined, in the user's language."""
from datetime import date

from flask_babel import lazy_gettext as _l

METRIC_NAMES = {
    "participants": _l("Participants"),
    "active": _l("Active learners"),
    "completed": _l("Completed the programme"),
    "mock_passed": _l("Passed a mock exam"),
    "registered": _l("Registered for the exam"),
    "language_passed": _l("Passed the language test"),
    "knowledge_passed": _l("Passed the knowledge test"),
    "citizenship": _l("Granted citizenship"),
    "exam_passed": _l("Passed a real exam"),
}
METRIC_DEFINITIONS = {
    "participants": _l("People enrolled at any time in the period in a group that matches the filters; each person once."),
    "active": _l("Participants who practised, sat a mock exam, opened a lesson or attended a session in the period."),
    "completed": _l("Participants who meet the completion definition of their group’s programme by the end of the period."),
    "mock_passed": _l("Participants who passed every part of a mock exam submitted in the period."),
    "registered": _l("Participants recorded as registered for the naturalisation exam in the period."),
    "language_passed": _l("Participants recorded as passing the real language test in the period."),
    "knowledge_passed": _l("Participants recorded as passing the real knowledge test in the period."),
    "citizenship": _l("Participants recorded as granted citizenship in the period."),
    "exam_passed": _l("Participants who passed the real language or knowledge test in the period."),
}

# The filters of a logged export, as (what, chosen value), in the order the report page shows them.
FILTER_LABELS = (("municipality_id", "municipality", _l("Municipality")), ("target_group", "group", _l("Target group")),
                 ("cohort_id", "cohort", _l("Group")), ("programme_id", "programme", _l("Programme")))


def describe_filters(filters: dict, names: dict) -> list[tuple[str, str]]:
    """The chosen filters of a logged export by name (never "municipality_id=5"); an entry that has
    since been removed from its list is shown by its number."""
    result = []
    for key, kind, label in FILTER_LABELS:
        value = (filters or {}).get(key)
        if value in (None, ""):
            continue
        result.append((label, names.get(kind, {}).get(value) or f"#{value}"))
    return result


def logged_period(filters: dict) -> tuple[date | None, date | None]:
    """The period of a logged export as dates (logs keep ISO text), None where it cannot be read."""
    def as_date(value):
        try:
            return date.fromisoformat(value)
        except (TypeError, ValueError):
            return None
    return as_date((filters or {}).get("start")), as_date((filters or {}).get("end"))

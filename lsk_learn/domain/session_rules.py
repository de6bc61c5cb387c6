"""When a signed-in session ends by itself: after a time without activity (shorter for staff, whose
pages hold other people's data), or at an absolute lifetime; never while the learner's mock exam
is running, so nobody is signed out in the middle of a timed test."""
from dataclasses import dataclass
from datetime import datetime, timedelta


@dataclass(frozen=True)
class SessionLimits:
    staff_idle: timedelta
    learner_idle: timedelta
    absolute: timedelta


def session_end_reason(created_at: datetime, last_seen_at: datetime, now: datetime, is_staff: bool,
                       limits: SessionLimits, exam_running: bool) -> str | None:
    """'absolute', 'idle', or None while the session may go on."""
    if exam_running:
        return None
    if now - created_at > limits.absolute:
        return "absolute"
    if now - last_seen_at > (limits.staff_idle if is_staff else limits.learner_idle):
        return "idle"
    return None

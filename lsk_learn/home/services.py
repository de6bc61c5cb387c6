"""What a learner's home page gathers from the learner features below it."""
from datetime import datetime

from ..cohorts.assignments import learner_assignments
from ..domain.assignment_state import for_learner
from ..domain.daily_goal import local_day
from ..domain.exam_rules import KNOWLEDGE, LANGUAGE
from ..exams import services as exam_services
from ..exams.readiness_queries import learner_readiness
from ..learn import services as learn_services
from ..notifications.services import unread_notifications
from ..profiles.services import learner_profile
from ..review import services as review_services


def learner_home(user_id: int, now: datetime) -> dict:
    """The dashboard's content: progress by topic, recent practice, today's review, exam
    readiness, teachers' assignments and unread notifications."""
    recent = learn_services.learner_sessions(user_id, limit=5)
    parts = exam_services.required_parts(user_id, KNOWLEDGE, now.date())
    parts += exam_services.required_parts(user_id, LANGUAGE, now.date())
    exam_date = learner_profile(user_id).planned_exam_date
    return {
        "topics": learn_services.learner_dashboard(user_id),
        "recent": recent,
        "unfinished": next((s for s in recent if s.finished_at is None), None),
        "due": review_services.due_counts(user_id, now),
        "plan": review_services.today_plan(user_id, now, exam_date),
        "streak": review_services.learner_streak(user_id, now),
        "unfinished_review": review_services.unfinished_review(user_id, now),
        "readiness": learner_readiness(user_id, parts),
        "assignments": for_learner(learner_assignments(user_id), local_day(now)),
        "notifications": unread_notifications(user_id),
    }

"""Reading and saving a learner's profile (what the exam rules and the review plan need)."""
from datetime import date

from ..domain.exam_rules import EXEMPTIONS
from ..extensions import db
from .models import LearnerProfile


def learner_profile(user_id: int) -> LearnerProfile:
    """The learner's profile, or an empty unsaved one if they never filled it in."""
    return db.session.get(LearnerProfile, user_id) or LearnerProfile(user_id=user_id, exemptions=[])


def save_profile(user_id: int, birth_year: int | None, exemptions: list[str], planned_exam_date: date | None) -> None:
    """Store the exam profile form; unknown exemptions are dropped."""
    profile = db.session.get(LearnerProfile, user_id)
    if profile is None:
        profile = LearnerProfile(user_id=user_id)
        db.session.add(profile)
    profile.birth_year = birth_year
    profile.exemptions = [e for e in exemptions if e in EXEMPTIONS]
    profile.planned_exam_date = planned_exam_date
    db.session.commit()

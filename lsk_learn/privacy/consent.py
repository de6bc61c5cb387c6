"""Who may appear in per-person exports: only people whose consent is recorded and who are not
erased. Withdrawing consent (participant details, "no") clears `consent_at`, so it removes them."""
from collections.abc import Iterable

from sqlalchemy import select

from ..auth.models import User
from ..extensions import db
from ..profiles.models import LearnerProfile


def exportable_people(user_ids: Iterable[int]) -> list[int]:
    """The given ids that may be listed by name, sorted."""
    ids = sorted(set(user_ids))
    if not ids:
        return []
    return sorted(db.session.scalars(
        select(LearnerProfile.user_id).join(User, User.id == LearnerProfile.user_id)
        .where(LearnerProfile.user_id.in_(ids), LearnerProfile.consent_at.is_not(None), User.erased_at.is_(None))))


def has_consent(profile: LearnerProfile | None) -> bool:
    return profile is not None and profile.consent_at is not None

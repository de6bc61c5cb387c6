"""Cohorts and enrolment: create and edit cohorts, add and import learners, join codes, moves."""
import secrets
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select

from ..auth.accounts import add_account, give_temporary_password
from ..auth.models import User
from ..auth.roles import Role
from ..core.i18n import LANGUAGES  # a new account starts in its language if it is one of them
from ..domain.enrolment_import import Candidate, username_for
from ..extensions import db
from ..profiles.models import LearnerProfile, Municipality, TargetGroup
from .models import Cohort, CohortTeacher, Enrolment, TeacherNote

_JOIN_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CONSENT_PURPOSE = "programme participation and funder reporting"


def municipality_choices() -> list[tuple[int, str]]:
    return [(m.id, m.name) for m in db.session.scalars(
        select(Municipality).where(Municipality.active.is_(True)).order_by(Municipality.position, Municipality.name))]


def target_group_choices(lang: str) -> list[tuple[str, str]]:
    return [(g.code, g.names.get(lang) or g.names.get("lv") or g.code) for g in db.session.scalars(
        select(TargetGroup).where(TargetGroup.active.is_(True)).order_by(TargetGroup.position))]


def target_group_lookup() -> dict[str, str]:
    """Every name of every group (in all languages) and its code, for matching imported cells."""
    lookup = {}
    for group in db.session.scalars(select(TargetGroup).where(TargetGroup.active.is_(True))):
        lookup[group.code] = group.code
        lookup.update({name: group.code for name in group.names.values()})
    return lookup


def teacher_choices() -> list[tuple[int, str]]:
    return [(u.id, u.display_name) for u in db.session.scalars(
        select(User).where(User.role == Role.TEACHER, User.is_enabled.is_(True)).order_by(User.display_name))]


def cohorts_for(visible: set[int] | None) -> list[tuple[Cohort, int]]:
    """Cohorts with their current learner counts, newest first."""
    current = (select(Enrolment.cohort_id, func.count(Enrolment.id).label("n"))
               .where(Enrolment.left_at.is_(None)).group_by(Enrolment.cohort_id).subquery())
    query = select(Cohort, func.coalesce(current.c.n, 0)).outerjoin(current, current.c.cohort_id == Cohort.id)
    if visible is not None:
        query = query.where(Cohort.id.in_(visible or {-1}))
    return list(db.session.execute(query.order_by(Cohort.starts_on.desc(), Cohort.name)).tuples())


def save_cohort(cohort: Cohort | None, data: dict, teacher_ids: list[int]) -> Cohort:
    """Create or update a cohort; its teachers become exactly `teacher_ids`."""
    if cohort is None:
        cohort = Cohort(join_code=new_join_code())
        db.session.add(cohort)
    for key in ("name", "municipality", "starts_on", "ends_on", "schedule", "target_groups"):
        setattr(cohort, key, data[key])
    wanted = set(teacher_ids)
    cohort.teachers = [t for t in cohort.teachers if t.user_id in wanted] + [
        CohortTeacher(user_id=uid) for uid in sorted(wanted - {t.user_id for t in cohort.teachers})]
    db.session.commit()
    return cohort


def new_join_code() -> str:
    while True:
        code = "".join(secrets.choice(_JOIN_ALPHABET) for _ in range(6))
        if db.session.scalar(select(Cohort.id).where(Cohort.join_code == code)) is None:
            return code


def renew_join_code(cohort: Cohort) -> str:
    """Give the cohort a new join code (the old one stops working) and return it."""
    cohort.join_code = new_join_code()
    db.session.commit()
    return cohort.join_code


def current_learners(cohort_id: int) -> list[User]:
    return list(db.session.scalars(
        select(User).join(Enrolment, Enrolment.user_id == User.id)
        .where(Enrolment.cohort_id == cohort_id, Enrolment.left_at.is_(None)).order_by(User.display_name)))


@dataclass
class NewAccount:
    user: User
    password: str


def create_learners(cohort: Cohort, candidates: list[Candidate], now: datetime, consent: bool = False) -> list[NewAccount]:
    """Accounts, profiles and enrolments for checked candidates, in one transaction. `consent`
    records that the teacher has the participants' consent to process their data for the programme."""
    taken = set(db.session.scalars(select(func.lower(User.username))))
    created = []
    for candidate in candidates:
        user, password = add_account(username_for(candidate.name, taken), candidate.name, Role.LEARNER,
                                     email=candidate.email,
                                     locale=candidate.language if candidate.language in LANGUAGES else None)
        db.session.flush()
        db.session.add(LearnerProfile(
            user_id=user.id, birth_year=candidate.birth_year, municipality_id=candidate.municipality_id,
            target_groups=candidate.target_groups, main_language=candidate.language, phone=candidate.phone,
            exemptions=[], consent_at=now if consent else None,
            consent_purpose=CONSENT_PURPOSE if consent else None,
        ))
        db.session.add(Enrolment(cohort_id=cohort.id, user_id=user.id, enrolled_at=now))
        created.append(NewAccount(user, password))
    db.session.commit()
    return created


def enrol_existing(cohort: Cohort, user: User, now: datetime) -> bool:
    """Enrol a learner (e.g. by join code); False if already a current member."""
    current = db.session.scalar(select(Enrolment).where(
        Enrolment.cohort_id == cohort.id, Enrolment.user_id == user.id, Enrolment.left_at.is_(None)))
    if current is not None:
        return False
    db.session.add(Enrolment(cohort_id=cohort.id, user_id=user.id, enrolled_at=now))
    db.session.commit()
    return True


def join_with_code(code: str, user_id: int, now: datetime) -> tuple[Cohort | None, bool]:
    """The cohort with this join code (None if there is none) and whether the learner was newly enrolled."""
    cohort = db.session.scalar(select(Cohort).where(Cohort.join_code == code))
    if cohort is None:
        return None, False
    return cohort, enrol_existing(cohort, db.session.get(User, user_id), now)


def add_note(learner_id: int, author_id: int, cohort_id: int, text: str, now: datetime) -> TeacherNote:
    """A teacher's note on a learner, kept with the group it was written in."""
    note = TeacherNote(learner_id=learner_id, author_id=author_id, cohort_id=cohort_id, text=text, created_at=now)
    db.session.add(note)
    db.session.commit()
    return note


def move_learner(learner: User, source: Cohort, target: Cohort, now: datetime) -> None:
    """Close the enrolment in `source` and open one in `target`; all answers stay with the learner."""
    for enrolment in db.session.scalars(select(Enrolment).where(
            Enrolment.cohort_id == source.id, Enrolment.user_id == learner.id, Enrolment.left_at.is_(None))):
        enrolment.left_at = now
    if source.id != target.id:
        db.session.add(Enrolment(cohort_id=target.id, user_id=learner.id, enrolled_at=now))
    db.session.commit()


def reset_passwords(learners: list[User]) -> list[NewAccount]:
    """New temporary passwords, for printed sign-in cards."""
    accounts = []
    for learner in learners:
        accounts.append(NewAccount(learner, give_temporary_password(learner)))
    db.session.commit()
    return accounts


def profile_of(user_id: int) -> LearnerProfile:
    """The learner's profile, created empty if they joined without one (e.g. by join code)."""
    profile = db.session.get(LearnerProfile, user_id)
    if profile is None:
        profile = LearnerProfile(user_id=user_id, exemptions=[])
        db.session.add(profile)
        db.session.flush()
    return profile


def update_details(person: User, profile: LearnerProfile, form, now: datetime) -> None:
    person.display_name = " ".join(form.name.data.split())
    person.email = form.email.data or None
    profile.birth_year = form.birth_year.data
    profile.municipality_id = form.municipality.data
    profile.target_groups = list(form.target_groups.data or [])
    profile.main_language = form.language.data
    profile.phone = form.phone.data or None
    if form.consent.data == "yes" and profile.consent_at is None:
        profile.consent_at, profile.consent_purpose = now, CONSENT_PURPOSE
    elif form.consent.data == "no":
        profile.consent_at = profile.consent_purpose = None  # consent withdrawn
    db.session.commit()

"""Erasing a person: personal fields and free text gone everywhere, the account closed, and every
funder report count unchanged (the anonymised records stay, GDPR art. 17(3)(b))."""
from datetime import date, datetime, timezone

import pytest
from sqlalchemy import JSON, String, cast, func, select

from lsk_learn.auth.roles import Role
from lsk_learn.cohorts.models import AttendanceMark, Enrolment, TeacherNote
from lsk_learn.exams.models import ExamAnswer, ExamAttempt, ExamItem, ExamPartResult
from lsk_learn.extensions import db
from lsk_learn.learn.models import HelpUse, PracticeAnswer
from lsk_learn.privacy.erasure import NotErasable, erase_person
from lsk_learn.profiles.models import LearnerProfile
from lsk_learn.reports.models import ExamOutcome
from lsk_learn.reports.services import ReportFilters, run_report
from lsk_learn.security import audit
from lsk_learn.security.models import AuditEvent, UserSession
from lsk_learn.notifications.models import Notification
from tests.conftest import PASSWORD
from tests.web.test_reports import seeded  # noqa: F401  the hand-checked report data set


def utc(*args):
    return datetime(*args, tzinfo=timezone.utc)


def text_hits(needles: list[str]) -> list[tuple[str, str, str]]:
    """(table, column, needle) for every text or JSON column of every table that contains a needle."""
    hits = []
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if not isinstance(column.type, (String, JSON)):
                continue
            value = cast(column, String) if isinstance(column.type, JSON) else column
            for needle in needles:
                if db.session.scalar(select(func.count()).select_from(table).where(value.ilike(f"%{needle}%"))):
                    hits.append((table.name, column.name, needle))
    return hits


def give_personal_data(person_id: int, name: str, username: str, phone: str, staff_id: int, when: datetime) -> None:
    """A phone, e-mail, notes, a written answer with a grader's comment, notes on outcomes, a help
    use, a notification, a sign-in session and audit entries naming the person."""
    from lsk_learn.auth.models import User

    user = db.session.get(User, person_id)
    user.display_name, user.username, user.email = name, username, f"{username}@example.lv"
    profile = db.session.get(LearnerProfile, person_id)
    profile.phone, profile.main_language, profile.consent_at = phone, "ru", when
    profile.consent_purpose, profile.planned_exam_date = "programme", date(2027, 3, 1)
    profile.exemptions = ["disability_no_writing"]
    db.session.add(TeacherNote(learner_id=person_id, author_id=staff_id, cohort_id=db.session.scalar(
        select(Enrolment.cohort_id).where(Enrolment.user_id == person_id).limit(1)), text=f"{name} needs large print."))
    for outcome in db.session.scalars(select(ExamOutcome).where(ExamOutcome.user_id == person_id)):
        outcome.note = f"{name} phoned from {phone}"
    for result in db.session.scalars(select(ExamPartResult).join(ExamAttempt, ExamAttempt.id == ExamPartResult.attempt_id)
                                     .where(ExamAttempt.user_id == person_id, ExamPartResult.part == "anthem")):
        result.details = {"errors": 0, "written": f"Dievs, svētī Latviju! ({name})"}  # the anthem as written
    attempt = ExamAttempt(user_id=person_id, kind="language", parts=["writing"], settings={}, status="submitted",
                          started_at=when, deadline_at=when, submitted_at=when)
    db.session.add(attempt)
    db.session.flush()
    item = ExamItem(attempt_id=attempt.id, part="writing", position=0, task_id="t-wri-001")
    db.session.add(item)
    db.session.flush()
    db.session.add(ExamAnswer(attempt_id=attempt.id, item_id=item.id, response={"text": f"Es esmu {name}, {phone}."},
                              is_correct=None, answered_at=when))
    db.session.add(ExamPartResult(attempt_id=attempt.id, part="writing", score=None, max_score=5, passed=None,
                                  details={"comment": f"Labi, {name}!"}))
    db.session.add(HelpUse(user_id=person_id, question_id="t-hist-001", kind="question", used_at=when))
    db.session.add(Notification(user_id=person_id, kind="graded", payload={"attempt_id": attempt.id}, created_at=when))
    db.session.add(UserSession(token_hash=f"{person_id:064d}", user_id=person_id, created_at=when, last_seen_at=when,
                               ip="10.0.0.7", user_agent=f"Phone of {name}"))
    audit.record("sign_in_failed", details_username=username)  # a failed sign-in records the name typed
    audit.record("personal_data_viewed", subject_id=person_id, actor_id=staff_id, note=f"looked at {name}")
    db.session.commit()


FILTER_SETS = [
    ReportFilters(date(2026, 10, 1), date(2026, 10, 31)),
    ReportFilters(date(2026, 9, 1), date(2026, 9, 30)),
    ReportFilters(date(2026, 1, 1), date(2026, 12, 31)),
    ReportFilters(date(2026, 10, 1), date(2026, 10, 31), target_group="senior"),
    ReportFilters(date(2026, 10, 1), date(2026, 10, 31), target_group="non_citizen"),
]


def all_reports(seeded_data) -> list:
    filters = FILTER_SETS + [
        ReportFilters(date(2026, 10, 1), date(2026, 10, 31), programme_id=seeded_data["programme"].id),
        ReportFilters(date(2026, 10, 1), date(2026, 10, 31),
                      municipality_id=seeded_data["municipality"]["Daugavpils valstspilsēta"]),
        ReportFilters(date(2026, 10, 1), date(2026, 10, 31), cohort_id=seeded_data["cohorts"]["A"].id),
    ]
    return [run_report(f) for f in filters]


def kept_counts(person_ids) -> dict:
    def count(model, column):
        return db.session.scalar(select(func.count()).select_from(model).where(column.in_(person_ids)))
    return {"enrolments": count(Enrolment, Enrolment.user_id), "answers": count(PracticeAnswer, PracticeAnswer.user_id),
            "attendance": count(AttendanceMark, AttendanceMark.user_id), "attempts": count(ExamAttempt, ExamAttempt.user_id),
            "outcomes": count(ExamOutcome, ExamOutcome.user_id), "help": count(HelpUse, HelpUse.user_id),
            "groups": sorted((p.user_id, p.municipality_id, tuple(p.target_groups)) for p in db.session.scalars(
                select(LearnerProfile).where(LearnerProfile.user_id.in_(person_ids))))}


def test_erasing_participants_leaves_every_report_count_unchanged(client, auth, make_user, seeded):  # noqa: F811
    staff = seeded["staff"]
    anna, fjodors = seeded["people"]["Anna"], seeded["people"]["Fjodors"]  # completer, exam passer; mock passer
    give_personal_data(anna, "Anna Kuzmina", "anna.kuzmina", "+371 29990001", staff.id, utc(2026, 10, 7, 9))
    give_personal_data(fjodors, "Fjodors Ivanovs", "fjodors.ivanovs", "+371 29990002", staff.id, utc(2026, 10, 8, 9))
    needles = ["Kuzmina", "anna.kuzmina", "29990001", "Ivanovs", "fjodors.ivanovs", "29990002"]
    assert {hit[2] for hit in text_hits(needles)} == set(needles)  # the search does find them before
    before, kept_before = all_reports(seeded), kept_counts([anna, fjodors])
    assert before[0].people["completed"] >= {anna} and fjodors in before[0].people["mock_passed"]

    # Anna through the confirmation page, Fjodors by the service function alone (no request)
    coordinator = make_user(Role.COORDINATOR, locale="en")
    auth.login(coordinator)
    page = client.get(f"/privacy/people/{anna}/erase").get_data(as_text=True)
    assert "Article 17(3)(b)" in page and "anna.kuzmina" in page
    wrong = client.post(f"/privacy/people/{anna}/erase", data={"username": "anna"})
    assert wrong.status_code == 200 and "This is not the person" in wrong.get_data(as_text=True)
    assert db.session.get(LearnerProfile, anna).phone == "+371 29990001"  # nothing erased yet
    assert client.post(f"/privacy/people/{anna}/erase", data={"username": "Anna.Kuzmina"}).status_code == 302
    auth.logout()
    erase_person(fjodors, None, utc(2026, 12, 1, 12))
    db.session.expire_all()

    assert all_reports(seeded) == before
    assert kept_counts([anna, fjodors]) == kept_before
    assert text_hits(needles) == []

    from lsk_learn.auth.models import User
    for uid in (anna, fjodors):
        user, profile = db.session.get(User, uid), db.session.get(LearnerProfile, uid)
        assert user.username == f"erased-{uid}" and f"#{uid}" in user.display_name and user.email is None
        assert not user.is_enabled and not user.check_password(PASSWORD) and user.erased_at is not None
        assert (profile.birth_year, profile.phone, profile.main_language, profile.consent_purpose,
                profile.exemptions, profile.planned_exam_date) == (None, None, None, None, [], None)
        assert db.session.scalar(select(func.count(TeacherNote.id)).where(TeacherNote.learner_id == uid)) == 0
        sessions = db.session.scalars(select(UserSession).where(UserSession.user_id == uid)).all()
        assert sessions and all(s.revoked_at is not None and s.ip is None for s in sessions)
    erased = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "person_erased")
                                .order_by(AuditEvent.subject_id)).all()
    assert [(e.subject_id, e.actor_id) for e in erased] == sorted([(anna, coordinator.id), (fjodors, None)])
    assert all(e.at is not None and e.details["erased_at"] for e in erased)
    # the account cannot be used any more, under either name
    for username in ("anna.kuzmina", f"erased-{anna}"):
        client.post("/auth/login", data={"username": username, "password": PASSWORD})
        assert "/auth/login" in client.get("/learn/").headers["Location"]


def test_only_coordinators_and_admins_erase_and_only_learners(client, auth, make_user):
    learner, teacher = make_user(), make_user(Role.TEACHER)
    auth.login(teacher)
    assert client.post(f"/privacy/people/{learner.id}/erase", data={"username": learner.username}).status_code == 403
    auth.logout()
    auth.login(make_user(Role.ADMIN, locale="en"))
    assert client.get(f"/privacy/people/{teacher.id}/erase").status_code == 404  # staff accounts are disabled instead
    assert client.get("/privacy/people/999999/erase").status_code == 404
    assert client.post(f"/privacy/people/{learner.id}/erase", data={"username": learner.username}).status_code == 302
    again = client.get(f"/privacy/people/{learner.id}/erase").get_data(as_text=True)
    assert "were erased on" in again and 'name="username"' not in again
    with pytest.raises(NotErasable):
        erase_person(learner.id, None, utc(2026, 12, 1))

"""A learner's own data (page and JSON), consent in per-person exports, and the audit entries for
views, changes and exports of personal data."""
import csv
import io
import json
from datetime import timedelta

from sqlalchemy import select

from lsk_learn.auth.roles import Role
from lsk_learn.cohorts.models import AttendanceMark, AttendanceSession, TeacherNote
from lsk_learn.core.time import utcnow
from lsk_learn.extensions import db
from lsk_learn.learn.models import HelpUse
from lsk_learn.privacy.erasure import erase_person
from lsk_learn.profiles.models import LearnerProfile
from lsk_learn.reports.models import ExamOutcome, ExportLog
from lsk_learn.review.models import ReviewCard
from lsk_learn.security.models import AuditEvent
from lsk_learn.learn.models import LessonProgress
from lsk_learn.notifications.models import Notification
from tests.web.test_cohorts import answer


def events(action: str) -> list[AuditEvent]:
    return db.session.scalars(select(AuditEvent).where(AuditEvent.action == action).order_by(AuditEvent.id)).all()


def profile_for(user, **fields):
    db.session.add(LearnerProfile(user_id=user.id, exemptions=[], **fields))
    db.session.commit()


def test_a_learner_downloads_all_their_data(client, auth, make_user, make_cohort, synced_bank):
    teacher = make_user(Role.TEACHER, display_name="Teacher Tamāra")
    olga = make_user(display_name="Olga Petrova", locale="en", email="olga@example.lv")
    other = make_user(display_name="Someone Else")
    cohort = make_cohort(teacher, [olga, other], name="Daugavpils A")
    now = utcnow()
    profile_for(olga, birth_year=1956, municipality_id=1, phone="+371 20001234", main_language="ru",
                consent_at=now, consent_purpose="programme participation and funder reporting", target_groups=["senior"])
    answer(olga, "t-hist-001", True)
    answer(other, "t-hist-002", False)
    session = AttendanceSession(cohort_id=cohort.id, held_on=now.date(), topic="Satversme", created_by_id=teacher.id)
    db.session.add(session)
    db.session.flush()
    db.session.add_all([
        AttendanceMark(session_id=session.id, user_id=olga.id, present=True),
        TeacherNote(learner_id=olga.id, author_id=teacher.id, cohort_id=cohort.id, text="Prefers the morning group."),
        TeacherNote(learner_id=other.id, author_id=teacher.id, cohort_id=cohort.id, text="Not about Olga."),
        ExamOutcome(user_id=olga.id, kind="registered", happened_on=now.date(), recorded_by_id=teacher.id,
                    note="Registered at PMLP."),
        ReviewCard(user_id=olga.id, item_type="question", item_id="t-hist-001", state={}, due_at=now + timedelta(days=3)),
        LessonProgress(user_id=olga.id, lesson_id="t-lesson-proclamation", opened_at=now, completed_at=now),
        Notification(user_id=olga.id, kind="graded", payload={"part": "writing"}, created_at=now),
        HelpUse(user_id=olga.id, question_id="t-hist-001", kind="explanation", used_at=now),
    ])
    db.session.commit()
    auth.login(olga)
    assert "/privacy/my-data" in client.get("/auth/profile").get_data(as_text=True)
    page = client.get("/privacy/my-data")
    text = page.get_data(as_text=True)
    assert page.status_code == 200
    for expected in ("Olga Petrova", "+371 20001234", "1956", "Prefers the morning group.", "Teacher Tamāra",
                     "Registered at PMLP.", "Kurā dienā proklamēja Latvijas Republiku?", "Satversme", "Daugavpils A"):
        assert expected in text, expected
    assert "Not about Olga." not in text and "Someone Else" not in text

    download = client.get("/privacy/my-data.json")
    assert download.mimetype == "application/json" and "attachment" in download.headers["Content-Disposition"]
    data = json.loads(download.data)
    assert data["account"]["display_name"] == "Olga Petrova" and data["account"]["email"] == "olga@example.lv"
    assert "password_hash" not in json.dumps(data) and data["account"]["two_factor"] is False
    assert data["exam_profile"]["birth_year"] == 1956
    assert data["participant"]["phone"] == "+371 20001234" and data["participant"]["consent_at"]
    assert [e["group"] for e in data["enrolments"]] == ["Daugavpils A"]
    assert [(a["question_id"], a["correct"]) for a in data["practice_answers"]] == [("t-hist-001", True)]
    assert [n["text"] for n in data["teacher_notes"]] == ["Prefers the morning group."]
    assert data["attendance"][0]["present"] is True and data["exam_outcomes"][0]["note"] == "Registered at PMLP."
    for section in ("review_cards", "lessons", "notifications", "help_uses"):
        assert len(data[section]) == 1, section
    assert [(e.subject_id, e.details["format"]) for e in events("own_data_exported")] == [(olga.id, "html"), (olga.id, "json")]


def test_own_data_is_for_learners_only(client, auth, make_user):
    auth.login(make_user(Role.TEACHER))
    assert client.get("/privacy/my-data").status_code == 403
    assert client.get("/privacy/my-data.json").status_code == 403


def test_withdrawn_consent_and_erasure_remove_people_from_the_participants_list(client, auth, make_user, make_cohort):
    teacher = make_user(Role.TEACHER, locale="en")
    keeps, withdraws, erased = (make_user(display_name=n) for n in ("Keeps Consent", "Withdraws Consent", "Is Erased"))
    cohort = make_cohort(teacher, [keeps, withdraws, erased])
    for person in (keeps, withdraws, erased):
        profile_for(person, birth_year=1950, municipality_id=1, consent_at=utcnow(), target_groups=["senior"])
    auth.login(teacher)
    details = {"name": "Withdraws Consent", "birth_year": "1950", "municipality": 1, "target_groups": ["senior"],
               "language": "ru", "phone": "", "email": "", "consent": "no"}
    assert client.post(f"/cohorts/{cohort.id}/learners/{withdraws.id}/details", data=details).status_code == 302
    page = client.get(f"/cohorts/{cohort.id}/learners/{withdraws.id}").get_data(as_text=True)
    assert "Year of birth" not in page and "No consent is recorded" in page  # records details hidden
    assert "Year of birth" in client.get(f"/cohorts/{cohort.id}/learners/{keeps.id}").get_data(as_text=True)
    auth.logout()
    erase_person(erased.id, None, utcnow())
    auth.login(make_user(Role.COORDINATOR, locale="en"))
    period = f"start={utcnow().date() - timedelta(days=1)}&end={utcnow().date() + timedelta(days=1)}"
    rows = list(csv.reader(io.StringIO(client.get(f"/reports/people.csv?{period}").get_data(as_text=True).lstrip("\ufeff"))))
    assert [r[0] for r in rows[1:]] == ["Keeps Consent"]
    report = csv.reader(io.StringIO(client.get(f"/reports/export.csv?{period}").get_data(as_text=True).lstrip("\ufeff")))
    assert ["Participants", "3"] in list(report)  # the counts still include everyone


def test_views_changes_and_exports_of_personal_data_are_audited(client, auth, make_user, make_cohort, synced_bank):
    teacher = make_user(Role.TEACHER, locale="en")
    learner = make_user(display_name="Vera")
    cohort = make_cohort(teacher, [learner])
    profile_for(learner, birth_year=1950, municipality_id=1, consent_at=utcnow(), phone="+371 20000001")
    auth.login(teacher)
    client.get(f"/cohorts/{cohort.id}/learners/{learner.id}")
    client.get(f"/cohorts/{cohort.id}/learners/{learner.id}/details")
    client.post(f"/cohorts/{cohort.id}/learners/{learner.id}/details", data={
        "name": "Vera", "birth_year": "1950", "municipality": 1, "language": "ru", "phone": "+371 20000009",
        "email": "", "consent": "yes"})
    client.get(f"/cohorts/{cohort.id}/export.csv")
    client.get(f"/cohorts/{cohort.id}/attendance.csv")
    viewed = events("personal_data_viewed")
    assert [(e.actor_id, e.subject_id, e.details["page"], e.details["cohort_id"]) for e in viewed] == [
        (teacher.id, learner.id, "learner", cohort.id), (teacher.id, learner.id, "details", cohort.id)]
    [edited] = events("personal_data_edited")
    assert (edited.actor_id, edited.subject_id) == (teacher.id, learner.id)
    assert "phone" in edited.details["fields"] and "20000009" not in json.dumps(edited.details)
    auth.logout()
    coordinator = make_user(Role.COORDINATOR)
    auth.login(coordinator)
    client.get("/reports/people.csv?start=2026-01-01&end=2026-12-31&municipality=1")
    client.get("/reports/export.xlsx?start=2026-01-01&end=2026-12-31")
    exported = [(e.actor_id, e.details["scope"], e.details["format"], e.details.get("cohort_id"),
                 (e.details.get("filters") or {}).get("municipality_id")) for e in events("personal_data_exported")]
    assert exported == [(teacher.id, "cohort", "csv", cohort.id, None), (teacher.id, "attendance", "csv", cohort.id, None),
                        (coordinator.id, "people", "csv", None, 1), (coordinator.id, "summary", "xlsx", None, None)]
    assert [(log.scope, log.format) for log in db.session.scalars(select(ExportLog).order_by(ExportLog.id))] == [
        ("people", "csv"), ("summary", "xlsx")]  # the export log is kept as before

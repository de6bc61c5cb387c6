"""monthly_activity: kept up to date on write (practice, lessons and mock exams through
daily_activity; attendance marks and the classes they belong to, moved or deleted, in the same
flush or not), equal to a recount from the raw rows and to what migration 0014's backfill builds,
and the funder report reads the same numbers from it as from the days and marks themselves."""
import random
from datetime import date, datetime, timedelta, timezone

import pytest
from sqlalchemy import insert, select
from sqlalchemy.engine import make_url

from lsk_learn.activity.services import activity_table, monthly_table, rebuild_activity, recount_months_from_raw_rows
from lsk_learn.auth.roles import Role
from lsk_learn.cohorts.attendance import save_marks
from lsk_learn.cohorts.models import AttendanceMark, AttendanceSession, Enrolment
from lsk_learn.domain.activity import ACTIVE_COUNTERS
from lsk_learn.exams.models import ExamAttempt
from lsk_learn.extensions import db
from lsk_learn.learn import services as learn
from lsk_learn.learn.models import PracticeAnswer
from lsk_learn.reports.services import ReportFilters, run_report
from lsk_learn.review.models import PracticeSession

from ..databases import new_postgres_database

OCT, NOV, DEC = date(2026, 10, 1), date(2026, 11, 1), date(2026, 12, 1)


def utc(*args):
    return datetime(*args, tzinfo=timezone.utc)


def month(activities=0, attendances=0):
    return {"activities": activities, "attendances": attendances}


def practise(user, when):
    session = PracticeSession(user_id=user.id, topic_id="history", question_ids=["t-hist-001"], started_at=when)
    db.session.add(session)
    db.session.flush()
    answer = PracticeAnswer(session_id=session.id, user_id=user.id, question_id="t-hist-001", position=0,
                            response="a", is_correct=True, score=1.0, answered_at=when)
    db.session.add(answer)
    return answer


def assert_recounted(expected: dict) -> None:
    db.session.commit()
    assert monthly_table() == expected
    assert recount_months_from_raw_rows() == expected


def test_practice_lessons_and_exams_count_in_rigas_month(app, make_user, synced_bank):
    learner = make_user()
    answer = practise(learner, utc(2026, 10, 31, 21, 30))   # 23:30 on 31 October in Riga
    practise(learner, utc(2026, 10, 31, 22, 30))            # 00:30 on 1 November
    learn.lesson_opened(learner.id, "t-lesson-proclamation", utc(2026, 11, 2, 9))
    learn.lesson_completed(learner.id, "t-lesson-proclamation", utc(2026, 12, 2, 9))  # read: not activity
    db.session.add(ExamAttempt(user_id=learner.id, kind="knowledge", parts=["history"], settings={},
                               status="in_progress", started_at=utc(2026, 11, 5, 9), deadline_at=utc(2026, 11, 5, 10)))
    assert_recounted({(learner.id, OCT): month(1), (learner.id, NOV): month(3)})
    db.session.delete(answer)
    assert_recounted({(learner.id, NOV): month(3)})  # October's only activity is gone, and its row


@pytest.fixture
def classes(app, make_user, make_cohort):
    teacher = make_user(Role.TEACHER)
    anna, boris = make_user(display_name="Anna"), make_user(display_name="Boris")
    cohort = make_cohort(teacher, [anna, boris])
    held = {}
    for day in (date(2026, 10, 6), date(2026, 10, 20), date(2026, 11, 3)):
        held[day] = AttendanceSession(cohort_id=cohort.id, held_on=day, created_by_id=teacher.id)
        db.session.add(held[day])
    db.session.commit()
    return anna, boris, cohort, teacher, held


def test_attendance_marks_count_in_their_class_month_whatever_changes(app, classes):
    anna, boris, cohort, teacher, held = classes
    october, later, november = held.values()
    save_marks(october, [anna.id, boris.id], {anna.id, boris.id})
    save_marks(november, [anna.id, boris.id], {anna.id})
    assert_recounted({(anna.id, OCT): month(attendances=1), (anna.id, NOV): month(attendances=1),
                      (boris.id, OCT): month(attendances=1)})

    save_marks(october, [anna.id, boris.id], {anna.id})              # Boris: absent after all
    assert_recounted({(anna.id, OCT): month(attendances=1), (anna.id, NOV): month(attendances=1)})

    db.session.expire_all()  # a class moved and a mark changed without their old values loaded
    october.held_on = date(2026, 11, 10)
    mark = db.session.scalar(select(AttendanceMark).where(AttendanceMark.session_id == november.id,
                                                          AttendanceMark.user_id == boris.id))
    db.session.expire(mark)
    mark.present = True
    assert_recounted({(anna.id, NOV): month(attendances=2), (boris.id, NOV): month(attendances=1)})

    mark.session_id = later.id                                       # the mark belonged to another class
    assert_recounted({(anna.id, NOV): month(attendances=2), (boris.id, OCT): month(attendances=1)})

    new_class = AttendanceSession(cohort_id=cohort.id, held_on=date(2026, 12, 1), created_by_id=teacher.id)
    db.session.add(new_class)
    db.session.flush()
    db.session.add(AttendanceMark(session_id=new_class.id, user_id=boris.id, present=True))
    new_class.held_on = date(2026, 12, 2)                            # moved before its marks are written
    assert_recounted({(anna.id, NOV): month(attendances=2), (boris.id, OCT): month(attendances=1),
                      (boris.id, DEC): month(attendances=1)})

    for gone in db.session.scalars(select(AttendanceMark).where(AttendanceMark.session_id == october.id)):
        db.session.delete(gone)
    db.session.delete(october)                                       # a class deleted with its marks
    db.session.delete(mark)
    assert_recounted({(anna.id, NOV): month(attendances=1), (boris.id, DEC): month(attendances=1)})


def test_a_month_keeps_its_row_while_anything_counts_in_it(app, classes, synced_bank):
    anna, _boris, _cohort, _teacher, held = classes
    october = held[date(2026, 10, 6)]
    answer = practise(anna, utc(2026, 10, 7, 9))
    save_marks(october, [anna.id], {anna.id})
    assert_recounted({(anna.id, OCT): month(1, 1)})
    save_marks(october, [anna.id], set())
    assert_recounted({(anna.id, OCT): month(1, 0)})
    db.session.delete(answer)
    assert_recounted({})


def test_a_rolled_back_mark_counts_nothing(app, classes):
    anna, _boris, _cohort, _teacher, held = classes
    db.session.add(AttendanceMark(session_id=held[date(2026, 10, 6)].id, user_id=anna.id, present=True))
    db.session.flush()
    db.session.rollback()
    assert monthly_table() == {}


def test_the_rebuild_recounts_the_months_of_a_bulk_load(app, runner, classes):
    anna, boris, _cohort, _teacher, held = classes
    db.session.execute(insert(AttendanceMark), [  # a Core insert bypasses the ORM hooks
        {"session_id": held[date(2026, 10, 6)].id, "user_id": anna.id, "present": True},
        {"session_id": held[date(2026, 11, 3)].id, "user_id": boris.id, "present": False}])
    db.session.commit()
    assert monthly_table() == {}
    result = runner.invoke(args=["activity", "rebuild"])
    assert result.exit_code == 0, result.output
    assert monthly_table() == {(anna.id, OCT): month(attendances=1)} == recount_months_from_raw_rows()
    rebuild_activity()
    db.session.commit()
    assert monthly_table() == {(anna.id, OCT): month(attendances=1)}


# ---------------------------------------------------------------------------- the report reads it

def _expected_active(participants: set[int], start: date, end: date) -> set[int]:
    """The "active" measure from its definition: a day from start to end with an answer, a first
    lesson opening or a mock exam (daily_activity), or a present mark at a class held then."""
    days = {uid for (uid, day), counts in activity_table().items()
            if start <= day <= end and any(counts[c] > 0 for c in ACTIVE_COUNTERS)}
    return (days | _present_between(start, end)) & participants


def _present_between(start: date, end: date) -> set[int]:
    rows = db.session.execute(select(AttendanceMark.user_id, AttendanceMark.present, AttendanceSession.held_on)
                              .join(AttendanceSession, AttendanceSession.id == AttendanceMark.session_id))
    return {uid for uid, present, held_on in rows if present and start <= held_on <= end}


def _month_ranges(start: date, end: date) -> list[tuple[date, date]]:
    ranges, first = [], start
    while first <= end:
        following = date(first.year + (first.month == 12), first.month % 12 + 1, 1)
        ranges.append((first, min(end, following - timedelta(days=1))))
        first = following
    return ranges


def test_the_report_counts_the_same_from_the_months_as_from_the_days(app, make_user, make_cohort, synced_bank):
    rng = random.Random(13)
    teacher = make_user(Role.TEACHER)
    people = [make_user() for _ in range(12)]
    cohort = make_cohort(teacher, [])
    for person in people[:10]:  # two are never enrolled: active, but not participants
        db.session.add(Enrolment(cohort_id=cohort.id, user_id=person.id, enrolled_at=utc(2026, 9, 1 + rng.randint(0, 20))))
    classes = [AttendanceSession(cohort_id=cohort.id, held_on=date(2026, 9, 25) + timedelta(days=7 * i),
                                 created_by_id=teacher.id) for i in range(12)]
    db.session.add_all(classes)
    db.session.flush()
    for person in people:
        for _ in range(rng.randint(0, 6)):  # around Riga's midnights, so the month edges matter
            practise(person, utc(2026, 9, 28, 21, 30) + timedelta(days=rng.randint(0, 100), minutes=rng.choice((0, 60))))
        for session in rng.sample(classes, 3):
            db.session.add(AttendanceMark(session_id=session.id, user_id=person.id, present=rng.random() < 0.6))
    db.session.commit()
    assert monthly_table() == recount_months_from_raw_rows()

    periods = [(date(2026, 10, 1), date(2026, 10, 31)), (date(2026, 9, 1), date(2026, 12, 31)),
               (date(2026, 9, 30), date(2026, 11, 1)), (date(2026, 10, 15), date(2026, 12, 3)),
               (date(2026, 11, 30), date(2026, 11, 30)), (date(2026, 10, 3), date(2026, 10, 9)),
               (date(2026, 8, 1), date(2027, 1, 31))]
    for start, end in periods:
        report = run_report(ReportFilters(start, end))
        participants = report.people["participants"]
        assert report.people["active"] == _expected_active(participants, start, end), (start, end)
        assert [active for _month, active, _new in report.monthly] == [
            len(_expected_active(participants, a, b)) for a, b in _month_ranges(start, end)], (start, end)


def test_a_new_mark_shows_in_the_report_at_once(app, classes):
    anna, boris, _cohort, _teacher, held = classes
    for enrolment in db.session.scalars(select(Enrolment)):
        enrolment.enrolled_at = utc(2026, 9, 1)
    db.session.commit()
    october = ReportFilters(date(2026, 10, 1), date(2026, 10, 31))
    assert run_report(october).people["active"] == set()
    save_marks(held[date(2026, 10, 20)], [anna.id, boris.id], {boris.id})
    report = run_report(october)
    assert report.people["active"] == {boris.id} and report.monthly == [("2026-10", 1, 0)]
    assert report.attendances == 1


# ---------------------------------------------------------------------------- migration 0014

@pytest.fixture
def months_database_url(database_url, tmp_path):
    """A database of its own (the test migrates it step by step): a SQLite file, or a new
    PostgreSQL database next to the test run's."""
    if make_url(database_url).get_backend_name() == "sqlite":
        yield f"sqlite:///{tmp_path / 'months.sqlite3'}"
        return
    with new_postgres_database(database_url, "lsk_months") as url:
        yield url


def test_the_migration_backfills_the_months_and_goes_back(months_database_url):
    from flask_migrate import downgrade, upgrade
    from sqlalchemy import inspect

    from lsk_learn import create_app
    from lsk_learn.config import TestConfig

    app = create_app(TestConfig(months_database_url))
    with app.app_context():
        upgrade(revision="0013")
        tables = db.metadata.tables
        when = utc(2026, 10, 1)
        with db.engine.begin() as connection:  # rows as version 0013 wrote them: no monthly_activity yet
            connection.execute(insert(tables["user"]), [
                {"id": i, "username": f"u{i}", "display_name": f"U{i}", "password_hash": "x", "role": "learner",
                 "is_enabled": True, "must_change_password": False, "large_text": False, "created_at": when}
                for i in (1, 2, 3)])
            connection.execute(insert(tables["daily_activity"]), [
                {"user_id": 1, "day": date(2026, 10, 31), "answers": 3, "correct": 1, "practice_sessions": 1,
                 "lessons_opened": 1, "lessons_done": 0, "exams_started": 0},
                {"user_id": 1, "day": date(2026, 11, 1), "answers": 0, "correct": 0, "practice_sessions": 0,
                 "lessons_opened": 0, "lessons_done": 0, "exams_started": 1},
                {"user_id": 2, "day": date(2026, 11, 2), "answers": 0, "correct": 0, "practice_sessions": 1,
                 "lessons_opened": 0, "lessons_done": 2, "exams_started": 0}])  # nothing that makes one active
            connection.execute(insert(tables["cohort"]), [
                {"id": 1, "name": "A", "municipality": "Daugavpils valstspilsēta", "starts_on": date(2026, 9, 1),
                 "target_groups": [], "created_at": when}])
            connection.execute(insert(tables["attendance_session"]), [
                {"id": s, "cohort_id": 1, "held_on": day, "created_by_id": 3, "created_at": when}
                for s, day in ((1, date(2026, 10, 31)), (2, date(2026, 11, 1)), (3, date(2026, 11, 30)))])
            connection.execute(insert(tables["attendance_mark"]), [
                {"session_id": s, "user_id": u, "present": present}
                for s, u, present in ((1, 2, True), (2, 2, True), (3, 2, True), (3, 1, False))])
        upgrade(revision="0014")
        backfilled = monthly_table()
        recounted = recount_months_from_raw_rows(activity_table())
        indexes = {i["name"] for i in inspect(db.engine).get_indexes("daily_activity")}
        db.session.remove()  # its open read transaction would hold PostgreSQL's lock the DROP INDEX waits for
        downgrade(revision="0013")
        after_downgrade = set(inspect(db.engine).get_table_names()), {
            i["name"] for i in inspect(db.engine).get_indexes("daily_activity")}
        upgrade(revision="0014")
        again = monthly_table()
        db.session.remove()
        db.engine.dispose()
    assert backfilled == {(1, OCT): month(4), (1, NOV): month(1), (2, OCT): month(attendances=1),
                          (2, NOV): month(attendances=2)}
    assert backfilled == recounted == again
    assert "ix_daily_activity_day" in indexes
    assert "monthly_activity" not in after_downgrade[0] and "ix_daily_activity_day" not in after_downgrade[1]

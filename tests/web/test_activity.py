"""daily_activity: kept up to date on write (every ORM write of an answer, session, lesson or mock
exam, in its transaction) on Riga's calendar, equal to a recount from the raw rows, and the same
as what migration 0012's backfill builds from an existing database."""
import random
from datetime import date, datetime, timedelta, timezone

from sqlalchemy import delete, insert

from lsk_learn.activity.models import DailyActivity
from lsk_learn.activity.services import activity_table, rebuild_activity, recount_from_raw_rows
from lsk_learn.bank.keys import question_key
from lsk_learn.bank.models import Question
from lsk_learn.domain.activity import COUNTERS
from lsk_learn.exams.models import ExamAttempt
from lsk_learn.extensions import db
from lsk_learn.learn import services as learn
from lsk_learn.learn.models import LessonProgress, PracticeAnswer
from lsk_learn.review.models import PracticeSession


LESSON = "t-lesson-proclamation"


def utc(*args):
    return datetime(*args, tzinfo=timezone.utc)


def day(**counts):
    return {c: counts.get(c, 0) for c in COUNTERS}


def _form(question: Question, right: bool) -> dict:
    key = question_key(question)
    wrong = next(o for o in key.option_ids if o != key.answer)
    return {"answer": [key.answer if right else wrong]}


def test_practice_lessons_and_exams_count_on_rigas_day_across_midnight(app, make_user, synced_bank):
    learner = make_user()
    # 21:50 UTC on 10 November is 23:50 in Riga (UTC+2 in winter); 22:30 UTC is already 00:30 on the 11th
    session = learn.start_practice(learner.id, "history", None, 3, utc(2026, 11, 10, 21, 50), random.Random(1))
    questions = [db.session.get(Question, q) for q in session.question_ids]
    learn.record_answer(session, 0, _form(questions[0], True), utc(2026, 11, 10, 21, 55))
    learn.record_answer(session, 0, _form(questions[0], False), utc(2026, 11, 10, 21, 56))  # a repeat: not stored
    learn.lesson_opened(learner.id, LESSON, utc(2026, 11, 10, 21, 59))
    learn.record_answer(session, 1, _form(questions[1], False), utc(2026, 11, 10, 22, 30))
    learn.record_answer(session, 2, _form(questions[2], True), utc(2026, 11, 10, 22, 31))
    learn.lesson_opened(learner.id, LESSON, utc(2026, 11, 10, 22, 35))  # opened again: the first time counts
    learn.lesson_completed(learner.id, LESSON, utc(2026, 11, 10, 22, 40))
    learn.lesson_completed(learner.id, LESSON, utc(2026, 11, 10, 22, 45))  # already done

    other = make_user()
    # summer (UTC+3): 21:30 UTC on 30 June is 00:30 on 1 July in Riga
    written = PracticeSession(user_id=other.id, topic_id="history", question_ids=["t-hist-001"],
                              started_at=utc(2026, 6, 30, 20, 59))
    db.session.add(written)
    db.session.flush()
    db.session.add_all([
        PracticeAnswer(session_id=written.id, user_id=other.id, question_id="t-hist-001", position=0, response="a",
                       is_correct=True, score=1.0, answered_at=utc(2026, 6, 30, 21, 30)),
        ExamAttempt(user_id=other.id, kind="knowledge", parts=["history"], settings={}, status="in_progress",
                    started_at=utc(2026, 6, 30, 20, 0), deadline_at=utc(2026, 6, 30, 21, 0)),
    ])
    db.session.commit()

    assert activity_table() == {
        (learner.id, date(2026, 11, 10)): day(answers=1, correct=1, practice_sessions=1, lessons_opened=1),
        (learner.id, date(2026, 11, 11)): day(answers=2, correct=1, lessons_done=1),
        (other.id, date(2026, 6, 30)): day(practice_sessions=1, exams_started=1),
        (other.id, date(2026, 7, 1)): day(answers=1, correct=1),
    }
    assert activity_table() == recount_from_raw_rows()


def test_changes_and_deletions_move_the_counts_and_a_rebuild_changes_nothing(app, make_user, synced_bank):
    learner = make_user()
    session = PracticeSession(user_id=learner.id, topic_id="history", question_ids=["t-hist-001", "t-hist-002"],
                              started_at=utc(2026, 3, 2, 9))
    db.session.add(session)
    db.session.flush()
    answers = [PracticeAnswer(session_id=session.id, user_id=learner.id, question_id=q, position=i, response="a",
                              is_correct=i == 0, score=1.0, answered_at=utc(2026, 3, 2, 9, i)) for i, q in
               enumerate(session.question_ids)]
    progress = LessonProgress(user_id=learner.id, lesson_id=LESSON, opened_at=utc(2026, 3, 2, 9))
    db.session.add_all([*answers, progress])
    db.session.commit()

    progress.completed_at = utc(2026, 3, 3, 21, 30)   # 23:30 on 3 March in Riga
    answers[1].is_correct = True
    db.session.commit()
    progress.completed_at = utc(2026, 3, 3, 22, 30)   # corrected: 00:30 on the 4th
    db.session.delete(answers[0])
    db.session.commit()

    expected = {(learner.id, date(2026, 3, 2)): day(answers=1, correct=1, practice_sessions=1, lessons_opened=1),
                (learner.id, date(2026, 3, 4)): day(lessons_done=1)}
    assert activity_table() == expected == recount_from_raw_rows()
    rebuild_activity()
    db.session.commit()
    assert activity_table() == expected


def test_a_rolled_back_answer_counts_nothing(app, make_user, synced_bank):
    learner = make_user()
    session = PracticeSession(user_id=learner.id, topic_id="history", question_ids=["t-hist-001"],
                              started_at=utc(2026, 3, 2, 9))
    db.session.add(session)
    db.session.commit()
    db.session.add(PracticeAnswer(session_id=session.id, user_id=learner.id, question_id="t-hist-001", position=0,
                                  response="a", is_correct=True, score=1.0, answered_at=utc(2026, 3, 2, 9)))
    db.session.flush()
    db.session.rollback()
    assert activity_table() == {(learner.id, date(2026, 3, 2)): day(practice_sessions=1)}


def test_the_rebuild_command_recounts_a_bulk_load(app, runner, make_user, synced_bank):
    learner = make_user()
    session = PracticeSession(user_id=learner.id, topic_id="history", question_ids=["t-hist-001"],
                              started_at=utc(2026, 5, 5, 8))
    db.session.add(session)
    db.session.commit()
    db.session.execute(insert(PracticeAnswer), [  # a Core insert bypasses the ORM hook
        {"session_id": session.id, "user_id": learner.id, "question_id": "t-hist-001", "position": 0, "response": "a",
         "is_correct": False, "score": 0.0, "answered_at": utc(2026, 5, 5, 8)}])
    db.session.execute(delete(DailyActivity))
    db.session.commit()
    result = runner.invoke(args=["activity", "rebuild"])
    assert result.exit_code == 0, result.output
    assert "1 person-days" in result.output
    assert activity_table() == {(learner.id, date(2026, 5, 5)): day(answers=1, practice_sessions=1)}


# ---------------------------------------------------------------------------- migration 0012

def test_the_migration_backfills_the_table_from_existing_rows(empty_database_url):
    from flask_migrate import upgrade

    from lsk_learn import create_app
    from lsk_learn.bank.loader import load_bank
    from lsk_learn.config import TestConfig
    from tests.conftest import FIXTURE_BANK
    from tests.databases import insert_bank_rows

    app = create_app(TestConfig(empty_database_url, question_bank_path=str(FIXTURE_BANK)))
    with app.app_context():
        upgrade(revision="0011")
        tables = db.metadata.tables
        insert_bank_rows(load_bank(FIXTURE_BANK), tables)  # as of 0011: today's sync writes later tables
        evening = utc(2026, 11, 10, 21, 45)  # 23:45 in Riga; +30 minutes is the next day there
        with db.engine.begin() as connection:  # rows as an older version wrote them: no daily_activity yet
            connection.execute(insert(tables["user"]), [
                {"id": i, "username": f"u{i}", "display_name": f"U{i}", "password_hash": "x", "role": "learner",
                 "is_enabled": True, "must_change_password": False, "large_text": False, "created_at": evening}
                for i in (1, 2)])
            connection.execute(insert(tables["practice_session"]), [
                {"id": 1, "user_id": 1, "topic_id": "history", "mode": "practice", "question_ids": ["t-hist-001"],
                 "started_at": evening},
                {"id": 2, "user_id": 2, "topic_id": None, "mode": "review", "question_ids": ["t-hist-002"],
                 "started_at": utc(2026, 6, 30, 21, 5)}])
            connection.execute(insert(tables["practice_answer"]), [
                {"session_id": 1, "user_id": 1, "question_id": q, "position": i, "response": "a",
                 "is_correct": i != 1, "score": 1.0, "answered_at": evening + timedelta(minutes=10 * i)}
                for i, q in enumerate(["t-hist-001", "t-hist-002", "t-hist-003", "t-hist-001"])] + [
                {"session_id": 2, "user_id": 2, "question_id": "t-hist-002", "position": 0, "response": "b",
                 "is_correct": True, "score": 1.0, "answered_at": utc(2026, 6, 30, 21, 10)}])
            connection.execute(insert(tables["lesson_progress"]), [
                {"user_id": 1, "lesson_id": LESSON, "opened_at": evening, "completed_at": evening + timedelta(hours=1)}])
            connection.execute(insert(tables["exam_attempt"]), [
                {"user_id": 2, "kind": "knowledge", "parts": ["history"], "settings": {}, "status": "submitted",
                 "started_at": utc(2026, 6, 30, 20, 0), "deadline_at": utc(2026, 6, 30, 21, 0),
                 "submitted_at": utc(2026, 6, 30, 20, 40)}])
        upgrade()
        backfilled = activity_table()
        recounted = recount_from_raw_rows()
        db.session.remove()
        db.engine.dispose()
    assert backfilled == {
        (1, date(2026, 11, 10)): day(answers=2, correct=1, practice_sessions=1, lessons_opened=1),
        (1, date(2026, 11, 11)): day(answers=2, correct=2, lessons_done=1),
        (2, date(2026, 6, 30)): day(exams_started=1),
        (2, date(2026, 7, 1)): day(answers=1, correct=1, practice_sessions=1),
    }
    assert backfilled == recounted


def test_the_demo_data_fills_the_table(app, runner, monkeypatch):
    from tests.conftest import REAL_BANK

    monkeypatch.setitem(app.config, "QUESTION_BANK_PATH", str(REAL_BANK))
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    table = activity_table()
    assert sum(counts["answers"] for counts in table.values()) > 100
    assert table == recount_from_raw_rows()

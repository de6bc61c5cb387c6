"""`flask bank check` and `flask bank sync` against a real database and real files."""
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func, select

from lsk_learn.bank.models import Lesson, Question
from lsk_learn.extensions import db
from lsk_learn.learn.models import PracticeAnswer
from lsk_learn.review.models import PracticeSession

FIXTURE_BANK = Path(__file__).parent.parent / "fixtures" / "bank"


@pytest.fixture
def bank_copy(app, tmp_path, monkeypatch):
    root = tmp_path / "bank"
    shutil.copytree(FIXTURE_BANK, root)
    monkeypatch.setitem(app.config, "QUESTION_BANK_PATH", str(root))
    return root


def test_check_passes_on_a_clean_bank(runner):
    result = runner.invoke(args=["bank", "check"])
    assert result.exit_code == 0
    assert "OK: 5 topics, 9 questions, 0 passages, 1 lessons, 3 vocabulary entries, 1 tasks." in result.output


def test_check_fails_and_lists_problems(runner, bank_copy):
    path = bank_copy / "questions" / "satversme" / "ch2-saeima.yaml"
    path.write_text(path.read_text().replace("answer: a", "answer: z"))
    result = runner.invoke(args=["bank", "check"])
    assert result.exit_code == 1
    assert "bank/questions/satversme/ch2-saeima.yaml:13: question 't-sat-001': answer 'z' is not one of the options (a, b, c)" in result.output
    assert "1 problem(s) found." in result.output


def test_sync_imports_then_changes_nothing(runner):
    first = runner.invoke(args=["bank", "sync"])
    assert first.exit_code == 0, first.output
    assert "questions: 9 added, 0 updated, 0 retired, 0 unchanged" in first.output
    assert "vocabulary: 3 added, 0 updated, 0 retired, 0 unchanged" in first.output
    assert "tasks: 1 added, 0 updated, 0 retired, 0 unchanged" in first.output
    assert "anthem: 1 added, 0 updated, 0 retired, 0 unchanged" in first.output
    assert db.session.scalar(select(func.count(Question.id))) == 9
    second = runner.invoke(args=["bank", "sync"])
    assert "questions: 0 added, 0 updated, 0 retired, 9 unchanged" in second.output
    assert "lessons: 0 added, 0 updated, 0 retired, 1 unchanged" in second.output
    assert "vocabulary: 0 added, 0 updated, 0 retired, 3 unchanged" in second.output
    assert "No changes." in second.output


def test_editing_a_question_updates_it(runner, bank_copy):
    runner.invoke(args=["bank", "sync"])
    path = bank_copy / "questions" / "satversme" / "ch2-saeima.yaml"
    path.write_text(path.read_text().replace("Cik deputātu ir Saeimā?", "Cik deputātu ievēl Saeimā?"))
    result = runner.invoke(args=["bank", "sync"])
    assert "questions: 0 added, 1 updated, 0 retired, 8 unchanged" in result.output
    db.session.expire_all()
    assert db.session.get(Question, "t-sat-001").text["lv"] == "Cik deputātu ievēl Saeimā?"


def test_removing_a_question_retires_it_and_keeps_answers(runner, bank_copy, make_user):
    runner.invoke(args=["bank", "sync"])
    learner = make_user()
    session = PracticeSession(user_id=learner.id, topic_id="satversme", question_ids=["t-sat-001"])
    db.session.add(session)
    db.session.flush()
    db.session.add(PracticeAnswer(session_id=session.id, user_id=learner.id, question_id="t-sat-001",
                                  position=0, response="a", is_correct=True, score=1.0))
    db.session.commit()
    (bank_copy / "questions" / "satversme" / "ch2-saeima.yaml").write_text(
        "topic: satversme\nsubtopic: ch2-saeima\nquestions: []\n")
    result = runner.invoke(args=["bank", "sync"])
    assert "questions: 0 added, 0 updated, 1 retired, 8 unchanged" in result.output
    db.session.expire_all()
    retired = db.session.get(Question, "t-sat-001")
    assert retired is not None and retired.retired_at is not None
    assert db.session.scalar(select(func.count(PracticeAnswer.id))) == 1
    # a retired question that comes back is live again
    shutil.copy(FIXTURE_BANK / "questions" / "satversme" / "ch2-saeima.yaml",
                bank_copy / "questions" / "satversme" / "ch2-saeima.yaml")
    again = runner.invoke(args=["bank", "sync"])
    assert "questions: 0 added, 1 updated, 0 retired, 8 unchanged" in again.output
    db.session.expire_all()
    assert db.session.get(Question, "t-sat-001").retired_at is None


def test_sync_refuses_a_broken_bank(runner, bank_copy):
    (bank_copy / "questions" / "history" / "broken.yaml").write_text("topic: [\n")
    result = runner.invoke(args=["bank", "sync"])
    assert result.exit_code == 1
    assert "Nothing imported" in result.output
    assert db.session.scalar(select(func.count(Question.id))) == 0


def test_lessons_are_imported_with_translations(runner):
    runner.invoke(args=["bank", "sync"])
    lesson = db.session.get(Lesson, "t-lesson-proclamation")
    assert set(lesson.body) == {"lv", "ru"}
    assert lesson.question_ids == ["t-hist-001"]

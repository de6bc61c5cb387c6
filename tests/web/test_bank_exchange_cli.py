"""`flask bank export` and `flask bank import` on a real database and real files (issue 14)."""
import shutil

import pytest
from sqlalchemy import func, select

from lsk_learn.auth.roles import Role
from lsk_learn.bank.loader import load_bank
from lsk_learn.bank.models import Question
from lsk_learn.bank.versions import DRAFT, FROM_IMPORT, QuestionVersion
from lsk_learn.extensions import db
from tests.conftest import FIXTURE_BANK


@pytest.fixture
def teacher(make_user):
    return make_user(Role.TEACHER, username="skolotaja")


def _versions() -> int:
    return db.session.scalar(select(func.count(QuestionVersion.id)))


def test_yaml_export_passes_the_bank_check(runner, synced_bank, tmp_path):
    out = tmp_path / "export"
    result = runner.invoke(args=["bank", "export", "--format", "yaml", "--output", str(out)])
    assert result.exit_code == 0, result.output
    copy = tmp_path / "bank"
    shutil.copytree(FIXTURE_BANK, copy, ignore=shutil.ignore_patterns("questions"))
    shutil.copytree(out / "questions", copy / "questions")
    again = load_bank(copy)
    assert [str(p) for p in again.problems] == []
    assert sorted(q.id for q in again.questions) == sorted(q.id for q in synced_bank.questions if q.status == "checked")


@pytest.mark.parametrize("fmt, name", [("moodle", "bank.xml"), ("gift", "bank.gift")])
def test_an_exported_file_imports_back_as_the_same_questions(runner, synced_bank, teacher, tmp_path, fmt, name):
    path = tmp_path / name
    assert runner.invoke(args=["bank", "export", "--format", fmt, "--output", str(path)]).exit_code == 0
    before = _versions()
    preview = runner.invoke(args=["bank", "import", str(path), "--as", teacher.username])
    assert preview.exit_code == 0, preview.output
    assert "Nothing written (preview)" in preview.output and "skipped" in preview.output
    assert _versions() == before

    same = runner.invoke(args=["bank", "import", str(path), "--as", teacher.username, "--yes"])
    assert same.exit_code == 0, same.output
    assert "0 draft(s) written" in same.output  # every question is already here as it is
    assert _versions() == before

    text = path.read_text(encoding="utf-8").replace("Cik deputātu ir Saeimā?", "Cik deputātu ir Latvijas Saeimā?")
    path.write_text(text, encoding="utf-8")
    changed = runner.invoke(args=["bank", "import", str(path), "--as", teacher.username, "--yes"])
    assert "1 draft(s) written" in changed.output, changed.output
    version = db.session.scalars(select(QuestionVersion).order_by(QuestionVersion.id.desc())).first()
    assert (version.question_id, version.state, version.origin, version.author_id) == ("t-sat-001", DRAFT, FROM_IMPORT, teacher.id)
    assert version.content["text"]["lv"] == "Cik deputātu ir Latvijas Saeimā?"
    assert db.session.get(Question, "t-sat-001").text["lv"] == "Cik deputātu ir Saeimā?"  # learners: unchanged


def test_a_broken_file_is_refused_whole_with_its_place(runner, synced_bank, teacher, tmp_path):
    path = tmp_path / "broken.gift"
    path.write_text("::Q1:: Kas? {=Jā ~Nē}\n\n::Q2:: Kur? {=Rīgā ~Daugavpilī\n", encoding="utf-8")
    count = db.session.scalar(select(func.count(Question.id)))
    result = runner.invoke(args=["bank", "import", str(path), "--as", teacher.username, "--yes",
                                 "--topic", "satversme", "--subtopic", "ch2-saeima"])
    assert result.exit_code == 1
    assert "line 3" in result.output and "Nothing imported." in result.output
    assert db.session.scalar(select(func.count(Question.id))) == count


def test_only_teachers_and_admins_import(runner, synced_bank, make_user, tmp_path):
    learner = make_user(Role.LEARNER)
    path = tmp_path / "q.gift"
    path.write_text("Vai Saeimā ir 100 deputātu? {T}\n", encoding="utf-8")
    result = runner.invoke(args=["bank", "import", str(path), "--as", learner.username])
    assert result.exit_code == 2 and "is not a teacher or admin account" in result.output

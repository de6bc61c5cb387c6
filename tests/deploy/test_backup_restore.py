"""`flask backup` and `flask restore` (issue 13): a database with a learner's mock exam is backed up,
restored into a fresh database, and the app runs on the restored copy: the learner signs in and sees
their answers. On SQLite (the online backup API) and on PostgreSQL (pg_dump / pg_restore, databases
of its own on the test server, dropped afterwards)."""
import shutil
from contextlib import contextmanager

import pytest
from flask_migrate import upgrade
from sqlalchemy import func, select

from lsk_learn import create_app
from lsk_learn.auth.models import User
from lsk_learn.auth.roles import Role
from lsk_learn.bank.loader import load_bank
from lsk_learn.bank.sync import sync_bank
from lsk_learn import config
from lsk_learn.core.time import utcnow
from lsk_learn.exams.models import ExamAnswer
from lsk_learn.extensions import db
from tests.conftest import PASSWORD
from tests.web.exam_bank import build_exam_bank
from tests.web.test_exams import answer_all, latest_attempt, start

from .support import missing, postgres_database


@contextmanager
def running(url: str, bank=None):
    """The app on `url`, inside its app context; its connections closed afterwards."""
    app = create_app(config.TestConfig(url, question_bank_path=str(bank) if bank else None))
    with app.app_context():
        try:
            yield app
        finally:
            db.session.remove()
            db.engine.dispose()


@pytest.fixture(params=["sqlite", "postgresql"])
def databases(request, tmp_path):
    """(source, fresh target) URLs of the kind under test."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'live.sqlite3'}", f"sqlite:///{tmp_path / 'restored' / 'copy.sqlite3'}"
        return
    if shutil.which("pg_dump") is None or shutil.which("pg_restore") is None:
        missing("pg_dump and pg_restore (Debian package: postgresql-client)")
    with postgres_database("lsk_backup_src") as source, postgres_database("lsk_backup_dst") as target:
        yield source, target


def sit_an_exam(app, bank):
    """A learner who sat a mock exam with three wrong answers; returns (username, attempt id)."""
    sync_bank(load_bank(bank), utcnow())
    learner = User(username="olga", display_name="Olga Ivanova", role=Role.LEARNER, locale="en")
    learner.set_password(PASSWORD)
    db.session.add(learner)
    db.session.commit()
    client = app.test_client()
    client.post("/auth/login", data={"username": "olga", "password": PASSWORD})
    start(client)
    attempt = latest_attempt()
    answer_all(client, attempt, wrong=[i.position for i in attempt.items if i.part == "history"][:3])
    assert client.post(f"/exams/{attempt.id}/submit").status_code == 302
    return attempt.id


def test_backup_then_restore_into_a_fresh_database_and_serve_from_it(databases, tmp_path):
    source, target = databases
    bank = build_exam_bank(tmp_path / "bank")
    backup_file = tmp_path / "lsk-learn.backup"
    (tmp_path / "restored").mkdir()
    with running(source) as app:
        upgrade()
        attempt_id = sit_an_exam(app, bank)
        answers = db.session.scalar(select(func.count(ExamAnswer.id)))
        result = app.test_cli_runner().invoke(args=["backup", str(backup_file)])
        assert result.exit_code == 0, result.output
        assert f"Backup written to {backup_file}" in result.output
        assert not list(tmp_path.glob("*.partial"))
        again = app.test_cli_runner().invoke(args=["backup", str(backup_file)])
        assert again.exit_code == 1 and "exists" in again.output  # never overwritten by mistake

    with running(target) as app:
        runner = app.test_cli_runner()
        restored = runner.invoke(args=["restore", str(backup_file), "--yes"])
        assert restored.exit_code == 0, restored.output
        assert "Migrations: at head" in restored.output
        health = runner.invoke(args=["health"])
        assert health.exit_code == 0, health.output
        assert db.session.scalar(select(func.count(ExamAnswer.id))) == answers == 19

        client = app.test_client()
        assert client.post("/auth/login", data={"username": "olga", "password": PASSWORD}).status_code == 302
        page = client.get(f"/exams/{attempt_id}/results")
        assert page.status_code == 200
        text = page.get_data(as_text=True)
        assert "7 / 10" in text and "8 / 8" in text  # history with its three wrong answers, Satversme
        assert client.get("/learn/").status_code == 200


def test_restore_in_place_returns_to_the_backup_and_refuses_a_file_that_is_not_one(databases, tmp_path):
    source, _target = databases
    backup_file = tmp_path / "before.backup"
    with running(source) as app:
        upgrade()
        db.session.add(User(username="kept", display_name="Kept", role=Role.LEARNER, password_hash="-"))
        db.session.commit()
        runner = app.test_cli_runner()
        assert runner.invoke(args=["backup", str(backup_file)]).exit_code == 0
        db.session.add(User(username="later", display_name="Added after the backup", role=Role.LEARNER,
                            password_hash="-"))
        db.session.commit()

        junk = tmp_path / "notes.txt"
        junk.write_text("not a backup")
        refused = runner.invoke(args=["restore", str(junk), "--yes"])
        assert refused.exit_code == 1 and "Restore failed" in refused.output
        assert sorted(db.session.scalars(select(User.username))) == ["kept", "later"]  # untouched

        asked = runner.invoke(args=["restore", str(backup_file)], input="n\n")
        assert asked.exit_code == 1 and "will be replaced" in asked.output  # asks first
        assert runner.invoke(args=["restore", str(backup_file), "--yes"]).exit_code == 0
        db.session.remove()
        assert sorted(db.session.scalars(select(User.username))) == ["kept"]

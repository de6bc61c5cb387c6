"""Fixtures: a real database (SQLite by default, PostgreSQL with LSK_TEST_DATABASE_URL), built by
the Alembic migrations, emptied after every test; the app, client, CLI runner and builders."""
import functools
import os
from pathlib import Path

import pytest
from flask import g, request_started
from sqlalchemy.engine import make_url

from lsk_learn import create_app
from lsk_learn.auth.models import User
from lsk_learn.auth.roles import Role
from lsk_learn.bank.loader import load_bank
from lsk_learn.bank.sync import sync_bank
from lsk_learn.config import TestConfig
from lsk_learn.core.time import utcnow
from lsk_learn.extensions import db, limiter

from .databases import new_postgres_database

FIXTURE_BANK = Path(__file__).parent / "fixtures" / "bank"
REAL_BANK = Path(__file__).parent.parent / "question_bank"


@functools.lru_cache(maxsize=1)
def real_bank_items():
    """The project's own question bank, validated once per run (tests that need real content)."""
    bank = load_bank(REAL_BANK)
    assert bank.ok
    return bank


def pytest_addoption(parser):
    parser.addoption("--database-tests-only", action="store_true",
                     help="run only the tests that use the test database (the `database_url` fixture): the "
                          "PostgreSQL pass of scripts/test.sh; unit, browser and deploy tests bring their own")


def pytest_collection_modifyitems(config, items):
    if not config.getoption("--database-tests-only"):
        return
    uses = ["database_url" in getattr(item, "fixturenames", ()) for item in items]
    config.hook.pytest_deselected(items=[item for item, used in zip(items, uses) if not used])
    items[:] = [item for item, used in zip(items, uses) if used]  # none left: pytest exits with 5 (no tests collected), which scripts/test.sh fails on


PASSWORD = "correct horse battery"
SEEDED_TABLES = {"municipality", "target_group"}  # reference lists the migrations fill in


@pytest.fixture(scope="session")
def database_url(tmp_path_factory):
    """A fresh database for this run: a SQLite file, or a new PostgreSQL database dropped at the end."""
    server_url = os.environ.get("LSK_TEST_DATABASE_URL")
    if not server_url:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.sqlite3'}"
        return
    with new_postgres_database(server_url, "lsk_test") as url:
        yield url


@pytest.fixture(scope="session")
def _migrated_app(database_url):
    from flask_migrate import upgrade

    app = create_app(TestConfig(database_url, question_bank_path=str(FIXTURE_BANK)))
    with app.app_context():
        upgrade()
        app.extensions["seeded_rows"] = _seeded_rows()
    request_started.connect(_fresh_request_globals, app)
    yield app
    with app.app_context():
        db.engine.dispose()  # close pooled connections before the database is dropped


def _fresh_request_globals(sender, **extra):
    """Tests keep one app context open, so requests share `g`; in production each request gets a
    new one. Clearing it keeps the signed-in user and the language from leaking between requests."""
    for key in list(vars(g)):
        delattr(g, key)


@pytest.fixture
def app(_migrated_app):
    with _migrated_app.app_context():
        yield _migrated_app
        limiter.reset()  # failed sign-ins of one test must not pause the next one's
        db.session.remove()
        with db.engine.begin() as connection:
            for table in reversed(db.metadata.sorted_tables):
                if table.name not in SEEDED_TABLES:
                    connection.execute(table.delete())
        if _seeded_rows() != _migrated_app.extensions["seeded_rows"]:
            _restore_seeded_rows(_migrated_app.extensions["seeded_rows"])


def _seeded_rows() -> dict[str, list[tuple]]:
    """The migrations' reference lists, as they were before the first test."""
    with db.engine.connect() as connection:
        return {name: sorted(tuple(row) for row in connection.execute(db.metadata.tables[name].select()))
                for name in sorted(SEEDED_TABLES)}


def _restore_seeded_rows(rows: dict[str, list[tuple]]) -> None:
    """A test that added, renamed or hid a municipality or target group must not change the next
    test's lists (the fuzz test does all three)."""
    with db.engine.begin() as connection:
        for name, table_rows in rows.items():
            table = db.metadata.tables[name]
            connection.execute(table.delete())
            if table_rows:
                connection.execute(table.insert(), [dict(zip(table.columns.keys(), row)) for row in table_rows])


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def make_user(app):
    counter = iter(range(1, 10_000))

    def build(role: Role = Role.LEARNER, username: str | None = None, **fields) -> User:
        user = User(username=username or f"{role.value}{next(counter)}",
                    display_name=fields.pop("display_name", f"Test {role.value}"), role=role, **fields)
        user.set_password(PASSWORD)
        db.session.add(user)
        db.session.commit()
        return user

    return build


class AuthActions:
    def __init__(self, client):
        self.client = client

    def login(self, user: User, password: str = PASSWORD):
        return self.client.post("/auth/login", data={"username": user.username, "password": password})

    def logout(self):
        return self.client.post("/auth/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)


@pytest.fixture
def synced_bank(app):
    """The fixture bank imported into the database."""
    bank = load_bank(FIXTURE_BANK)
    assert bank.ok, bank.problems
    sync_bank(bank, utcnow())
    return bank


@pytest.fixture
def exam_bank(app, tmp_path):
    """A generated bank with enough questions for full mock exams (every key is "a"), synced."""
    from tests.web.exam_bank import build_exam_bank

    bank = load_bank(build_exam_bank(tmp_path / "exam-bank"))
    assert bank.ok, [str(p) for p in bank.problems]
    sync_bank(bank, utcnow())
    return bank


@pytest.fixture
def make_cohort(app):
    from datetime import date

    from lsk_learn.cohorts.models import Cohort, CohortTeacher, Enrolment

    def build(teacher=None, learners=(), name="Daugavpils A", municipality="Daugavpils valstspilsēta") -> Cohort:
        cohort = Cohort(name=name, municipality=municipality, starts_on=date(2026, 9, 1), target_groups=[],
                        join_code=f"J{name[:3].upper()}{len(name)}"[:8])
        db.session.add(cohort)
        db.session.flush()
        if teacher is not None:
            db.session.add(CohortTeacher(cohort_id=cohort.id, user_id=teacher.id))
        for learner in learners:
            db.session.add(Enrolment(cohort_id=cohort.id, user_id=learner.id, enrolled_at=utcnow()))
        db.session.commit()
        return cohort

    return build


@pytest.fixture
def empty_database_url(database_url, tmp_path):
    """A database of its own (the test migrates it step by step): a SQLite file, or a new
    PostgreSQL database next to the test run's when that is PostgreSQL."""
    if make_url(database_url).get_backend_name() == "sqlite":
        yield f"sqlite:///{tmp_path / 'backfill.sqlite3'}"
        return
    with new_postgres_database(database_url, "lsk_backfill") as url:
        yield url

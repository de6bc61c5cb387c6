"""The Alembic migrations build exactly the schema the models describe."""
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from lsk_learn.extensions import db


def test_models_and_migrations_agree(app):
    with db.engine.connect() as connection:
        context = MigrationContext.configure(connection)
        differences = compare_metadata(context, db.metadata)
    assert differences == []


def test_target_groups_move_from_json_to_their_table(tmp_path):
    """Migration 0005 carries each profile's JSON list of groups into learner_target_group."""
    from flask_migrate import upgrade
    from sqlalchemy import text

    from lsk_learn import create_app
    from lsk_learn.config import TestConfig

    app = create_app(TestConfig(f"sqlite:///{tmp_path / 'm.sqlite3'}"))
    with app.app_context():
        upgrade(revision="0004")
        with db.engine.begin() as connection:
            connection.execute(text("INSERT INTO user (id, username, display_name, password_hash, role, is_enabled, "
                                    "must_change_password, created_at) VALUES (1, 'a', 'A', 'x', 'learner', 1, 0, "
                                    "'2026-01-01 00:00:00')"))
            connection.execute(text("INSERT INTO learner_profile (user_id, exemptions, target_groups) "
                                    "VALUES (1, '[]', '[\"senior\", \"non_citizen\", \"senior\"]')"))
        upgrade()
        with db.engine.connect() as connection:
            rows = connection.execute(text("SELECT user_id, code FROM learner_target_group ORDER BY code")).all()
        db.engine.dispose()
    assert [tuple(r) for r in rows] == [(1, "non_citizen"), (1, "senior")]

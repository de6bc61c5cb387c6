"""Operating the platform (issue 13): `flask health` and /healthz, `flask create-admin`, the secret key
every app server must share, the database connection settings (SQLite WAL and busy timeout,
PostgreSQL without pre-ping) and cache-busting static URLs."""
import re
import socket
from contextlib import contextmanager

import pytest
from flask_limiter import Limit
from flask_limiter.util import get_remote_address
from limits.storage import storage_from_string
from sqlalchemy import create_engine, select, text

from lsk_learn import config, create_app
from lsk_learn.auth.models import User
from lsk_learn.auth.roles import Role
from lsk_learn.extensions import db, limiter

NEW_PASSWORD = "seven quiet herons at dusk"


def _closed_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@contextmanager
def other_app(url: str):
    """An app on another database, for the failing cases."""
    app = create_app(config.TestConfig(url))
    with app.app_context():
        try:
            yield app
        finally:
            db.session.remove()
            db.engine.dispose()


# --- flask health ----------------------------------------------------------------------------

def test_health_passes_on_a_migrated_database(runner):
    result = runner.invoke(args=["health"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] in ("database: ok (sqlite)", "database: ok (postgresql)")
    assert re.fullmatch(r"migrations: ok \(at head \w+\)", lines[1])
    assert lines[2].startswith("redis: ")


def test_health_fails_when_the_migrations_are_behind(tmp_path):
    with other_app(f"sqlite:///{tmp_path / 'empty.sqlite3'}") as app:
        result = app.test_cli_runner().invoke(args=["health"])
    assert result.exit_code == 1
    assert "database: ok (sqlite)" in result.output
    assert "migrations: FAILED (not at head: the database is at none" in result.output
    assert "run `flask db upgrade`" in result.output


@pytest.mark.parametrize("url", ["sqlite:////no/such/folder/lsk.sqlite3",
                                 "postgresql+psycopg://root@127.0.0.1:{port}/lsk"])
def test_health_fails_when_the_database_does_not_answer(url):
    with other_app(url.format(port=_closed_port())) as app:
        result = app.test_cli_runner().invoke(args=["health"])
    assert result.exit_code == 1
    assert "database: FAILED (does not answer:" in result.output
    assert "migrations" not in result.output  # not asked of a database that is not there


def test_health_fails_when_the_configured_redis_does_not_answer(app, runner, monkeypatch):
    url = f"redis://127.0.0.1:{_closed_port()}/0"
    monkeypatch.setitem(app.config, "RATELIMIT_STORAGE_URI", url)
    monkeypatch.setattr(limiter, "_storage", storage_from_string(url))
    result = runner.invoke(args=["health"])
    assert result.exit_code == 1
    assert "redis: FAILED (does not answer" in result.output


def test_health_warns_without_redis_on_a_server_database(app, runner):
    result = runner.invoke(args=["health"])
    if db.engine.url.get_backend_name() == "sqlite":
        assert "redis: ok (not configured (LSK_REDIS_URL): sign-in throttling counts per process)" in result.output
    else:
        assert "redis: warning (not configured (LSK_REDIS_URL): sign-in throttling counts per process, " \
               "so each app server counts alone)" in result.output
    assert result.exit_code == 0


# --- /healthz --------------------------------------------------------------------------------

def test_healthz_answers_without_a_session(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json() == {"status": "ok", "database": "ok"}
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"


def test_healthz_is_503_when_the_database_does_not_answer():
    with other_app(f"postgresql+psycopg://root@127.0.0.1:{_closed_port()}/lsk") as app:
        response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "error", "database": "error"}


def test_healthz_is_exempt_from_rate_limits(client):
    """With a default limit of 2 a minute for every route, the third sign-in page is refused but
    a monitor may ask /healthz as often as it likes."""
    limiter.limit_manager.set_default_limits([Limit(limit_provider="2 per minute", key_function=get_remote_address)
                                              .bind(limiter)])
    try:
        assert [client.get("/healthz").status_code for _ in range(5)] == [200] * 5
        assert [client.get("/auth/login").status_code for _ in range(3)] == [200, 200, 429]
    finally:
        limiter.limit_manager.set_default_limits([])


# --- flask create-admin ----------------------------------------------------------------------

def test_create_admin_prints_a_temporary_password_once_and_forces_the_first_steps(app, runner, client, monkeypatch):
    monkeypatch.setitem(app.config, "REQUIRE_ADMIN_TWO_FACTOR", True)
    result = runner.invoke(args=["create-admin", "marta", "--name", "Marta Ozola"])
    assert result.exit_code == 0, result.output
    password = re.search(r"temporary password \(shown only now\): (\S+)", result.output).group(1)
    assert result.output.count(password) == 1
    admin = db.session.scalar(select(User).where(User.username == "marta"))
    assert (admin.role, admin.display_name, admin.must_change_password) == (Role.ADMIN, "Marta Ozola", True)
    assert password not in admin.password_hash

    assert client.post("/auth/login", data={"username": "marta", "password": password}).status_code == 302
    assert client.get("/admin/users").headers["Location"].endswith("/auth/profile")  # own password first
    changed = client.post("/auth/profile", data={
        "password-current_password": password, "password-new_password": NEW_PASSWORD,
        "password-confirm": NEW_PASSWORD, "password-submit": "1"})
    assert changed.status_code == 302
    assert client.get("/admin/users").headers["Location"].endswith("/auth/two-factor/setup")  # then two-step

    again = runner.invoke(args=["create-admin", "MARTA", "--name", "Someone Else"])
    assert again.exit_code == 1 and "already taken" in again.output


# --- the secret key --------------------------------------------------------------------------

def test_a_server_database_needs_the_secret_key_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("LSK_DATABASE_URL", "postgresql+psycopg://lsk@127.0.0.1/lsk")
    monkeypatch.delenv("LSK_SECRET_KEY", raising=False)
    with pytest.raises(config.ConfigError, match="LSK_SECRET_KEY is not set"):
        config.Config(tmp_path)
    assert not (tmp_path / "secret_key").exists()  # no per-machine key behind the operator's back
    monkeypatch.setenv("LSK_SECRET_KEY", "shared by every app server")
    assert config.Config(tmp_path).SECRET_KEY == "shared by every app server"


def test_sqlite_alone_may_keep_a_generated_key(tmp_path, monkeypatch):
    monkeypatch.setenv("LSK_DATABASE_URL", f"sqlite:///{tmp_path / 'one.sqlite3'}")
    monkeypatch.delenv("LSK_SECRET_KEY", raising=False)
    first = config.Config(tmp_path).SECRET_KEY
    assert len(first) == 64 and config.Config(tmp_path).SECRET_KEY == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o777 == 0o600


# --- connection settings ---------------------------------------------------------------------

def test_sqlite_connections_use_wal_and_a_busy_timeout(tmp_path):
    url = f"sqlite:///{tmp_path / 'wal.sqlite3'}"
    engine = create_engine(url, **config.engine_options(url))
    try:
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA busy_timeout")).scalar() == 15000
            assert connection.execute(text("PRAGMA synchronous")).scalar() == 2  # FULL: a commit is on disk
    finally:
        engine.dispose()


def test_the_app_database_runs_with_these_settings(app):
    if db.engine.url.get_backend_name() == "sqlite":
        assert db.session.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert db.session.execute(text("PRAGMA busy_timeout")).scalar() == 15000
    else:
        assert db.session.execute(text("SHOW jit")).scalar() == "off"
        assert db.engine.pool._pre_ping is False
        assert db.engine.pool._recycle == 1800


def test_postgresql_recycles_connections_instead_of_pinging_them():
    options = config.engine_options("postgresql+psycopg://lsk@127.0.0.1/lsk")
    assert "pool_pre_ping" not in options and options["pool_recycle"] == 1800
    assert options["connect_args"] == {"options": "-c jit=off", "connect_timeout": 10}


# --- static files ----------------------------------------------------------------------------

def test_static_urls_carry_a_hash_of_the_content(client, app, tmp_path, monkeypatch):
    page = client.get("/auth/login").get_data(as_text=True)
    versions = dict(re.findall(r'/static/(css/app\.css)\?v=([0-9a-f]{12})"', page))
    assert versions, "the stylesheet link carries ?v="
    monkeypatch.setattr(app, "static_folder", str(tmp_path))
    (tmp_path / "css").mkdir()
    (tmp_path / "css" / "app.css").write_text("body { color: black }")
    with app.test_request_context():
        from flask import url_for
        changed = url_for("static", filename="css/app.css")
        (tmp_path / "css" / "app.css").write_text("body { color: navy }")
        changed_again = url_for("static", filename="css/app.css")
        missing = url_for("static", filename="css/none.css")
    assert changed != changed_again and "?v=" in changed and versions["css/app.css"] not in changed
    assert missing == "/static/css/none.css"

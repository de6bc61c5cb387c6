"""Is this app server able to serve: the database answers, its schema is at the migrations' head,
and the shared rate-limit store (Redis) answers when one is configured."""
from dataclasses import dataclass

from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import current_app
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from ..extensions import db, limiter


@dataclass(frozen=True)
class Check:
    name: str
    ok: bool
    message: str
    warning: bool = False  # shown, but does not fail the check


def database_answers() -> Check:
    """One trivial query on a pooled connection; rolled back whatever happens."""
    try:
        db.session.execute(text("SELECT 1")).scalar()
        return Check("database", True, db.engine.url.get_backend_name())
    except SQLAlchemyError as error:
        return Check("database", False, f"does not answer: {_first_line(error)}")
    finally:
        db.session.rollback()


def migrations_at_head() -> Check:
    config = current_app.extensions["migrate"].migrate.get_config()
    heads = set(ScriptDirectory.from_config(config).get_heads())
    try:
        with db.engine.connect() as connection:
            current = set(MigrationContext.configure(connection).get_current_heads())
    except SQLAlchemyError as error:
        return Check("migrations", False, f"cannot be read: {_first_line(error)}")
    if current == heads:
        return Check("migrations", True, f"at head {', '.join(sorted(heads))}")
    found = ", ".join(sorted(current)) or "none"
    return Check("migrations", False, f"not at head: the database is at {found}, the code at "
                                      f"{', '.join(sorted(heads))}; run `flask db upgrade`")


def rate_limit_store() -> Check:
    """Sign-in throttling counts in Flask-Limiter's storage; with Redis a sign-in fails while it is down."""
    uri = current_app.config.get("RATELIMIT_STORAGE_URI", "memory://")
    if uri.startswith("memory://"):
        shared = db.engine.url.get_backend_name() != "sqlite"
        return Check("redis", True, "not configured (LSK_REDIS_URL): sign-in throttling counts per process"
                     + (", so each app server counts alone" if shared else ""), warning=shared)
    try:
        answers = limiter.storage.check()
    except Exception as error:  # the storage's client raises its own errors
        answers, detail = False, _first_line(error)
    else:
        detail = "no answer"
    if answers:
        return Check("redis", True, "answers")
    return Check("redis", False, f"does not answer ({detail}): sign-in needs it")


def all_checks() -> list[Check]:
    database = database_answers()
    if not database.ok:
        return [database, rate_limit_store()]
    return [database, migrations_at_head(), rate_limit_store()]


def _first_line(error: Exception) -> str:
    lines = str(getattr(error, "orig", None) or error).strip().splitlines()
    return lines[0][:300] if lines else type(error).__name__

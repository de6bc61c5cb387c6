"""The busiest requests without BEGIN and ROLLBACK (PostgreSQL).

psycopg sends BEGIN as a round trip of its own before a transaction's first statement, and the
pool sends ROLLBACK when the request gives the connection back: two of the five round trips of an
exam's item page or answer save. Those requests read with single statements and write with one
upsert, so they do not need a transaction: under PostgreSQL's READ COMMITTED each statement sees
its own snapshot anyway, and a single statement is atomic and holds its locks until it commits.

A view marked `@statements_commit_themselves` runs its statements in autocommit. Before anything
that must commit together or hold a lock across statements (grading a submitted exam, say), code
calls `begin_writing()`, and what follows runs in a transaction as everywhere else. SQLite keeps
its transactions: its round trips are function calls.
"""
from flask import request

from ..extensions import db

AUTOCOMMIT = "AUTOCOMMIT"
MARK = "statements_commit_themselves"


def statements_commit_themselves(view):
    """Mark a view whose statements may each commit on their own (see the module's docstring)."""
    setattr(view, MARK, True)
    return view


def begin_writing() -> None:
    """Make the statements that follow one transaction again: end this request's autocommit, if it
    has one. Objects already loaded stay in the session (expired: they reload in the transaction)."""
    session = db.session()
    if not session.in_transaction():
        return
    if session.connection().get_execution_options().get("isolation_level") == AUTOCOMMIT:
        session.commit()  # gives the connection back; the next statement takes one in a transaction


def init_app(app) -> None:
    """Register before any hook that may query (the user loader): the isolation level can only be
    chosen before the request's first statement."""

    @app.before_request
    def run_marked_views_in_autocommit():
        view = app.view_functions.get(request.endpoint)
        session = db.session()
        # a session already in a transaction (the tests', which share one across requests) keeps it
        if getattr(view, MARK, False) and db.engine.dialect.name == "postgresql" and not session.in_transaction():
            session.connection(execution_options={"isolation_level": AUTOCOMMIT})

"""The baseline of bench/ceiling.py: the least a Flask app can do to save an exam answer. One POST
endpoint, no sign-in, no CSRF, no ORM: the same single `INSERT ... ON CONFLICT (item_id) DO UPDATE`
into exam_answer that the app's save ends in, with raw psycopg on one connection per worker
process (autocommit: one statement, one transaction). Served by gunicorn with
deploy/gunicorn.conf.py, as the app is:

    LSK_BASELINE_DATABASE=postgresql://root@127.0.0.1:5432/DB \\
        gunicorn --config deploy/gunicorn.conf.py bench.ceiling_baseline:app

POST /save/<attempt_id>/<item_id> with the form field `answer` -> 302 (as the app's save answers).
"""
import json
import os
import threading

import psycopg
from flask import Flask, redirect, request

DATABASE = os.environ.get("LSK_BASELINE_DATABASE", "postgresql://root@127.0.0.1:5432/test")
SAVE = ("INSERT INTO exam_answer (attempt_id, item_id, response, is_correct, answered_at) "
        "VALUES (%s, %s, %s::json, NULL, now()) "
        "ON CONFLICT (item_id) DO UPDATE SET response = EXCLUDED.response, is_correct = EXCLUDED.is_correct, "
        "answered_at = EXCLUDED.answered_at")

app = Flask(__name__)
_connection: psycopg.Connection | None = None
_owner: int | None = None   # the process that opened it (never shared across a fork)
_opening = threading.Lock()


def connection() -> psycopg.Connection:
    """This process's one connection, opened on first use. psycopg serialises the threads on it."""
    global _connection, _owner
    if _connection is None or _owner != os.getpid() or _connection.closed:
        with _opening:
            if _connection is None or _owner != os.getpid() or _connection.closed:
                _connection = psycopg.connect(DATABASE, autocommit=True)
                _owner = os.getpid()
    return _connection


@app.post("/save/<int:attempt_id>/<int:item_id>")
def save(attempt_id: int, item_id: int):
    connection().execute(SAVE, (attempt_id, item_id, json.dumps(request.form.get("answer", ""))))
    return redirect(f"/item/{item_id}/next", 302)


@app.get("/healthz")
def healthz():
    return {"status": "ok"}

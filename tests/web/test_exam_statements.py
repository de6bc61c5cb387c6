"""A lean hot path for mock exams (issue 13): saving an answer and opening an item page each run at
most 4 SQL statements per request, everything counted (the user, the session check), whatever the
number of answers already given. BEGIN/COMMIT/ROLLBACK/SAVEPOINT are not counted as statements."""
import re
import sqlite3
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import event, update
from sqlalchemy.engine.default import CACHE_HIT

from lsk_learn.core.time import utcnow
from lsk_learn.exams.models import ExamAttempt
from lsk_learn.extensions import db
from lsk_learn.security.models import UserSession

from .test_exams import sit_new_exam, stored_responses

MAX_STATEMENTS = 4
TRANSACTION_CONTROL = re.compile(r"\s*(BEGIN|COMMIT|ROLLBACK|SAVEPOINT|RELEASE)\b", re.IGNORECASE)


@contextmanager
def counted():
    """The statements run inside the block, and separately the transaction control."""
    seen = {"statements": [], "transactions": []}

    def statement(conn, cursor, sql, parameters, context, executemany):
        seen["transactions" if TRANSACTION_CONTROL.match(sql) else "statements"].append(sql)

    def control(name):
        return lambda conn, *args: seen["transactions"].append(name)

    controls = {name: control(name.upper()) for name in ("begin", "commit", "rollback")}
    event.listen(db.engine, "before_cursor_execute", statement)
    for name, listener in controls.items():
        event.listen(db.engine, name, listener)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", statement)
        for name, listener in controls.items():
            event.remove(db.engine, name, listener)


def request_statements(run, commits: int) -> list[str]:
    """The statements one request runs, from a fresh database session as in production (the tests
    keep one app context, so the requests would otherwise share the test's session); `commits`:
    how many the request must make (a save one, a page none, plus the session's touch)."""
    db.session.remove()
    with counted() as seen:
        response = run()
    assert response.status_code in (200, 302), response.status_code
    assert seen["transactions"].count("COMMIT") == commits, seen
    return seen["statements"]


def _sitting(client, auth, make_user, kind="knowledge"):
    attempt = sit_new_exam(client, auth, make_user, kind)
    return attempt.id, [(i.position, i.part, i.question_id, i.task_id) for i in attempt.items]


def _save(client, attempt_id, position, answer="a"):
    return lambda: client.post(f"/exams/{attempt_id}/item/{position}", data={"answer": answer, "go": "next"})


def _page(client, attempt_id, position):
    return lambda: client.get(f"/exams/{attempt_id}/item/{position}")


def test_save_and_item_page_run_at_most_four_statements(client, auth, make_user, exam_bank):
    attempt_id, items = _sitting(client, auth, make_user)
    questions = [position for position, _part, question_id, _task in items if question_id]
    client.get(f"/exams/{attempt_id}/item/0")  # warm up: what the first request of a process loads once

    def measure(position):
        new = request_statements(_save(client, attempt_id, position, "a"), commits=1)
        replaced = request_statements(_save(client, attempt_id, position, "b"), commits=1)
        page = request_statements(_page(client, attempt_id, position), commits=0)
        return len(new), len(replaced), len(page), (new, replaced, page)

    first = measure(questions[0])
    for position in questions[1:-1]:
        assert _save(client, attempt_id, position)().status_code == 302
    last = measure(questions[-1])
    for counts in (first, last):
        assert max(counts[:3]) <= MAX_STATEMENTS, "\n\n".join("\n".join(s) for s in counts[3])
    assert first[:3] == last[:3], f"with 1 answer {first[:3]}, with {len(questions)} answers {last[:3]}"
    stored = sorted(stored_responses(attempt_id).values())
    assert stored == ["a"] * (len(questions) - 2) + ["b", "b"]  # each replaced answer, once


def test_the_once_a_minute_session_touch_stays_within_the_limit(client, auth, make_user, exam_bank):
    attempt_id, items = _sitting(client, auth, make_user)
    position = next(p for p, _part, question_id, _task in items if question_id)

    def touched(run, commits):
        db.session.execute(update(UserSession).values(last_seen_at=utcnow() - timedelta(minutes=5)))
        db.session.commit()
        statements = request_statements(run, commits)
        assert any(s.lstrip().upper().startswith("UPDATE USER_SESSION") for s in statements), statements
        return statements

    for run, commits in ((_save(client, attempt_id, position), 2), (_save(client, attempt_id, position, "b"), 2),
                         (_page(client, attempt_id, position), 1)):
        statements = touched(run, commits)
        assert len(statements) <= MAX_STATEMENTS, "\n".join(statements)
    assert list(stored_responses(attempt_id).values()) == ["b"]


def test_every_kind_of_item_page_and_save_stays_within_the_limit(client, auth, make_user, exam_bank):
    """Reading questions with their passage, writing tasks (a form, a letter), speaking."""
    attempt_id, items = _sitting(client, auth, make_user, kind="language")
    client.get(f"/exams/{attempt_id}/item/0")
    seen_parts = set()
    for position, part, question_id, task_id in items:
        if part in seen_parts and part != "writing":
            continue
        seen_parts.add(part)
        data = {"answer": "a"} if question_id else {"text": "Labdien! " * 30, "field-name": "Olga",
                                                     "field-city": "Daugavpils"}
        save = request_statements(lambda: client.post(f"/exams/{attempt_id}/item/{position}",
                                                      data={**data, "go": "next"}), commits=0 if part == "speaking" else 1)
        page = request_statements(_page(client, attempt_id, position), commits=0)
        assert len(save) <= MAX_STATEMENTS, (part, task_id, save)
        assert len(page) <= MAX_STATEMENTS, (part, task_id, page)
    assert {"listening", "reading", "writing", "speaking"} <= seen_parts
    stored = stored_responses(attempt_id)
    assert sum(1 for _p, part, _q, _t in items if part == "writing") == sum(
        1 for r in stored.values() if isinstance(r, dict))  # both writing tasks stored, speaking nothing


def test_the_answer_given_is_what_the_page_shows_back(client, auth, make_user, exam_bank):
    """The lean path still stores and shows the right answer, and refuses one after the submit."""
    attempt_id, items = _sitting(client, auth, make_user)
    position = next(p for p, _part, question_id, _task in items if question_id)
    assert _save(client, attempt_id, position, "b")().status_code == 302
    page = client.get(f"/exams/{attempt_id}/item/{position}").get_data(as_text=True)
    assert re.search(r'value="b"[^>]*checked', page)
    assert "1 of 19 answered" in page
    assert client.post(f"/exams/{attempt_id}/submit").status_code == 302
    refused = client.post(f"/exams/{attempt_id}/item/{position}", data={"answer": "a"})
    assert "/results" in refused.headers["Location"]
    assert list(stored_responses(attempt_id).values()) == ["b"]
    db.session.expire_all()
    assert db.session.get(ExamAttempt, attempt_id).status == "submitted"


def test_the_hot_path_statements_come_from_the_compiled_cache(client, auth, make_user, exam_bank):
    """SQLAlchemy reuses a compiled statement only when the statement has a cache key. The
    dialects' `insert().on_conflict_do_update()` has none (SQLAlchemy 2.0), so the answer save
    compiled its upsert anew on every request (~0.3 ms of CPU each); fails if that comes back."""
    attempt_id, items = _sitting(client, auth, make_user)
    positions = [p for p, _part, question_id, _task in items if question_id][:2]
    for position in positions:  # the first execution of each statement compiles it
        assert _save(client, attempt_id, position, "a")().status_code == 302
        assert _page(client, attempt_id, position)().status_code == 200
    compiled = []

    def statement(conn, cursor, sql, parameters, context, executemany):
        if context is not None and context.compiled is not None:
            compiled.append((context.cache_hit, sql))

    event.listen(db.engine, "before_cursor_execute", statement)
    try:
        for position in positions:
            db.session.remove()
            assert _save(client, attempt_id, position, "b")().status_code == 302
            db.session.remove()
            assert _page(client, attempt_id, position)().status_code == 200
    finally:
        event.remove(db.engine, "before_cursor_execute", statement)
    assert len(compiled) >= 4 * len(positions) - 2
    assert [sql for hit, sql in compiled if hit is not CACHE_HIT] == []
    assert sorted(stored_responses(attempt_id).values()) == ["b", "b"]


def _autocommit(cursor) -> bool:
    """Whether the driver connection commits each statement itself (psycopg and sqlite3)."""
    connection = cursor.connection
    if isinstance(connection, sqlite3.Connection):
        return connection.isolation_level is None
    return connection.autocommit


@contextmanager
def autocommit_seen():
    seen = []

    def statement(conn, cursor, sql, parameters, context, executemany):
        seen.append((_autocommit(cursor), sql.split(None, 1)[0].upper()))

    event.listen(db.engine, "before_cursor_execute", statement)
    try:
        yield seen
    finally:
        event.remove(db.engine, "before_cursor_execute", statement)


def test_item_pages_and_saves_run_without_a_transaction_on_postgresql(client, auth, make_user, exam_bank):
    """PostgreSQL: no BEGIN and ROLLBACK round trips around the busiest requests (core/autocommit.py);
    SQLite keeps its transactions. The answers are stored all the same."""
    attempt_id, items = _sitting(client, auth, make_user)
    position = next(p for p, _part, question_id, _task in items if question_id)
    postgres = db.engine.dialect.name == "postgresql"
    for run in (_page(client, attempt_id, position), _save(client, attempt_id, position, "b")):
        db.session.remove()
        with autocommit_seen() as seen:
            assert run().status_code in (200, 302)
        assert len(seen) >= 2 and {flag for flag, _sql in seen} == {postgres}, seen
    assert list(stored_responses(attempt_id).values()) == ["b"]


def test_a_save_after_the_deadline_grades_the_attempt_in_one_transaction(client, auth, make_user, exam_bank):
    """The grading at the deadline locks the attempt and writes the results together: it leaves
    the request's autocommit first (a lock that ended with its statement would let a save in)."""
    attempt_id, items = _sitting(client, auth, make_user)
    first, second = [p for p, _part, question_id, _task in items if question_id][:2]
    assert _save(client, attempt_id, first, "a")().status_code == 302
    db.session.execute(update(ExamAttempt).where(ExamAttempt.id == attempt_id)
                       .values(deadline_at=utcnow() - timedelta(minutes=5)))
    db.session.commit()
    db.session.remove()
    with autocommit_seen() as seen:
        response = _save(client, attempt_id, second, "b")()
    assert response.status_code == 302 and f"/exams/{attempt_id}/results" in response.headers["Location"]
    writes = [flag for flag, sql in seen if sql in ("UPDATE", "INSERT")]
    assert writes and not any(writes), seen  # the lock, the results and the reviews: in a transaction
    db.session.expire_all()
    attempt = db.session.get(ExamAttempt, attempt_id)
    assert attempt.status == "submitted" and attempt.results
    assert list(stored_responses(attempt_id).values()) == ["a"]  # the late answer was refused, not stored


def test_the_scripts_save_and_the_items_fragment_stay_within_their_budgets(client, auth, make_user, exam_bank):
    """The exam page's script sends the same save with a JSON reply, and fetches all questions once
    (the sitting, the questions, the answers: one query each, whatever was answered)."""
    attempt_id, items = _sitting(client, auth, make_user)
    questions = [position for position, _part, question_id, _task in items if question_id]
    by_script = {"X-Requested-With": "fetch"}
    client.get(f"/exams/{attempt_id}/items", headers=by_script)  # warm up

    def fragment():
        return request_statements(lambda: client.get(f"/exams/{attempt_id}/items", headers=by_script), commits=0)

    before = fragment()
    for position in questions:
        save = request_statements(lambda: client.post(f"/exams/{attempt_id}/item/{position}",
                                                      data={"answer": "a", "go": "next"}, headers=by_script), commits=1)
        assert len(save) <= MAX_STATEMENTS, "\n".join(save)
    after = fragment()
    assert len(before) == len(after) <= MAX_STATEMENTS + 1, "\n\n".join(after)
    assert sorted(stored_responses(attempt_id).values()) == ["a"] * len(questions)

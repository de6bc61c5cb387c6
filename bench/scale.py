"""Benchmark (not a test): the busiest read pages on a programme-sized data set.

    .venv/bin/python bench/scale.py                        # PostgreSQL database lsk_bench_scale, dropped after
    .venv/bin/python bench/scale.py --keep                 # keep it; a rerun with --keep reuses it (no rebuild)
    .venv/bin/python bench/scale.py --learners 1000 --answers 200000          # a quick run
    .venv/bin/python bench/scale.py --database-url postgresql+psycopg://root@127.0.0.1:5432/other
    .venv/bin/python bench/scale.py --database-url sqlite:////tmp/scale.sqlite3

Builds the schema by the Alembic migrations, syncs the real question bank, then inserts with bulk
statements (COPY on PostgreSQL) 10,000 learners in 400 cohorts of 25 in the programme's
municipalities, 2,000,000 practice answers over the last year in sessions of 10, lesson progress,
mock exams, class attendance and lesson assignments (fixed seed). Then it signs in with the Flask
test client as a learner, a teacher and a coordinator and times each page (median and max of
--repeat runs after one warm-up) and counts the SQL statements each request sends. Loopback only.
"""
import argparse
import json
import random
import statistics
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import create_engine, event, func, insert, select, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flask import g, request_started, url_for  # noqa: E402
from flask_migrate import upgrade  # noqa: E402
from werkzeug.security import generate_password_hash  # noqa: E402

from lsk_learn import create_app  # noqa: E402
from lsk_learn.auth.models import User  # noqa: E402
from lsk_learn.bank.keys import question_key  # noqa: E402
from lsk_learn.bank.loader import load_bank  # noqa: E402
from lsk_learn.bank.models import Lesson, Question  # noqa: E402
from lsk_learn.bank.sync import sync_bank  # noqa: E402
from lsk_learn.config import TestConfig  # noqa: E402
from lsk_learn.core.time import utcnow  # noqa: E402
from lsk_learn.extensions import db  # noqa: E402
from lsk_learn.profiles.models import Municipality  # noqa: E402

DEFAULT_URL = "postgresql+psycopg://root@127.0.0.1:5432/lsk_bench_scale"
PASSWORD = "bench password 2026"
COHORT_SIZE = 25
ANSWERS_PER_SESSION = 10
SESSIONS_PER_COHORT = 20
GROUPS = ["senior", "youth", "young_parent", "low_income", "ethnic_minority", "non_citizen"]
LOOPBACK = {"127.0.0.1", "localhost", "::1", None, ""}
BATCH = 50_000


# ---------------------------------------------------------------------------- the database

def prepare_database(url: str, keep: bool) -> tuple[bool, callable]:
    """Create the PostgreSQL database unless it exists and --keep reuses it. Returns (exists
    already, cleanup)."""
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite":
        path = Path(parsed.database or "")
        existed = keep and path.exists()
        if path.exists() and not existed:
            path.unlink()
        return existed, (lambda: None) if keep else (lambda: path.unlink(missing_ok=True))
    if parsed.host not in LOOPBACK:
        sys.exit(f"refusing a database that is not on this machine: {parsed.host}")
    admin = create_engine(parsed.set(database="postgres"), isolation_level="AUTOCOMMIT")
    name = parsed.database
    with admin.connect() as connection:
        existed = connection.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}) is not None
        if existed and not keep:
            connection.execute(text(f'DROP DATABASE "{name}" WITH (FORCE)'))
            existed = False
        if not existed:
            connection.execute(text(f'CREATE DATABASE "{name}"'))

    def drop():
        if not keep:
            with admin.connect() as connection:
                connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    return existed, drop


def bulk(table: str, columns: list[str], rows: list[tuple]) -> None:
    """Insert rows: COPY on PostgreSQL, executemany otherwise. JSON values are given as JSON text."""
    if not rows:
        return
    connection = db.session.connection()
    if connection.dialect.name == "postgresql":
        cursor = connection.connection.driver_connection.cursor()
        with cursor.copy(f'COPY "{table}" ({", ".join(columns)}) FROM STDIN') as copy:
            for row in rows:
                copy.write_row(row)
    else:
        model = db.metadata.tables[table]
        json_columns = [c for c in columns if model.c[c].type.__class__.__name__ == "JSON"]
        for i in range(0, len(rows), BATCH):
            part = [dict(zip(columns, row)) for row in rows[i:i + BATCH]]
            for record in part:
                for c in json_columns:
                    record[c] = json.loads(record[c])
            connection.execute(insert(model), part)


def reset_sequences(tables: list[str]) -> None:
    if db.session.connection().dialect.name != "postgresql":
        return
    for table in tables:
        db.session.execute(text(f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                                f"(SELECT coalesce(max(id), 0) + 1 FROM \"{table}\"), false)"))


# ---------------------------------------------------------------------------- the data set

def build(learners: int, answers: int, now: datetime, rng: random.Random) -> dict:
    """The data set; returns the ids the timings need."""
    began = time.perf_counter()
    sync_bank(load_bank(ROOT / "question_bank"), now)
    db.session.commit()
    questions = list(db.session.scalars(select(Question).order_by(Question.id)))
    lessons = list(db.session.scalars(select(Lesson.id).order_by(Lesson.id)))
    towns = list(db.session.execute(select(Municipality.id, Municipality.name).order_by(Municipality.position)))[:12]
    start = now - timedelta(days=365)
    cohorts = max(1, learners // COHORT_SIZE)
    staff_hash = generate_password_hash(PASSWORD, method="pbkdf2:sha256:1000")
    json_empty = "[]"

    programme_rows = [(1, "Programme 2026", 5, 50, False, False)]
    bulk("programme", ["id", "name", "min_sessions_attended", "min_lessons_percent", "require_knowledge_mock_pass",
                       "require_language_mock_pass"], programme_rows)
    coordinator, teacher = learners + 1, learners + 2
    users = [(u, f"p{u:05d}", f"Dalībnieks {u:05d}", staff_hash if u == 1 else "x", "learner", True, False, False,
              start) for u in range(1, learners + 1)]
    users += [(coordinator, "coordinator", "Koordinatore", staff_hash, "coordinator", True, False, False, start),
              (teacher, "teacher", "Skolotāja", staff_hash, "teacher", True, False, False, start)]
    bulk("user", ["id", "username", "display_name", "password_hash", "role", "is_enabled", "must_change_password",
                  "large_text", "created_at"], users)
    cohort_town = {c: towns[(c - 1) % len(towns)] for c in range(1, cohorts + 1)}
    bulk("cohort", ["id", "name", "municipality", "starts_on", "target_groups", "programme_id", "created_at"],
         [(c, f"Grupa {c:03d}", cohort_town[c][1], (start + timedelta(days=c % 60)).date(), json_empty,
           1 if c % 2 else None, start) for c in range(1, cohorts + 1)])
    bulk("cohort_teacher", ["cohort_id", "user_id"], [(1, teacher)])
    cohort_of = {u: min(cohorts, (u - 1) // COHORT_SIZE + 1) for u in range(1, learners + 1)}
    bulk("learner_profile", ["user_id", "birth_year", "exemptions", "municipality_id", "consent_at", "daily_goal"],
         [(u, rng.randint(1945, 2006), json_empty, cohort_town[cohort_of[u]][0], start, 15)
          for u in range(1, learners + 1)])
    bulk("learner_target_group", ["user_id", "code"],
         [(u, g) for u in range(1, learners + 1) for g in rng.sample(GROUPS, rng.choice((0, 1, 1, 2)))])
    enrolled = {u: start + timedelta(days=rng.randint(0, 150), hours=rng.randint(6, 18)) for u in range(1, learners + 1)}
    bulk("enrolment", ["cohort_id", "user_id", "enrolled_at", "left_at"],
         [(cohort_of[u], u, enrolled[u], None) for u in range(1, learners + 1)])

    sessions, marks = [], []
    members: dict[int, list[int]] = {}
    for u, c in cohort_of.items():
        members.setdefault(c, []).append(u)
    for c in range(1, cohorts + 1):
        first_day = (start + timedelta(days=30 + c % 60)).date()
        for s in range(SESSIONS_PER_COHORT):
            sid = (c - 1) * SESSIONS_PER_COHORT + s + 1
            sessions.append((sid, c, first_day + timedelta(days=7 * s), teacher, start))
            marks += [(sid, u, rng.random() < 0.7) for u in members[c]]
    bulk("attendance_session", ["id", "cohort_id", "held_on", "created_by_id", "created_at"], sessions)
    bulk("attendance_mark", ["session_id", "user_id", "present"], marks)
    assigned = lessons[:6]
    bulk("assignment", ["cohort_id", "kind", "target", "learner_ids", "created_by_id", "created_at"],
         [(c, "lesson", lesson, json_empty, teacher, start) for c in range(1, cohorts + 1, 2) for lesson in assigned])

    progress = []
    for u in range(1, learners + 1):
        for lesson in rng.sample(lessons, rng.randint(0, min(8, len(lessons)))):
            opened = start + timedelta(days=rng.randint(0, 364), seconds=rng.randint(0, 86_399))
            done = opened + timedelta(minutes=rng.randint(5, 90)) if rng.random() < 0.7 else None
            progress.append((u, lesson, opened, done))
    bulk("lesson_progress", ["user_id", "lesson_id", "opened_at", "completed_at"], progress)

    attempts, results = [], []
    for aid, u in enumerate(range(1, learners + 1, 5), start=1):
        when = start + timedelta(days=rng.randint(30, 360), hours=rng.randint(6, 18))
        attempts.append((aid, u, "knowledge", '["history", "satversme", "anthem"]', "{}", "submitted", when,
                         when + timedelta(hours=1), when + timedelta(minutes=40)))
        results += [(aid, p, 1.0, 1.0, rng.random() < 0.8, "{}") for p in ("history", "satversme", "anthem")]
    bulk("exam_attempt", ["id", "user_id", "kind", "parts", "settings", "status", "started_at", "deadline_at",
                          "submitted_at"], attempts)
    bulk("exam_part_result", ["attempt_id", "part", "score", "max_score", "passed", "details"], results)
    db.session.commit()
    base_seconds = time.perf_counter() - began

    by_topic: dict[str, list[str]] = {}
    answer_options = {}
    for question in questions:
        by_topic.setdefault(question.topic_id, []).append(question.id)
        answer_options[question.id] = _responses(question_key(question), rng)
    topics = sorted(by_topic)
    per_learner = max(ANSWERS_PER_SESSION, answers // learners)
    sid, written = 0, 0
    session_rows, answer_rows = [], []
    for u in range(1, learners + 1):
        skill = rng.uniform(0.35, 0.9)
        for _ in range(per_learner // ANSWERS_PER_SESSION):
            sid += 1
            topic = rng.choice(topics)
            chosen = rng.sample(by_topic[topic], min(ANSWERS_PER_SESSION, len(by_topic[topic])))
            when = start + timedelta(days=rng.randint(0, 364), seconds=rng.randint(0, 86_399))
            when = min(when, now - timedelta(minutes=30))
            session_rows.append((sid, u, topic, "practice", json.dumps(chosen), when,
                                 when + timedelta(seconds=30 * len(chosen))))
            for position, qid in enumerate(chosen):
                right = rng.random() < skill
                correct, wrong = answer_options[qid]
                answer_rows.append((sid, u, qid, position, correct if right else rng.choice(wrong), right,
                                    1.0 if right else 0.0, when + timedelta(seconds=30 * position)))
        if len(answer_rows) >= 200_000 or u == learners:
            bulk("practice_session", ["id", "user_id", "topic_id", "mode", "question_ids", "started_at", "finished_at"],
                 session_rows)
            bulk("practice_answer", ["session_id", "user_id", "question_id", "position", "response", "is_correct",
                                     "score", "answered_at"], answer_rows)
            written += len(answer_rows)
            session_rows, answer_rows = [], []
            db.session.commit()
    reset_sequences(["user", "cohort", "cohort_teacher", "enrolment", "attendance_session", "attendance_mark",
                     "assignment", "lesson_progress", "exam_attempt", "exam_part_result", "practice_session",
                     "practice_answer", "programme"])
    db.session.commit()
    answers_seconds = time.perf_counter() - began - base_seconds
    return {"base_seconds": base_seconds, "answer_seconds": answers_seconds, "answers": written, "sessions": sid}


def _responses(key, rng: random.Random) -> tuple[str, list[str]]:
    """The right response to a question as JSON text, and up to three wrong ones (of its type)."""
    right = key.answer
    if key.type == "true_false":
        wrong = [not right]
    elif key.type == "single":
        wrong = [o for o in key.option_ids if o != right][:3]
    elif key.type == "multiple":
        wrong = [sorted(set(right) ^ {o}) or [o] for o in key.option_ids[:3]]
    elif key.type == "matching":
        wrong = [{p: rng.choice(key.option_ids) for p in key.prompt_ids} for _ in range(3)]
    else:
        wrong = ["nezinu", "kaut kas"]
        right = right[0] if isinstance(right, list) else right
    dump = lambda value: json.dumps(value, ensure_ascii=False)  # noqa: E731
    return dump(right), [dump(w) for w in wrong] or [dump(right)]


def derived_tables() -> float | None:
    """Fill the tables kept up to date on write (the bulk inserts above bypass the ORM), if the
    code has them: lsk_learn.activity.services.rebuild_activity."""
    try:
        from lsk_learn.activity.services import rebuild_activity
    except ImportError:
        return None
    began = time.perf_counter()
    rebuild_activity()
    db.session.commit()
    return time.perf_counter() - began


def programme_statistics() -> float:
    """What the hourly timer does before anyone opens "all groups' difficult questions" (flask
    stats refresh): timed on its own, so the page below is timed as it is served."""
    from lsk_learn.cohorts.questions import refresh_programme_statistics

    began = time.perf_counter()
    refresh_programme_statistics(utcnow())
    return time.perf_counter() - began


def analyze() -> None:
    if db.session.connection().dialect.name == "postgresql":
        db.session.commit()
        connection = db.engine.connect().execution_options(isolation_level="AUTOCOMMIT")
        connection.execute(text("VACUUM ANALYZE"))
        connection.close()
    else:
        db.session.execute(text("ANALYZE"))
        db.session.commit()


# ---------------------------------------------------------------------------- the timings

class StatementCounter:
    def __init__(self, engine):
        self.count = 0
        event.listen(engine, "before_cursor_execute", self._seen)

    def _seen(self, *args, **kwargs):
        self.count += 1


def signed_in(app, username: str):
    client = app.test_client()
    response = client.post("/auth/login", data={"username": username, "password": PASSWORD})
    if response.status_code not in (302, 303):
        sys.exit(f"could not sign in as {username}: HTTP {response.status_code}")
    return client


def time_page(client, url: str, counter: StatementCounter, repeat: int) -> dict:
    response = client.get(url)  # warm-up: caches, first plans
    if response.status_code != 200:
        sys.exit(f"GET {url}: HTTP {response.status_code} {response.headers.get('Location', '')}")
    runs, statements = [], []
    for _ in range(repeat):
        counter.count = 0
        began = time.perf_counter()
        response = client.get(url)
        runs.append((time.perf_counter() - began) * 1000)
        statements.append(counter.count)
        assert response.status_code == 200, (url, response.status_code)
    return {"median_ms": statistics.median(runs), "max_ms": max(runs), "statements": max(statements)}


def _fresh_request_globals(sender, **extra):
    """Requests here share one app context, hence `g`: clear it so signed-in users do not leak
    between the clients (as tests/conftest.py does)."""
    for key in list(vars(g)):
        delattr(g, key)


def measure(app, repeat: int) -> list[tuple[str, str, dict]]:
    request_started.connect(_fresh_request_globals, app)
    counter = StatementCounter(db.engine)
    cohort_id = db.session.scalar(select(func.min(text("cohort_id"))).select_from(text("cohort_teacher")))
    with app.test_request_context():
        pages = [("learner dashboard", "p00001", url_for("home.dashboard")),
                 ("cohort grid", "teacher", url_for("cohorts.dashboard", cohort_id=cohort_id)),
                 ("cohort difficult questions", "teacher", url_for("cohorts.questions", cohort_id=cohort_id)),
                 ("coordinator report (year)", "coordinator", url_for("reports.index")),
                 ("all groups' difficult questions", "coordinator", url_for("cohorts.all_questions"))]
    clients: dict[str, object] = {}
    results = []
    for name, who, url in pages:
        clients.setdefault(who, signed_in(app, who))
        db.session.remove()
        results.append((name, url, time_page(clients[who], url, counter, repeat)))
    return results


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--database-url", default=DEFAULT_URL, help="PostgreSQL or SQLite URL (loopback only)")
    parser.add_argument("--learners", type=int, default=10_000)
    parser.add_argument("--answers", type=int, default=2_000_000)
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per page, after one warm-up")
    parser.add_argument("--keep", action="store_true", help="keep the database; reuse it if it exists")
    parser.add_argument("--seed", type=int, default=13)
    args = parser.parse_args(argv)

    existed, cleanup = prepare_database(args.database_url, args.keep)
    app = create_app(TestConfig(args.database_url, question_bank_path=str(ROOT / "question_bank")))
    now = datetime.now(timezone.utc).replace(microsecond=0)
    try:
        with app.app_context():
            upgrade()
            if existed and db.session.scalar(select(func.count(User.id))):
                print(f"reusing {args.database_url} (built before; --learners/--answers ignored)")
                built = None
            else:
                began = time.perf_counter()
                built = build(args.learners, args.answers, now, random.Random(args.seed))
                built["derived_seconds"] = derived_tables()
                analyze()
                built["total_seconds"] = time.perf_counter() - began
            counts = {t: db.session.scalar(text(f'SELECT count(*) FROM "{t}"'))
                      for t in ("user", "cohort", "practice_answer", "practice_session", "lesson_progress",
                                "exam_attempt") + tuple(t for t in ("daily_activity", "monthly_activity")
                                                        if t in db.metadata.tables)}
            db.session.remove()
            refresh_seconds = programme_statistics()
            results = measure(app, args.repeat)
            db.session.remove()
            db.engine.dispose()
    finally:
        cleanup()

    print(f"\ndatabase: {make_url(args.database_url).render_as_string(hide_password=True)}  ({date.today()})")
    print("rows: " + ", ".join(f"{k} {v:,}" for k, v in counts.items()))
    if built:
        derived = f", derived tables {built['derived_seconds']:.1f} s" if built["derived_seconds"] is not None else ""
        print(f"generation: {built['total_seconds']:.1f} s (people, groups, lessons, exams {built['base_seconds']:.1f} s, "
              f"{built['answers']:,} answers {built['answer_seconds']:.1f} s{derived}, then ANALYZE)")
    print(f"programme item statistics (flask stats refresh, hourly, not a page): {refresh_seconds:.1f} s")
    print(f"\n{'page':<34} {'median ms':>10} {'max ms':>9} {'SQL':>5}  url")
    for name, url, r in results:
        flag = "  > 300 ms" if r["median_ms"] > 300 else ""
        print(f"{name:<34} {r['median_ms']:>10.1f} {r['max_ms']:>9.1f} {r['statements']:>5}  {url}{flag}")


if __name__ == "__main__":
    main()

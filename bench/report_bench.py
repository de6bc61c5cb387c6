"""Benchmark (not a test): the funder report on 10,000 participants and 2,000,000 answers.

    .venv/bin/python bench/report_bench.py sqlite            # a temporary SQLite file
    .venv/bin/python bench/report_bench.py postgresql         # a temporary database on 127.0.0.1:5432
    .venv/bin/python bench/report_bench.py postgresql --keep  # keep the data to investigate a plan

Prints the time to build the data and the report's timings (median of 3 runs) for a year with
no filters, one municipality, one target group and one programme; writes them to bench/results/.
"""
import json
import random
import statistics
import sys
import tempfile
import time
import uuid
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

from sqlalchemy import create_engine, insert, select, text
from sqlalchemy.engine import make_url

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from flask_migrate import upgrade  # noqa: E402

from lsk_learn import create_app  # noqa: E402
from lsk_learn.activity.services import rebuild_activity  # noqa: E402
from lsk_learn.bank.loader import load_bank  # noqa: E402
from lsk_learn.bank.models import Question  # noqa: E402
from lsk_learn.bank.sync import sync_bank  # noqa: E402
from lsk_learn.cohorts.models import AttendanceMark, AttendanceSession, Cohort, Enrolment  # noqa: E402
from lsk_learn.config import TestConfig  # noqa: E402
from lsk_learn.exams.models import SUBMITTED, ExamAttempt, ExamPartResult  # noqa: E402
from lsk_learn.extensions import db  # noqa: E402
from lsk_learn.learn.models import PracticeAnswer  # noqa: E402
from lsk_learn.auth.models import User  # noqa: E402
from lsk_learn.profiles.models import LearnerProfile, LearnerTargetGroup, Municipality  # noqa: E402
from lsk_learn.reports.models import ExamOutcome, Programme  # noqa: E402
from lsk_learn.reports.services import ReportFilters, run_report  # noqa: E402
from lsk_learn.review.models import PracticeSession  # noqa: E402

PEOPLE = 10_000
ANSWERS = 2_000_000
COHORTS = 400
SESSIONS_PER_COHORT = 20
BATCH = 20_000
START = datetime(2026, 1, 5, 8, tzinfo=timezone.utc)
GROUPS = ["senior", "youth", "young_parent", "low_income", "ethnic_minority", "non_citizen"]


def chunks(rows, size=BATCH):
    for i in range(0, len(rows), size):
        yield rows[i:i + size]


def bulk(model, rows):
    for part in chunks(rows):
        db.session.execute(insert(model), part)
    db.session.commit()


def build(rng: random.Random) -> None:
    sync_bank(load_bank(ROOT / "question_bank"), datetime.now(timezone.utc))
    questions = list(db.session.scalars(select(Question.id)))
    municipalities = list(db.session.scalars(select(Municipality.id)))
    programme = Programme(name="Bench programme", min_sessions_attended=5)
    db.session.add(programme)
    db.session.flush()
    bulk(Cohort, [{"id": c, "name": f"Cohort {c}", "municipality": "Daugavpils valstspilsēta",
                   "starts_on": date(2026, 1, 1), "target_groups": [], "programme_id": programme.id if c % 2 else None,
                   "created_at": START} for c in range(1, COHORTS + 1)])
    bulk(User, [{"id": u, "username": f"p{u}", "display_name": f"Participant {u}", "password_hash": "x", "role": "learner",
                 "is_enabled": True, "must_change_password": False, "created_at": START} for u in range(1, PEOPLE + 1)])
    bulk(LearnerProfile, [{"user_id": u, "birth_year": rng.randint(1940, 2005), "exemptions": [],
                           "municipality_id": rng.choice(municipalities)} for u in range(1, PEOPLE + 1)])
    bulk(LearnerTargetGroup, [{"user_id": u, "code": g} for u in range(1, PEOPLE + 1)
                              for g in rng.sample(GROUPS, rng.choice((0, 1, 1, 2)))])
    bulk(Enrolment, [{"cohort_id": 1 + (u % COHORTS), "user_id": u,
                      "enrolled_at": START + timedelta(days=rng.randint(0, 200)), "left_at": None} for u in range(1, PEOPLE + 1)])
    sessions, marks = [], []
    for c in range(1, COHORTS + 1):
        for s in range(SESSIONS_PER_COHORT):
            sid = (c - 1) * SESSIONS_PER_COHORT + s + 1
            sessions.append({"id": sid, "cohort_id": c, "held_on": (START + timedelta(days=7 * s)).date(),
                             "created_by_id": 1, "created_at": START})
            members = range(c, PEOPLE + 1, COHORTS) if c < COHORTS else range(COHORTS, PEOPLE + 1, COHORTS)
            marks += [{"session_id": sid, "user_id": u, "present": rng.random() < 0.7} for u in members]
    bulk(AttendanceSession, sessions)
    bulk(AttendanceMark, marks)
    per_person = ANSWERS // PEOPLE
    session_rows, answer_rows, sid = [], [], 0
    for u in range(1, PEOPLE + 1):
        for s in range(per_person // 10):
            sid += 1
            when = START + timedelta(days=rng.randint(0, 320), minutes=rng.randint(0, 600))
            session_rows.append({"id": sid, "user_id": u, "topic_id": "history", "mode": "practice",
                                 "question_ids": [], "started_at": when, "finished_at": when})
            for p in range(10):
                answer_rows.append({"session_id": sid, "user_id": u, "question_id": rng.choice(questions), "position": p,
                                    "response": "a", "is_correct": rng.random() < 0.6, "score": 1.0,
                                    "answered_at": when + timedelta(seconds=30 * p)})
        if len(answer_rows) >= 200_000:
            bulk(PracticeSession, session_rows)
            bulk(PracticeAnswer, answer_rows)
            session_rows, answer_rows = [], []
    bulk(PracticeSession, session_rows)
    bulk(PracticeAnswer, answer_rows)
    attempts, results = [], []
    for u in range(1, PEOPLE + 1, 5):
        when = START + timedelta(days=rng.randint(30, 300))
        attempts.append({"id": u, "user_id": u, "kind": "knowledge", "parts": ["history", "satversme", "anthem"],
                         "settings": {}, "status": SUBMITTED, "started_at": when, "deadline_at": when,
                         "submitted_at": when})
        results += [{"attempt_id": u, "part": p, "score": 1, "max_score": 1, "passed": rng.random() < 0.8,
                     "details": {}} for p in ("history", "satversme", "anthem")]
    bulk(ExamAttempt, attempts)
    bulk(ExamPartResult, results)
    bulk(ExamOutcome, [{"user_id": u, "kind": rng.choice(("registered", "language", "knowledge", "citizenship")),
                        "happened_on": (START + timedelta(days=rng.randint(0, 320))).date(), "passed": True, "parts": {},
                        "recorded_by_id": 1, "recorded_at": START} for u in range(1, PEOPLE + 1, 20)])


def timed(filters: ReportFilters) -> tuple[float, int]:
    runs = []
    for _ in range(3):
        db.session.expire_all()
        began = time.perf_counter()
        report = run_report(filters)
        runs.append(time.perf_counter() - began)
    return statistics.median(runs), report.breakdown.totals["participants"]


def main(kind: str) -> None:
    admin_engine = None
    if kind == "sqlite":
        url = f"sqlite:///{tempfile.mkdtemp()}/bench.sqlite3"
    else:
        server = make_url("postgresql+psycopg://root@127.0.0.1:5432/test")
        name = f"lsk_bench_{uuid.uuid4().hex[:8]}"
        admin_engine = create_engine(server, isolation_level="AUTOCOMMIT")
        with admin_engine.connect() as c:
            c.execute(text(f'CREATE DATABASE "{name}"'))
        url = server.set(database=name).render_as_string(hide_password=False)
    app = create_app(TestConfig(url))
    try:
        with app.app_context():
            upgrade()
            began = time.perf_counter()
            build(random.Random(7))
            rebuild_activity()  # the bulk inserts above bypass the ORM hook that keeps daily_activity up to date
            db.session.commit()
            if kind != "sqlite":
                db.session.execute(text("ANALYZE"))
                db.session.commit()
            built = time.perf_counter() - began
            counts = {t: db.session.scalar(text(f"SELECT count(*) FROM {t}")) for t in ("practice_answer", "learner_profile")}
            municipality = db.session.scalar(select(Municipality.id).limit(1))
            programme = db.session.scalar(select(Programme.id))
            year = (date(2026, 1, 1), date(2026, 12, 31))
            cases = {"year, no filters": ReportFilters(*year), "one municipality": ReportFilters(*year, municipality_id=municipality),
                     "one target group": ReportFilters(*year, target_group="senior"),
                     "one programme": ReportFilters(*year, programme_id=programme)}
            timings = {name: timed(f) for name, f in cases.items()}
            db.session.remove()
            db.engine.dispose()
    finally:
        if admin_engine is not None and "--keep" in sys.argv:
            print(f"kept: {url}")
        elif admin_engine is not None:
            with admin_engine.connect() as c:
                c.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            admin_engine.dispose()
    result = {"database": kind, "rows": counts, "build_seconds": round(built, 1),
              "report_seconds": {k: round(v[0], 3) for k, v in timings.items()},
              "participants_counted": {k: v[1] for k, v in timings.items()}}
    print(json.dumps(result, indent=2))
    out = ROOT / "bench" / "results"
    out.mkdir(exist_ok=True)
    (out / f"report-{kind}.json").write_text(json.dumps(result, indent=2))


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "sqlite")

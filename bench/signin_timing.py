"""Sign-in time for an existing and an unknown user name, with the production password hash
(scrypt): the two must not differ enough to tell which names exist. Bounded: 2 x N requests to
an in-process app on a temporary SQLite database.

    .venv/bin/python bench/signin_timing.py [N]
"""
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from flask_migrate import upgrade  # noqa: E402

from lsk_learn import create_app  # noqa: E402
from lsk_learn.auth.models import User  # noqa: E402
from lsk_learn.config import TestConfig  # noqa: E402
from lsk_learn.extensions import db, limiter  # noqa: E402


class BenchConfig(TestConfig):
    PASSWORD_HASH_METHOD = "scrypt"  # what production uses


def main(n: int = 20) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(BenchConfig(f"sqlite:///{tmp}/bench.sqlite3"))
        with app.app_context():
            upgrade()
            user = User(username="real.person", display_name="Real Person", role="learner")
            user.set_password("a long and real passphrase")
            db.session.add(user)
            db.session.commit()
            client = app.test_client()
            timings = {"existing name": [], "unknown name": []}
            for i in range(n):
                for label, name in (("existing name", "real.person"), ("unknown name", f"nobody{i}")):
                    limiter.reset()  # measure the password check, not the pause
                    started = time.perf_counter()
                    client.post("/auth/login", data={"username": name, "password": "wrong password here"})
                    timings[label].append(time.perf_counter() - started)
            for label, values in timings.items():
                print(f"{label}: median {statistics.median(values) * 1000:.1f} ms over {n} wrong sign-ins")


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 20)

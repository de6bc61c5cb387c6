"""Connection settings per database, for SQLALCHEMY_ENGINE_OPTIONS.

SQLite (one machine; gunicorn runs several processes on one file):
- WAL journal: readers no longer block the writer nor the writer the readers, so a report being
  read does not stall answer saves. The mode is stored in the database file; setting it on every
  connection makes sure a file created elsewhere is switched too.
- a busy timeout: a writer that finds the database locked by another process waits up to
  SQLITE_BUSY_TIMEOUT_SECONDS for it instead of failing at once with "database is locked".
- `synchronous` stays at SQLite's default (FULL): every acknowledged answer is on disk at commit,
  even after a power cut (NORMAL would be faster in WAL mode but may lose the last commits then).

PostgreSQL (the production and multi-server path):
- no `pool_pre_ping`: it costs a round trip on every connection checkout (two per request here).
  Instead connections are recycled after POSTGRES_POOL_RECYCLE_SECONDS, under the idle limits of
  firewalls and PgBouncer. After the database server restarts, the first request of each app
  process fails once (SQLAlchemy then throws the whole pool away), which is the price.
- `connect_timeout`: a database host that does not answer fails a request (and /healthz) within
  seconds instead of holding a worker for the kernel's TCP retries (about two minutes).
- the JIT compiler is switched off: it spent ~0.5 s compiling each report query and gains nothing
  for this application's queries (bench/report_bench.py).
"""
import sqlite3

SQLITE_BUSY_TIMEOUT_SECONDS = 15
POSTGRES_POOL_RECYCLE_SECONDS = 1800
POSTGRES_CONNECT_TIMEOUT_SECONDS = 10


class WalConnection(sqlite3.Connection):
    """A sqlite3 connection that switches the database to write-ahead logging when it opens.
    (sqlite3.connect's `timeout` sets the busy timeout; the pragma reads it back.)"""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.execute("PRAGMA journal_mode=WAL").fetchall()


def engine_options(database_url: str) -> dict:
    if database_url.startswith("sqlite"):
        return {"connect_args": {"timeout": SQLITE_BUSY_TIMEOUT_SECONDS, "factory": WalConnection}}
    options: dict = {"pool_recycle": POSTGRES_POOL_RECYCLE_SECONDS}
    if database_url.startswith("postgresql"):
        options["connect_args"] = {"options": "-c jit=off", "connect_timeout": POSTGRES_CONNECT_TIMEOUT_SECONDS}
    return options

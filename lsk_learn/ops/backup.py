"""Backups of the whole database, and restoring one into an (empty or existing) database.

SQLite: the sqlite3 online backup API, a consistent copy while the app keeps serving, written as
one self-contained file (journal mode DELETE). PostgreSQL: `pg_dump -Fc` and
`pg_restore --clean --if-exists --single-transaction`, with the connection parameters of the
app's URL (the password goes in PGPASSWORD, never on the command line). A backup is written next
to its final name and renamed when complete, so a failed run never leaves a half file there."""
import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from psycopg.conninfo import make_conninfo
from sqlalchemy.engine import URL

from ..core.database import SQLITE_BUSY_TIMEOUT_SECONDS


class BackupError(Exception):
    """Something an operator must fix; the message says what."""


def backup(url: URL, target: Path, overwrite: bool = False) -> None:
    if target.exists() and not overwrite:
        raise BackupError(f"{target} exists; choose another name or pass --force.")
    if not target.parent.is_dir():
        raise BackupError(f"The folder {target.parent} does not exist.")
    partial = target.with_name(target.name + ".partial")
    try:
        if url.get_backend_name() == "sqlite":
            _sqlite_backup(_sqlite_path(url), partial)
        elif url.get_backend_name() == "postgresql":
            _run([_tool("pg_dump"), "--format=custom", "--no-password", f"--file={partial}",
                  f"--dbname={_conninfo(url)}"], url)
        else:
            raise BackupError(f"Backups of {url.get_backend_name()} databases are not supported.")
        os.replace(partial, target)
    finally:
        partial.unlink(missing_ok=True)


def restore(url: URL, source: Path) -> None:
    """Replace the database's contents by the backup's. Stop the app servers first."""
    if not source.is_file():
        raise BackupError(f"No backup file at {source}.")
    if url.get_backend_name() == "sqlite":
        _sqlite_restore(source, _sqlite_path(url))
    elif url.get_backend_name() == "postgresql":
        pg_restore = _tool("pg_restore")
        listing = subprocess.run([pg_restore, "--list", str(source)], capture_output=True, text=True)
        if listing.returncode != 0:
            raise BackupError(f"{source} is not a pg_dump -Fc archive: {_last_line(listing.stderr)}")
        _run([pg_restore, "--clean", "--if-exists", "--single-transaction", "--no-owner", "--no-privileges",
              "--no-password", f"--dbname={_conninfo(url)}", str(source)], url)
    else:
        raise BackupError(f"Restoring {url.get_backend_name()} databases is not supported.")


# --- SQLite ---------------------------------------------------------------------------------

def _sqlite_path(url: URL) -> Path:
    if not url.database or url.database == ":memory:" or url.database.startswith("file:"):
        raise BackupError("The database is not an SQLite file (LSK_DATABASE_URL).")
    return Path(url.database)


def _sqlite_backup(source: Path, partial: Path) -> None:
    if not source.is_file():
        raise BackupError(f"No database at {source}.")
    with _closing(sqlite3.connect(source, timeout=SQLITE_BUSY_TIMEOUT_SECONDS)) as live, \
            _closing(sqlite3.connect(partial)) as copy:
        live.backup(copy)  # one consistent snapshot; in WAL mode writers carry on meanwhile
        copy.execute("PRAGMA journal_mode=DELETE")  # a single file, no -wal beside it
        _check_sqlite(copy, partial)


def _sqlite_restore(source: Path, target: Path) -> None:
    if not target.parent.is_dir():
        raise BackupError(f"The folder {target.parent} does not exist.")
    with _closing(sqlite3.connect(f"{source.resolve().as_uri()}?mode=ro", uri=True)) as backup_file:
        _check_sqlite(backup_file, source)
        with _closing(sqlite3.connect(target, timeout=SQLITE_BUSY_TIMEOUT_SECONDS)) as live:
            backup_file.backup(live)
            live.execute("PRAGMA journal_mode=WAL")


def _check_sqlite(connection: sqlite3.Connection, path: Path) -> None:
    try:
        verdict = connection.execute("PRAGMA quick_check").fetchone()[0]
        connection.execute("SELECT version_num FROM alembic_version").fetchall()
    except sqlite3.DatabaseError as error:
        raise BackupError(f"{path} is not an LSK Learn SQLite database: {error}") from None
    if verdict != "ok":
        raise BackupError(f"{path} is damaged: {verdict}")


class _closing:
    """sqlite3's own context manager commits but does not close."""

    def __init__(self, connection):
        self.connection = connection

    def __enter__(self):
        return self.connection

    def __exit__(self, *exc):
        self.connection.close()


# --- PostgreSQL -----------------------------------------------------------------------------

def _tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        raise BackupError(f"{name} is not installed (Debian: apt-get install postgresql-client).")
    return path


def _conninfo(url: URL) -> str:
    """libpq parameters from the SQLAlchemy URL (query parameters such as sslmode included), no password."""
    params = {"host": url.host, "port": url.port, "user": url.username, "dbname": url.database}
    for key, value in url.query.items():
        params[key] = value if isinstance(value, str) else value[-1]
    return make_conninfo(**{k: str(v) for k, v in params.items() if v is not None})


def _run(command: list[str], url: URL) -> None:
    env = {**os.environ}
    if url.password:
        env["PGPASSWORD"] = url.password
    result = subprocess.run(command, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise BackupError(f"{Path(command[0]).name} failed: {result.stderr.strip() or result.returncode}")


def _last_line(text: str) -> str:
    lines = [line for line in text.strip().splitlines() if line.strip()]
    return lines[-1] if lines else "unknown error"

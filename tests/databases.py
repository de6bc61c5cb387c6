"""A throwaway PostgreSQL database, for the test run (conftest), the deploy tests and the tests
that migrate a database of their own. No pytest here: any test helper may import it."""
import uuid
from contextlib import contextmanager

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url


@contextmanager
def new_postgres_database(server_url: str, prefix: str):
    """A new, empty database on the server `server_url` names; its URL; dropped afterwards."""
    server = make_url(server_url)
    name = f"{prefix}_{uuid.uuid4().hex[:10]}"
    admin = create_engine(server, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(text(f'CREATE DATABASE "{name}"'))
    try:
        yield server.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def insert_bank_rows(bank, tables) -> None:
    """A bank's topics, passages, questions and lessons as plain rows, for a database still at an old migration
    (where `flask bank sync` of today, which also writes question versions, cannot run)."""
    from sqlalchemy import column, insert, table

    from lsk_learn.bank.items import content_hash
    from lsk_learn.extensions import db

    with db.engine.begin() as connection:
        for name, items in (("topic", bank.topics), ("passage", bank.passages), ("question", bank.questions),
                            ("lesson", bank.lessons)):
            if not items:
                continue
            rows = [{**item.record(), "content_hash": content_hash(item.record())} for item in items]
            # only these columns (today's table would add the defaults of columns added since)
            old = table(name, *(column(key, tables[name].c[key].type) for key in rows[0]))
            connection.execute(insert(old), rows)

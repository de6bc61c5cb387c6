"""Reading daily_activity for the reports and the cohort pages, and rebuilding it from the raw
rows (for an operator after a restore or a bulk load: `flask activity rebuild`)."""
from datetime import date

from sqlalchemy import Date, cast, delete, exists, func, or_, select, true

from ..core.time import RIGA_TIMEZONE_NAME
from ..domain.activity import ACTIVE_COUNTERS, COUNTERS, SOURCES, TABLES, columns_of, tally
from ..extensions import db
from .models import DailyActivity
from .tracking import add_deltas


def active_between(person, start: date, end: date):
    """EXISTS: `person` answered a question, opened a lesson for the first time or started a mock
    exam on a Latvian day from `start` to `end` (the primary key (user_id, day) serves it)."""
    return exists().where(DailyActivity.user_id == person, DailyActivity.day.between(start, end),
                          or_(*(getattr(DailyActivity, c) > 0 for c in ACTIVE_COUNTERS)))


def active_days(people, start: date, end: date):
    """SELECT (user_id, day) of the days in `start`..`end` on which one of `people` (a column of
    a subquery) was active as active_between() counts it."""
    return (select(DailyActivity.user_id, DailyActivity.day).join_from(DailyActivity, people.table,
                                                                       people == DailyActivity.user_id)
            .where(DailyActivity.day.between(start, end), or_(*(getattr(DailyActivity, c) > 0 for c in ACTIVE_COUNTERS))))


def activity_table() -> dict:
    """The table as {(user, day): {counter: n}} (tests, checks)."""
    rows = db.session.scalars(select(DailyActivity).order_by(DailyActivity.user_id, DailyActivity.day))
    return {(r.user_id, r.day): {c: getattr(r, c) for c in COUNTERS} for r in rows}


def _source_tables():
    return {name: db.metadata.tables[name] for name in TABLES}


def recount_from_raw_rows() -> dict:
    """What the table should hold, recounted from the raw rows: on PostgreSQL grouped in SQL by
    the Riga date; elsewhere (SQLite has no time zones) streamed and counted by domain rules."""
    tables = _source_tables()
    if db.session.get_bind().dialect.name != "postgresql":
        def changes():
            for name, table in tables.items():
                columns = sorted(columns_of(name))
                query = select(*(table.c[c] for c in columns)).execution_options(yield_per=20_000)
                for row in db.session.execute(query):
                    yield name, dict(zip(columns, row)), 1
        return tally(changes())
    grouped = []
    for source in SOURCES:
        table = tables[source.table]
        moment = table.c[source.time_column]
        day = cast(func.timezone(RIGA_TIMEZONE_NAME, moment), Date)
        condition = table.c[source.only_if].is_(True) if source.only_if else true()
        for user_id, when, n in db.session.execute(
                select(table.c.user_id, day, func.count()).where(moment.is_not(None), condition)
                .group_by(table.c.user_id, day)):
            grouped.append((source, user_id, when, n))
    result: dict = {}
    for source, user_id, when, n in grouped:
        result.setdefault((user_id, when), dict.fromkeys(COUNTERS, 0))[source.counter] += n
    return dict(sorted(result.items()))


def rebuild_activity() -> int:
    """Replace the table by a recount from the raw rows, in the caller's transaction (the caller
    commits). Returns the number of person-days."""
    recount = recount_from_raw_rows()
    db.session.execute(delete(DailyActivity))
    connection = db.session.connection()
    items = list(recount.items())
    for i in range(0, len(items), 20_000):
        add_deltas(connection, dict(items[i:i + 20_000]))
    return len(recount)

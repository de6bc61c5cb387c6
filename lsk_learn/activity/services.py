"""Reading daily_activity and monthly_activity for the reports and the cohort pages, and
rebuilding both from the raw rows (for an operator after a restore or a bulk load: `flask
activity rebuild`)."""
from datetime import date

from sqlalchemy import Date, cast, delete, exists, func, or_, select, true

from ..core.time import RIGA_TIMEZONE_NAME
from ..domain.activity import (
    ACTIVE_COUNTERS, COUNTERS, SOURCES, TABLES, activities_by_month, attendances_by_month, columns_of, tally,
)
from ..extensions import db
from .models import DailyActivity, MonthlyActivity
from .months import COLUMNS as MONTH_COLUMNS, add_month_deltas
from .tracking import add_deltas

BATCH = 20_000


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


def _month_counted():
    return or_(MonthlyActivity.activities > 0, MonthlyActivity.attendances > 0)


def active_in_months(person, first: date, last: date):
    """EXISTS: `person` was active as active_between() counts it, or attended a class, in a month
    from `first` to `last` (first days of whole months; the primary key (user_id, month) serves it)."""
    return exists().where(MonthlyActivity.user_id == person, MonthlyActivity.month.between(first, last),
                          _month_counted())


def active_months(people, first: date, last: date):
    """SELECT (user_id, month) of the months from `first` to `last` in which one of `people` (a
    column of a subquery) was active or attended a class, as active_in_months() counts them."""
    return (select(MonthlyActivity.user_id, MonthlyActivity.month)
            .join_from(MonthlyActivity, people.table, people == MonthlyActivity.user_id)
            .where(MonthlyActivity.month.between(first, last), _month_counted()))


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


def monthly_table() -> dict:
    """monthly_activity as {(user, month): {"activities": n, "attendances": n}} (tests, checks)."""
    rows = db.session.scalars(select(MonthlyActivity).order_by(MonthlyActivity.user_id, MonthlyActivity.month))
    return {(r.user_id, r.month): {c: getattr(r, c) for c in MONTH_COLUMNS} for r in rows}


def _present_marks():
    """(person, date of the class) of every present attendance mark, streamed."""
    marks, classes = db.metadata.tables["attendance_mark"], db.metadata.tables["attendance_session"]
    query = (select(marks.c.user_id, classes.c.held_on).join(classes, classes.c.id == marks.c.session_id)
             .where(marks.c.present.is_(True)).execution_options(yield_per=BATCH))
    return (tuple(row) for row in db.session.execute(query))


def recount_months_from_raw_rows(daily: dict | None = None) -> dict:
    """What monthly_activity should hold: the activities summed from daily_activity's recount (or
    `daily`, that recount), the attendances counted from the marks."""
    activities = activities_by_month(recount_from_raw_rows() if daily is None else daily)
    attendances = attendances_by_month(_present_marks())
    return {key: {"activities": activities.get(key, 0), "attendances": attendances.get(key, 0)}
            for key in sorted(activities.keys() | attendances.keys())}


def _batches(mapping: dict):
    items = list(mapping.items())
    for i in range(0, len(items), BATCH):
        yield dict(items[i:i + BATCH])


def rebuild_activity() -> int:
    """Replace daily_activity and monthly_activity by a recount from the raw rows, in the caller's
    transaction (the caller commits). Returns the number of person-days."""
    recount = recount_from_raw_rows()
    db.session.execute(delete(DailyActivity))
    db.session.execute(delete(MonthlyActivity))
    connection = db.session.connection()
    for batch in _batches(recount):
        add_deltas(connection, batch)  # the months' activities too
    for batch in _batches(attendances_by_month(_present_marks())):
        add_month_deltas(connection, "attendances", batch)
    return len(recount)

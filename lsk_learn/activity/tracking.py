"""Keeping daily_activity up to date on write: after every ORM flush, the rows of the source
tables (domain/activity.py SOURCES) that were inserted, changed or deleted are added up per person
and day, and written with one INSERT ... ON CONFLICT DO UPDATE SET n = n + delta, on the flush's
connection, so in the same transaction (and savepoint) as the rows they count. A changed or
deleted row counts -1 as it was (remembered before the flush, read from the database if the
session had not loaded it) and +1 as it is.

Core statements (insert(PracticeAnswer) executemany, COPY) bypass the ORM and so this hook: after
such a bulk load, call services.rebuild_activity().

Every delta written here also changes monthly_activity's activities (months.py): the month's sum
of the counters that make a person active."""
from sqlalchemy import delete, event, inspect, select, tuple_
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session, attributes
from sqlalchemy.orm.base import PASSIVE_NO_INITIALIZE

from ..domain.activity import COUNTERS, TABLES, activities_by_month, columns_of, tally
from .models import DailyActivity
from .months import add_month_deltas

_BEFORE = "activity_rows_before"  # session.info key: counted columns of changed rows, before the flush


def _table(obj) -> str | None:
    name = getattr(type(obj), "__tablename__", None)
    return name if name in TABLES else None


def _known_before(obj, columns) -> dict | None:
    """The columns as they were before the pending changes, if the session knows them all
    (loaded and unchanged, or changed with the old value kept); None when one must be read."""
    values = {}
    for column in columns:
        history = attributes.get_history(obj, column, PASSIVE_NO_INITIALIZE)
        if history.deleted:
            values[column] = history.deleted[0]
        elif history.unchanged:
            values[column] = history.unchanged[0]
        else:  # not loaded, or set without the old value loaded
            return None
    return values


def _read_before(session: Session, obj, columns) -> dict:
    """The columns of the row as stored, before this flush writes it."""
    state = inspect(obj)
    columns = sorted(columns)
    mapped = state.mapper.local_table
    key = dict(zip((c.name for c in state.mapper.primary_key), state.identity))
    with session.no_autoflush:
        row = session.execute(select(*(mapped.c[c] for c in columns))
                              .where(*(mapped.c[name] == value for name, value in key.items()))).first()
    return dict(zip(columns, row)) if row is not None else {c: None for c in columns}


def values_before(session: Session, obj, columns) -> dict:
    """The columns of a changed or deleted row as they were before this flush (in before_flush)."""
    return _known_before(obj, columns) or _read_before(session, obj, columns)


def has_changes(obj, columns) -> bool:
    return any(attributes.get_history(obj, c, PASSIVE_NO_INITIALIZE).has_changes() for c in columns)


@event.listens_for(Session, "before_flush")
def _remember_rows_before(session: Session, flush_context, instances) -> None:
    """Changed and deleted rows as they were: read now, while the database still holds them."""
    before = {}
    for obj in list(session.dirty) + list(session.deleted):
        table = _table(obj)
        if table and (obj in session.deleted or has_changes(obj, columns_of(table))) and inspect(obj).identity:
            before[obj] = values_before(session, obj, columns_of(table))
    session.info[_BEFORE] = before


def changes_in(session: Session) -> list[tuple[str, dict, int]]:
    """(table, counted columns, +1/-1) for the flush that just happened (after_flush still shows
    the session's pre-flush new/dirty/deleted sets)."""
    before = session.info.pop(_BEFORE, {})
    changes = []
    for obj in session.new:
        if table := _table(obj):
            changes.append((table, {c: getattr(obj, c) for c in columns_of(table)}, 1))
    for obj in session.dirty:
        if (table := _table(obj)) and obj in before and obj not in session.deleted:
            changes.append((table, before[obj], -1))
            changes.append((table, {c: getattr(obj, c) for c in columns_of(table)}, 1))
    for obj in session.deleted:
        if (table := _table(obj)) and obj in before:
            changes.append((table, before[obj], -1))
    return changes


def upsert_statement(dialect_name: str):
    """INSERT ... ON CONFLICT (user_id, day) DO UPDATE SET counter = counter + excluded.counter."""
    dialects = {"postgresql": postgresql, "sqlite": sqlite}
    if dialect_name not in dialects:
        raise NotImplementedError(f"daily_activity upsert on {dialect_name}")
    table = DailyActivity.__table__
    statement = dialects[dialect_name].insert(table)
    return statement.on_conflict_do_update(
        index_elements=[table.c.user_id, table.c.day],
        set_={c: table.c[c] + getattr(statement.excluded, c) for c in COUNTERS})


def add_deltas(connection, deltas: dict) -> None:
    """Add {(user, day): {counter: delta}} to the table (in (user, day) order: no deadlocks), and
    what they add to each month's activities to monthly_activity."""
    if not deltas:
        return
    connection.execute(upsert_statement(connection.dialect.name),
                       [{"user_id": user_id, "day": day, **counts} for (user_id, day), counts in deltas.items()])
    lowered = [key for key, counts in deltas.items() if any(n < 0 for n in counts.values())]
    if lowered:  # a day whose rows were all changed or deleted away has no row (as in a recount)
        table = DailyActivity.__table__
        connection.execute(delete(table).where(tuple_(table.c.user_id, table.c.day).in_(lowered),
                                               *(table.c[c] == 0 for c in COUNTERS)))
    add_month_deltas(connection, "activities", activities_by_month(deltas))


@event.listens_for(Session, "after_flush")
def _count_activity(session: Session, flush_context) -> None:
    deltas = tally(changes_in(session))
    if deltas:
        add_deltas(session.connection(), deltas)

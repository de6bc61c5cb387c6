"""Writing monthly_activity: deltas added with one INSERT ... ON CONFLICT DO UPDATE SET n = n + delta
(additive, so concurrent transactions cannot lose each other's counts), on the caller's connection,
in its transaction. tracking.py adds each daily delta's activities, attendance.py each attendance
mark's; services.rebuild_activity() recounts everything."""
from sqlalchemy import delete, tuple_
from sqlalchemy.dialects import postgresql, sqlite

from .models import MonthlyActivity

COLUMNS = ("activities", "attendances")


def _upsert(dialect_name: str, column: str):
    """INSERT ... ON CONFLICT (user_id, month) DO UPDATE SET column = column + excluded.column."""
    dialects = {"postgresql": postgresql, "sqlite": sqlite}
    if dialect_name not in dialects:
        raise NotImplementedError(f"monthly_activity upsert on {dialect_name}")
    table = MonthlyActivity.__table__
    statement = dialects[dialect_name].insert(table)
    return statement.on_conflict_do_update(index_elements=[table.c.user_id, table.c.month],
                                           set_={column: table.c[column] + getattr(statement.excluded, column)})


def add_month_deltas(connection, column: str, deltas: dict) -> None:
    """Add {(user, month): delta} to one column (in (user, month) order: no deadlocks); a month
    left with nothing counted loses its row (as in a recount)."""
    if not deltas:
        return
    other = next(c for c in COLUMNS if c != column)
    keys = sorted(deltas)
    connection.execute(_upsert(connection.dialect.name, column),
                       [{"user_id": user_id, "month": month, column: deltas[(user_id, month)], other: 0}
                        for user_id, month in keys])
    lowered = [key for key in keys if deltas[key] < 0]
    if lowered:
        table = MonthlyActivity.__table__
        connection.execute(delete(table).where(tuple_(table.c.user_id, table.c.month).in_(lowered),
                                               *(table.c[c] == 0 for c in COLUMNS)))

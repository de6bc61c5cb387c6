"""Keeping monthly_activity's attendances up to date on write: a present mark counts in the month
of its class's date, so a flush can move counts by changing a mark or its class. Before every ORM
flush the marks it changes or deletes, and the classes it moves to another date or deletes (with
their present marks), are remembered as they are in the database; after it, domain/activity.py's
attendance_deltas() turns them and the new and changed marks into deltas, added on the flush's
connection, so in the same transaction (and savepoint) as the marks.

Core statements (insert(AttendanceMark), COPY) bypass this as they bypass tracking.py: after such
a bulk load, call services.rebuild_activity()."""
from sqlalchemy import event, inspect, select
from sqlalchemy.orm import Session

from ..domain.activity import attendance_deltas
from ..extensions import db
from .months import add_month_deltas
from .tracking import has_changes, values_before

MARK, CLASS = "attendance_mark", "attendance_session"
MARK_COLUMNS = ("user_id", "session_id", "present")
_BEFORE = "attendance_before"  # session.info key: what the flush changes, as it was


def _table(obj) -> str | None:
    return getattr(type(obj), "__tablename__", None)


def _changed(session: Session):
    """(moved or deleted classes {id: (date before, deleted?)}, changed or deleted marks {obj: before})."""
    classes, marks = {}, {}
    for obj in list(session.dirty) + list(session.deleted):
        state, deleted = inspect(obj), obj in session.deleted
        if not state.identity or _table(obj) not in (MARK, CLASS):
            continue
        if _table(obj) == CLASS and (deleted or has_changes(obj, ("held_on",))):
            classes[state.identity[0]] = (values_before(session, obj, ("held_on",))["held_on"], deleted)
        elif _table(obj) == MARK and (deleted or has_changes(obj, MARK_COLUMNS)):
            marks[obj] = values_before(session, obj, MARK_COLUMNS)
    return classes, marks


def _present_marks(session: Session, class_ids) -> list[tuple[int, int]]:
    """(class, person) of the present marks of these classes, as stored."""
    if not class_ids:
        return []
    marks = db.metadata.tables[MARK]
    with session.no_autoflush:
        return [tuple(row) for row in session.execute(select(marks.c.session_id, marks.c.user_id).where(
            marks.c.session_id.in_(sorted(class_ids)), marks.c.present.is_(True)))]


@event.listens_for(Session, "before_flush")
def _remember_attendance_before(session: Session, flush_context, instances) -> None:
    classes, marks = _changed(session)
    session.info[_BEFORE] = (classes, _present_marks(session, classes), marks)


def _class_dates(connection, class_ids, classes: dict) -> dict:
    """Every class's date after the flush; a deleted class keeps the date it had."""
    table = db.metadata.tables[CLASS]
    dates = dict(connection.execute(select(table.c.id, table.c.held_on).where(table.c.id.in_(sorted(class_ids)))).all())
    dates.update({class_id: old for class_id, (old, deleted) in classes.items() if deleted})
    return dates


@event.listens_for(Session, "after_flush")
def _count_attendance(session: Session, flush_context) -> None:
    classes, class_marks, before = session.info.pop(_BEFORE, ({}, [], {}))
    changed = [obj for obj in session.new if _table(obj) == MARK] + [obj for obj in before if obj not in session.deleted]
    if not (classes or before or changed):
        return
    was = [(v["user_id"], v["session_id"], v["present"]) for v in before.values()]
    now = [(obj.user_id, obj.session_id, obj.present) for obj in changed]
    connection = session.connection()
    dates = _class_dates(connection, set(classes) | {c for _u, c, _p in was + now}, classes)
    add_month_deltas(connection, "attendances", attendance_deltas(classes, class_marks, was, now, dates))

"""each person's activity per Latvian day (answers, sessions, lessons, mock exams), backfilled

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-03 07:00:00.000000

"""
from collections import defaultdict
from datetime import timezone
from zoneinfo import ZoneInfo

from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None

RIGA = "Europe/Riga"
COUNTERS = ("answers", "correct", "practice_sessions", "lessons_opened", "lessons_done", "exams_started")
# (table, time column, counter, boolean column that must be true): as lsk_learn/domain/activity.py
# says today, frozen here so the backfill does not change with the code
SOURCES = (
    ("practice_answer", "answered_at", "answers", None),
    ("practice_answer", "answered_at", "correct", "is_correct"),
    ("practice_session", "started_at", "practice_sessions", None),
    ("lesson_progress", "opened_at", "lessons_opened", None),
    ("lesson_progress", "completed_at", "lessons_done", None),
    ("exam_attempt", "started_at", "exams_started", None),
)


def upgrade():
    op.create_table('daily_activity',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('answers', sa.Integer(), nullable=False),
    sa.Column('correct', sa.Integer(), nullable=False),
    sa.Column('practice_sessions', sa.Integer(), nullable=False),
    sa.Column('lessons_opened', sa.Integer(), nullable=False),
    sa.Column('lessons_done', sa.Integer(), nullable=False),
    sa.Column('exams_started', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_daily_activity_user_id_user')),
    sa.PrimaryKeyConstraint('user_id', 'day', name=op.f('pk_daily_activity'))
    )
    connection = op.get_bind()
    if connection.dialect.name == "postgresql":
        _backfill_in_sql(connection)
    else:
        _backfill_in_python(connection)


def _backfill_in_sql(connection):
    """One INSERT ... SELECT grouping every source by person and Riga date."""
    parts = []
    for table, column, counter, only_if in SOURCES:
        values = ", ".join(f"1 AS {c}" if c == counter else f"0 AS {c}" for c in COUNTERS)
        condition = f" AND {only_if}" if only_if else ""
        parts.append(f'SELECT user_id, (timezone(\'{RIGA}\', {column}))::date AS day, {values} '
                     f'FROM "{table}" WHERE {column} IS NOT NULL{condition}')
    sums = ", ".join(f"sum({c})" for c in COUNTERS)
    connection.execute(sa.text(
        f"INSERT INTO daily_activity (user_id, day, {', '.join(COUNTERS)}) "
        f"SELECT user_id, day, {sums} FROM ({' UNION ALL '.join(parts)}) AS counted GROUP BY user_id, day"))


def _backfill_in_python(connection):
    """SQLite has no time zones: read the rows (only the columns counted) and count them here."""
    riga = ZoneInfo(RIGA)
    counted = defaultdict(lambda: dict.fromkeys(COUNTERS, 0))
    for table, column, counter, only_if in SOURCES:
        rows = sa.table(table, sa.column("user_id"), sa.column(column, sa.DateTime()),
                        *([sa.column(only_if, sa.Boolean())] if only_if else []))
        query = sa.select(rows.c.user_id, rows.c[column]).where(rows.c[column].is_not(None))
        if only_if:
            query = query.where(rows.c[only_if].is_(True))
        for user_id, moment in connection.execute(query):
            moment = moment if moment.tzinfo else moment.replace(tzinfo=timezone.utc)  # SQLite: naive UTC
            day = moment.astimezone(riga).date()
            counted[(user_id, day)][counter] += 1
    if counted:
        activity = sa.table("daily_activity", sa.column("user_id"), sa.column("day", sa.Date()),
                            *(sa.column(c) for c in COUNTERS))
        rows = [{"user_id": user_id, "day": day, **values} for (user_id, day), values in sorted(counted.items())]
        for i in range(0, len(rows), 10_000):
            connection.execute(activity.insert(), rows[i:i + 10_000])


def downgrade():
    op.drop_table('daily_activity')

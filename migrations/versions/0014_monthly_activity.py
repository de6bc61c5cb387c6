"""each person's activity and class attendance per month (the report's monthly figures), backfilled; daily_activity by day

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-03 12:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None

# what makes a person active on a day (lsk_learn/domain/activity.py ACTIVE_COUNTERS today), frozen
# here so the backfill does not change with the code
ACTIVITIES = "answers + lessons_opened + exams_started"


def upgrade():
    op.create_table('monthly_activity',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('month', sa.Date(), nullable=False),
    sa.Column('activities', sa.Integer(), nullable=False),
    sa.Column('attendances', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_monthly_activity_user_id_user')),
    sa.PrimaryKeyConstraint('user_id', 'month', name=op.f('pk_monthly_activity'))
    )
    with op.batch_alter_table('daily_activity', schema=None) as batch_op:
        batch_op.create_index('ix_daily_activity_day', ['day'], unique=False)
    _backfill(op.get_bind())


def _month(connection, column: str) -> str:
    """The first day of the month of a date column, in SQL (dates are ISO text in SQLite)."""
    if connection.dialect.name == "postgresql":
        return f"CAST(date_trunc('month', {column}) AS date)"
    return f"date({column}, 'start of month')"


def _backfill(connection):
    """One INSERT ... SELECT: daily_activity summed per person and month, and the present marks
    counted in the month of their class."""
    connection.execute(sa.text(
        "INSERT INTO monthly_activity (user_id, month, activities, attendances) "
        "SELECT user_id, month, sum(activities), sum(attendances) FROM ("
        f"SELECT user_id, {_month(connection, 'day')} AS month, {ACTIVITIES} AS activities, 0 AS attendances "
        f"FROM daily_activity WHERE {ACTIVITIES} > 0 "
        "UNION ALL "
        f"SELECT m.user_id, {_month(connection, 's.held_on')}, 0, 1 FROM attendance_mark m "
        "JOIN attendance_session s ON s.id = m.session_id WHERE m.present"
        ") AS counted GROUP BY user_id, month"))


def downgrade():
    with op.batch_alter_table('daily_activity', schema=None) as batch_op:
        batch_op.drop_index('ix_daily_activity_day')
    op.drop_table('monthly_activity')

"""bank sync conflicts kept for reviewers (issue 14)

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-04 01:30:00.000000

"""
from alembic import op
import sqlalchemy as sa

from lsk_learn.core.types import UTCDateTime


# revision identifiers, used by Alembic.
revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('sync_conflict',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('item_id', sa.String(length=80), nullable=False),
    sa.Column('message', sa.Text(), nullable=False),
    sa.Column('detected_at', UTCDateTime(timezone=True), nullable=False),
    sa.Column('resolved_at', UTCDateTime(timezone=True), nullable=True),
    sa.Column('resolved_by', sa.Integer(), nullable=True),
    sa.Column('resolution', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['resolved_by'], ['user.id'], name=op.f('fk_sync_conflict_resolved_by_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_sync_conflict'))
    )
    with op.batch_alter_table('sync_conflict', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_sync_conflict_item_id'), ['item_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_sync_conflict_resolved_at'), ['resolved_at'], unique=False)


def downgrade():
    with op.batch_alter_table('sync_conflict', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sync_conflict_resolved_at'))
        batch_op.drop_index(batch_op.f('ix_sync_conflict_item_id'))
    op.drop_table('sync_conflict')

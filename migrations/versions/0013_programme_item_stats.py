"""the whole programme's item statistics, as last computed (flask stats refresh)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-03 07:40:00.000000

"""
from alembic import op
import sqlalchemy as sa

from lsk_learn.core.types import UTCDateTime


# revision identifiers, used by Alembic.
revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('programme_item_stats',
    sa.Column('question_id', sa.String(length=40), nullable=False),
    sa.Column('rank', sa.Integer(), nullable=False),
    sa.Column('answered', sa.Integer(), nullable=False),
    sa.Column('wrong', sa.Integer(), nullable=False),
    sa.Column('facility', sa.Float(), nullable=False),
    sa.Column('discrimination', sa.Float(), nullable=True),
    sa.Column('common_wrong_choice', sa.Text(), nullable=True),
    sa.Column('common_wrong_count', sa.Integer(), nullable=False),
    sa.Column('has_common_wrong', sa.Boolean(), nullable=False),
    sa.Column('common_wrong_response', sa.JSON(), nullable=True),
    sa.Column('computed_at', UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_programme_item_stats_question_id_question')),
    sa.PrimaryKeyConstraint('question_id', name=op.f('pk_programme_item_stats'))
    )
    with op.batch_alter_table('programme_item_stats', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_programme_item_stats_rank'), ['rank'], unique=False)


def downgrade():
    with op.batch_alter_table('programme_item_stats', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_programme_item_stats_rank'))
    op.drop_table('programme_item_stats')

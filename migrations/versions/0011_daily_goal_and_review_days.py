"""daily revision goal on the learner profile, and each learner's answers per Latvian day

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-02 15:01:49.896875

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('review_day',
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('day', sa.Date(), nullable=False),
    sa.Column('answered', sa.Integer(), nullable=False),
    sa.Column('new_cards', sa.Integer(), nullable=False),
    sa.Column('goal', sa.Integer(), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_review_day_user_id_user')),
    sa.PrimaryKeyConstraint('user_id', 'day', name=op.f('pk_review_day'))
    )
    # existing profiles get the default goal (15 questions a day)
    with op.batch_alter_table('learner_profile', schema=None) as batch_op:
        batch_op.add_column(sa.Column('daily_goal', sa.Integer(), server_default=sa.text('15'), nullable=False))


def downgrade():
    with op.batch_alter_table('learner_profile', schema=None) as batch_op:
        batch_op.drop_column('daily_goal')

    op.drop_table('review_day')

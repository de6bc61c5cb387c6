"""offline answers (issue 15): practice_answer.client_id, unique per learner, so an answer sent again
from a phone that lost the reply is recognised and stored once

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-04 01:30:00.000000

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('practice_answer', schema=None) as batch_op:
        batch_op.add_column(sa.Column('client_id', sa.String(length=36), nullable=True))
        batch_op.create_unique_constraint('uq_practice_answer_user_client', ['user_id', 'client_id'])


def downgrade():
    with op.batch_alter_table('practice_answer', schema=None) as batch_op:
        batch_op.drop_constraint('uq_practice_answer_user_client', type_='unique')
        batch_op.drop_column('client_id')

"""attachments of imported questions; writing tasks imported in the app (origin, author) (issue 14)

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-04 01:30:00.000000

"""
from alembic import op
import sqlalchemy as sa

from lsk_learn.core.types import UTCDateTime


# revision identifiers, used by Alembic.
revision = '0017'
down_revision = '0016'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('question_attachment',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.String(length=64), nullable=False),
    sa.Column('name', sa.String(length=200), nullable=False),
    sa.Column('media_type', sa.String(length=40), nullable=False),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('created_at', UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_question_attachment_question_id_question')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question_attachment')),
    sa.UniqueConstraint('question_id', 'name', name=op.f('uq_question_attachment_question_id'))
    )
    with op.batch_alter_table('question_attachment', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_question_attachment_question_id'), ['question_id'], unique=False)
    with op.batch_alter_table('bank_task', schema=None) as batch_op:
        batch_op.add_column(sa.Column('origin', sa.String(length=10), server_default='bank', nullable=False))
        batch_op.add_column(sa.Column('author_id', sa.Integer(), nullable=True))
        batch_op.create_foreign_key(batch_op.f('fk_bank_task_author_id_user'), 'user', ['author_id'], ['id'])


def downgrade():
    with op.batch_alter_table('bank_task', schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f('fk_bank_task_author_id_user'), type_='foreignkey')
        batch_op.drop_column('author_id')
        batch_op.drop_column('origin')
    with op.batch_alter_table('question_attachment', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_question_attachment_question_id'))
    op.drop_table('question_attachment')

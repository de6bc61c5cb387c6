"""listening audio (issue 15): audio files of listening passages (synthetic voice, teachers' recordings under review) and vocabulary words, and the plays counted in mock exams

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-04 01:30:00.000000

"""
from alembic import op
import sqlalchemy as sa

from lsk_learn.core.types import UTCDateTime


# revision identifiers, used by Alembic.
revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('audio_file',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('passage_id', sa.String(length=64), nullable=True),
    sa.Column('word_id', sa.String(length=64), nullable=True),
    sa.Column('anthem_id', sa.String(length=20), nullable=True),
    sa.Column('kind', sa.String(length=10), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('path', sa.String(length=300), nullable=False),
    sa.Column('mime_type', sa.String(length=40), nullable=False),
    sa.Column('duration_seconds', sa.Float(), nullable=True),
    sa.Column('size', sa.Integer(), nullable=False),
    sa.Column('sha256', sa.String(length=64), nullable=False),
    sa.Column('script_hash', sa.String(length=64), nullable=True),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('reviewer_id', sa.Integer(), nullable=True),
    sa.Column('review_comment', sa.Text(), nullable=True),
    sa.Column('created_at', UTCDateTime(timezone=True), nullable=False),
    sa.Column('submitted_at', UTCDateTime(timezone=True), nullable=True),
    sa.Column('reviewed_at', UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['anthem_id'], ['anthem_text.id'], name=op.f('fk_audio_file_anthem_id_anthem_text')),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_audio_file_author_id_user')),
    sa.ForeignKeyConstraint(['passage_id'], ['passage.id'], name=op.f('fk_audio_file_passage_id_passage')),
    sa.ForeignKeyConstraint(['reviewer_id'], ['user.id'], name=op.f('fk_audio_file_reviewer_id_user')),
    sa.ForeignKeyConstraint(['word_id'], ['vocabulary_word.id'], name=op.f('fk_audio_file_word_id_vocabulary_word')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_audio_file'))
    )
    with op.batch_alter_table('audio_file', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_audio_file_anthem_id'), ['anthem_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audio_file_passage_id'), ['passage_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_audio_file_state'), ['state'], unique=False)
        batch_op.create_index(batch_op.f('ix_audio_file_word_id'), ['word_id'], unique=False)
    op.create_table('exam_audio_play',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('attempt_id', sa.Integer(), nullable=False),
    sa.Column('passage_id', sa.String(length=64), nullable=False),
    sa.Column('plays', sa.Integer(), nullable=False),
    sa.Column('last_played_at', UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['attempt_id'], ['exam_attempt.id'], name=op.f('fk_exam_audio_play_attempt_id_exam_attempt')),
    sa.ForeignKeyConstraint(['passage_id'], ['passage.id'], name=op.f('fk_exam_audio_play_passage_id_passage')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_exam_audio_play')),
    sa.UniqueConstraint('attempt_id', 'passage_id', name=op.f('uq_exam_audio_play_attempt_id'))
    )
    with op.batch_alter_table('exam_audio_play', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_exam_audio_play_attempt_id'), ['attempt_id'], unique=False)


def downgrade():
    with op.batch_alter_table('exam_audio_play', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_exam_audio_play_attempt_id'))
    op.drop_table('exam_audio_play')
    with op.batch_alter_table('audio_file', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_audio_file_word_id'))
        batch_op.drop_index(batch_op.f('ix_audio_file_state'))
        batch_op.drop_index(batch_op.f('ix_audio_file_passage_id'))
    op.drop_table('audio_file')

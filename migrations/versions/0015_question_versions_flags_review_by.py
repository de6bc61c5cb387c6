"""question versions (review workflow), flags, check-by dates, uploads awaiting import; exam items and practice answers keep the version shown

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-03 12:30:00.000000

"""
import hashlib
import json

from alembic import op
import sqlalchemy as sa

from lsk_learn.core.types import UTCDateTime


# revision identifiers, used by Alembic.
revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

# bank/versions.py CONTENT_FIELDS, as of this migration
CONTENT_FIELDS = ("topic_id", "subtopic", "type", "difficulty", "text", "options", "prompts", "answer",
                  "explanation", "source", "source_url", "articles", "passage_id", "review_by")


def upgrade():
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.add_column(sa.Column('review_by', sa.Date(), nullable=True))
        batch_op.add_column(sa.Column('origin', sa.String(length=10), server_default='bank', nullable=False))
    op.create_table('question_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.String(length=64), nullable=False),
    sa.Column('number', sa.Integer(), nullable=False),
    sa.Column('content', sa.JSON(), nullable=False),
    sa.Column('content_hash', sa.String(length=64), nullable=False),
    sa.Column('origin', sa.String(length=10), nullable=False),
    sa.Column('state', sa.String(length=10), nullable=False),
    sa.Column('author_id', sa.Integer(), nullable=True),
    sa.Column('created_at', UTCDateTime(timezone=True), nullable=False),
    sa.Column('note', sa.Text(), nullable=True),
    sa.Column('reviewer_id', sa.Integer(), nullable=True),
    sa.Column('reviewed_at', UTCDateTime(timezone=True), nullable=True),
    sa.Column('review_comment', sa.Text(), nullable=True),
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_question_version_author_id_user')),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_question_version_question_id_question')),
    sa.ForeignKeyConstraint(['reviewer_id'], ['user.id'], name=op.f('fk_question_version_reviewer_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question_version')),
    sa.UniqueConstraint('question_id', 'number', name=op.f('uq_question_version_question_id'))
    )
    with op.batch_alter_table('question_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_question_version_question_id'), ['question_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_question_version_state'), ['state'], unique=False)
    op.create_table('question_flag',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('question_id', sa.String(length=64), nullable=False),
    sa.Column('reasons', sa.JSON(), nullable=False),
    sa.Column('comment', sa.Text(), nullable=True),
    sa.Column('flagged_by', sa.Integer(), nullable=False),
    sa.Column('flagged_at', UTCDateTime(timezone=True), nullable=False),
    sa.Column('resolved_by', sa.Integer(), nullable=True),
    sa.Column('resolved_at', UTCDateTime(timezone=True), nullable=True),
    sa.ForeignKeyConstraint(['flagged_by'], ['user.id'], name=op.f('fk_question_flag_flagged_by_user')),
    sa.ForeignKeyConstraint(['question_id'], ['question.id'], name=op.f('fk_question_flag_question_id_question')),
    sa.ForeignKeyConstraint(['resolved_by'], ['user.id'], name=op.f('fk_question_flag_resolved_by_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question_flag'))
    )
    with op.batch_alter_table('question_flag', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_question_flag_question_id'), ['question_id'], unique=False)
    op.create_table('question_upload',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('user_id', sa.Integer(), nullable=False),
    sa.Column('filename', sa.String(length=200), nullable=False),
    sa.Column('format', sa.String(length=10), nullable=False),
    sa.Column('language', sa.String(length=5), nullable=False),
    sa.Column('data', sa.LargeBinary(), nullable=False),
    sa.Column('uploaded_at', UTCDateTime(timezone=True), nullable=False),
    sa.ForeignKeyConstraint(['user_id'], ['user.id'], name=op.f('fk_question_upload_user_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_question_upload'))
    )
    with op.batch_alter_table('question_upload', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_question_upload_user_id'), ['user_id'], unique=False)
    for table in ('exam_item', 'practice_answer'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column('question_version_id', sa.Integer(), nullable=True))
            batch_op.create_foreign_key(batch_op.f(f'fk_{table}_question_version_id_question_version'),
                                        'question_version', ['question_version_id'], ['id'])
    _first_versions()


def _first_versions():
    """Version 1 of every question as it stands (from the files: sync wrote them all), and the
    exam items and practice answers so far tied to it."""
    connection = op.get_bind()
    json_fields = ('text', 'options', 'prompts', 'answer', 'explanation', 'articles')
    question = sa.table('question', *(sa.column(name, sa.JSON) if name in json_fields else sa.column(name)
                                      for name in ('id', 'status', *CONTENT_FIELDS)))
    version = sa.table('question_version', sa.column('question_id'), sa.column('number'), sa.column('content', sa.JSON),
                       sa.column('content_hash'), sa.column('origin'), sa.column('state'),
                       sa.column('created_at', UTCDateTime(timezone=True)))
    rows = []
    from datetime import datetime, timezone
    now = datetime.now(timezone.utc)
    for row in connection.execute(sa.select(question)).mappings():
        content = {name: row[name] for name in CONTENT_FIELDS}
        encoded = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
        rows.append({"question_id": row["id"], "number": 1, "content": content, "origin": "bank",
                     "content_hash": hashlib.sha256(encoded.encode("utf-8")).hexdigest(),
                     "state": "approved" if row["status"] == "checked" else "draft", "created_at": now})
    for start in range(0, len(rows), 1000):
        connection.execute(sa.insert(version), rows[start:start + 1000])
    for table in ('exam_item', 'practice_answer'):
        op.execute(f"UPDATE {table} SET question_version_id = (SELECT question_version.id FROM question_version "
                   f"WHERE question_version.question_id = {table}.question_id) WHERE question_id IS NOT NULL")


def downgrade():
    for table in ('practice_answer', 'exam_item'):
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_constraint(batch_op.f(f'fk_{table}_question_version_id_question_version'), type_='foreignkey')
            batch_op.drop_column('question_version_id')
    with op.batch_alter_table('question_upload', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_question_upload_user_id'))
    op.drop_table('question_upload')
    with op.batch_alter_table('question_flag', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_question_flag_question_id'))
    op.drop_table('question_flag')
    with op.batch_alter_table('question_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_question_version_state'))
        batch_op.drop_index(batch_op.f('ix_question_version_question_id'))
    op.drop_table('question_version')
    with op.batch_alter_table('question', schema=None) as batch_op:
        batch_op.drop_column('origin')
        batch_op.drop_column('review_by')

"""lesson versions (review workflow for lessons edited in the app); version 1 of every lesson as it stands

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-03 19:30:00.000000

"""
import hashlib
import json
from datetime import datetime, timezone

from alembic import op
import sqlalchemy as sa

from lsk_learn.core.types import UTCDateTime


# revision identifiers, used by Alembic.
revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None

# domain/lesson_edit.py CONTENT_FIELDS, as of this migration
CONTENT_FIELDS = ("course", "topic_id", "position", "title", "body", "question_ids", "sources")


def upgrade():
    op.create_table('lesson_version',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('lesson_id', sa.String(length=80), nullable=False),
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
    sa.ForeignKeyConstraint(['author_id'], ['user.id'], name=op.f('fk_lesson_version_author_id_user')),
    sa.ForeignKeyConstraint(['lesson_id'], ['lesson.id'], name=op.f('fk_lesson_version_lesson_id_lesson')),
    sa.ForeignKeyConstraint(['reviewer_id'], ['user.id'], name=op.f('fk_lesson_version_reviewer_id_user')),
    sa.PrimaryKeyConstraint('id', name=op.f('pk_lesson_version')),
    sa.UniqueConstraint('lesson_id', 'number', name=op.f('uq_lesson_version_lesson_id'))
    )
    with op.batch_alter_table('lesson_version', schema=None) as batch_op:
        batch_op.create_index(batch_op.f('ix_lesson_version_lesson_id'), ['lesson_id'], unique=False)
        batch_op.create_index(batch_op.f('ix_lesson_version_state'), ['state'], unique=False)
    _first_versions()


def _first_versions():
    """Version 1 of every lesson as it stands (from the files: sync wrote them all)."""
    connection = op.get_bind()
    json_fields = ('title', 'body', 'question_ids', 'sources')
    lesson = sa.table('lesson', *(sa.column(name, sa.JSON) if name in json_fields else sa.column(name)
                                  for name in ('id', 'status', *CONTENT_FIELDS)))
    version = sa.table('lesson_version', sa.column('lesson_id'), sa.column('number'), sa.column('content', sa.JSON),
                       sa.column('content_hash'), sa.column('origin'), sa.column('state'),
                       sa.column('created_at', UTCDateTime(timezone=True)))
    now = datetime.now(timezone.utc)
    rows = []
    for row in connection.execute(sa.select(lesson)).mappings():
        content = {name: row[name] for name in CONTENT_FIELDS}
        encoded = json.dumps(content, sort_keys=True, ensure_ascii=False, default=str)
        rows.append({"lesson_id": row["id"], "number": 1, "content": content, "origin": "bank",
                     "content_hash": hashlib.sha256(encoded.encode("utf-8")).hexdigest(),
                     "state": "approved" if row["status"] == "checked" else "draft", "created_at": now})
    for start in range(0, len(rows), 1000):
        connection.execute(sa.insert(version), rows[start:start + 1000])


def downgrade():
    with op.batch_alter_table('lesson_version', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_lesson_version_state'))
        batch_op.drop_index(batch_op.f('ix_lesson_version_lesson_id'))
    op.drop_table('lesson_version')

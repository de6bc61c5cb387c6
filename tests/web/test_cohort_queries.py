"""The assignment lists run a fixed number of SQL statements, whatever the number of assignments."""
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from lsk_learn.auth.roles import Role
from lsk_learn.cohorts.assignments import cohort_assignments, create_assignment, learner_assignments
from lsk_learn.core.time import utcnow
from lsk_learn.extensions import db

TARGETS = {"lesson": "t-lesson-proclamation", "practice": "history", "mock_exam": "knowledge"}


@contextmanager
def counted_statements():
    statements = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", count)
    try:
        yield statements
    finally:
        event.remove(db.engine, "before_cursor_execute", count)


def statements_for(run) -> int:
    db.session.expire_all()  # every call starts from the same state of the session
    with counted_statements() as statements:
        run()
    return len(statements)


@pytest.mark.parametrize("kind", sorted(TARGETS))
def test_assignment_lists_do_not_query_once_per_assignment(client, auth, make_user, make_cohort, synced_bank, kind):
    teacher = make_user(Role.TEACHER, locale="en")
    learners = [make_user(locale="en", display_name=f"Learner {n}") for n in range(3)]
    cohort = make_cohort(teacher, learners)
    cohort_id, learner_id = cohort.id, learners[0].id
    auth.login(teacher)
    page = f"/cohorts/{cohort_id}/assignments"

    def add(count):
        for _ in range(count):
            create_assignment(cohort_id, kind, TARGETS[kind], None, [], teacher.id, utcnow())

    def measure():
        client.get(page)  # warm up what one request loads once (the session, the user)
        return (statements_for(lambda: cohort_assignments(cohort_id)),
                statements_for(lambda: learner_assignments(learner_id)),
                statements_for(lambda: client.get(page)))

    add(1)
    one = measure()
    add(4)
    five = measure()
    assert len(cohort_assignments(cohort_id)) == 5
    assert five == one, f"statements for 1 assignment {one}, for 5 {five} (teacher's list, learner's, page)"

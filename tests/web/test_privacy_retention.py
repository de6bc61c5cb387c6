"""Retention: `flask privacy retention` lists learner accounts inactive for longer than
LSK_RETENTION_MONTHS and, with --apply, erases them (audited as retention_erased)."""
from datetime import timedelta

from sqlalchemy import select

from lsk_learn.auth.models import User
from lsk_learn.auth.roles import Role
from lsk_learn.core.time import utcnow
from lsk_learn.extensions import db
from lsk_learn.privacy.erasure import erase_person
from lsk_learn.security.models import AuditEvent
from tests.web.test_cohorts import answer


def test_retention_lists_then_erases_only_long_inactive_learners(app, runner, make_user, make_cohort, synced_bank):
    assert app.config["RETENTION_MONTHS"] == 36  # the default
    long_ago = utcnow() - timedelta(days=3 * 365 + 40)
    stale = make_user(username="stale", created_at=long_ago, last_seen_at=long_ago)
    practised = make_user(username="practised", created_at=long_ago, last_seen_at=long_ago)
    answer(practised, "t-hist-001", True, utcnow() - timedelta(days=30))      # active last month
    recent = make_user(username="recent", created_at=long_ago, last_seen_at=utcnow() - timedelta(days=10))
    old_teacher = make_user(Role.TEACHER, username="oldteacher", created_at=long_ago, last_seen_at=long_ago)
    already = make_user(username="already", created_at=long_ago, last_seen_at=long_ago)
    erase_person(already.id, None, utcnow())
    make_cohort(old_teacher, [], name="Old group")

    listed = runner.invoke(args=["privacy", "retention"])
    assert listed.exit_code == 0, listed.output
    assert "stale" in listed.output and "1 learner account(s)" in listed.output
    for name in ("practised", "recent", "oldteacher", "erased-"):
        assert name not in listed.output
    db.session.expire_all()
    assert db.session.get(User, stale.id).erased_at is None  # listing changes nothing

    applied = runner.invoke(args=["privacy", "retention", "--apply"])
    assert applied.exit_code == 0 and "Erased 1" in applied.output
    db.session.expire_all()
    assert db.session.get(User, stale.id).username == f"erased-{stale.id}"
    assert all(db.session.get(User, u.id).erased_at is None for u in (practised, recent, old_teacher))
    [event] = db.session.scalars(select(AuditEvent).where(AuditEvent.action == "retention_erased")).all()
    assert (event.subject_id, event.actor_id) == (stale.id, None)

    app.config["RETENTION_MONTHS"] = 1  # a shorter setting reaches the learner active last month
    try:
        assert "practised" in runner.invoke(args=["privacy", "retention"]).output
    finally:
        app.config["RETENTION_MONTHS"] = 36

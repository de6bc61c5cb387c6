"""The audit log page: administrators only, filtered by event, who, whose data and dates (days in
Riga time), 100 events a page, names and dates in the page's language."""
from datetime import datetime, timezone

from lsk_learn.auth.roles import Role
from lsk_learn.extensions import db
from lsk_learn.security.models import AuditEvent


def utc(*args):
    return datetime(*args, tzinfo=timezone.utc)


def add(action, at, actor=None, subject=None, **details):
    db.session.add(AuditEvent(action=action, at=at, actor_id=actor.id if actor else None,
                              subject_id=subject.id if subject else None, ip="10.1.2.3", details=details))


def rows(page: str) -> int:
    return page.split("<tbody>")[1].split("</tbody>")[0].count("<tr>") if "<tbody>" in page else 0


def test_the_audit_log_is_filtered_and_paginated(client, auth, make_user):
    admin = make_user(Role.ADMIN, locale="en")
    teacher = make_user(Role.TEACHER, username="tamara", display_name="Tamāra Teacher")
    vera = make_user(username="vera", display_name="Vera Learner")
    for minute in range(150):
        add("personal_data_viewed", utc(2026, 10, 15, 9, minute % 60), teacher, vera, page="learner")
    add("personal_data_exported", utc(2026, 10, 31, 21, 30), teacher, scope="cohort")  # 23:30 on 31 Oct in Riga
    add("personal_data_exported", utc(2026, 10, 31, 22, 30), teacher, scope="attendance")  # 00:30 on 1 Nov in Riga
    add("sign_in_failed", utc(2026, 11, 2, 8), None, details_username="nobody")
    db.session.commit()
    auth.login(admin)  # (signing in is an event too, today: the period below leaves it out)
    autumn = "start=2026-09-01&end=2026-11-30"
    first = client.get(f"/privacy/audit?{autumn}").get_data(as_text=True)
    assert "153 events" in first and rows(first) == 100 and "Page 1 of 2" in first
    assert "Tamāra Teacher" in first and "Vera Learner" in first and "Personal data exported" in first
    assert "11/1/26, 12:30 AM" in first.replace("\u202f", " ")  # the 22:30 UTC event, shown in Riga time
    second = client.get(f"/privacy/audit?{autumn}&page=2").get_data(as_text=True)
    assert rows(second) == 53 and "Previous" in second and "Next" not in second

    exported = client.get("/privacy/audit?action=personal_data_exported").get_data(as_text=True)
    assert "2 events" in exported
    october = client.get("/privacy/audit?action=personal_data_exported&start=2026-10-01&end=2026-10-31").get_data(as_text=True)
    assert "1 event" in october and "cohort" in october and "attendance" not in october
    assert "150 events" in client.get("/privacy/audit?subject=VERA").get_data(as_text=True)
    assert "152 events" in client.get(f"/privacy/audit?actor=tamara&{autumn}").get_data(as_text=True)
    assert "0 events" in client.get("/privacy/audit?actor=nobody-at-all").get_data(as_text=True)


def test_bad_filters_are_explained_not_500(client, auth, make_user):
    auth.login(make_user(Role.ADMIN, locale="en"))
    for query in ("start=0001-01-01", "end=9999-12-31", "start=yesterday", "action=drop_table", "page=99999999999",
                  "actor=99999999999999999999", "page=-1"):
        response = client.get(f"/privacy/audit?{query}")
        assert response.status_code == 200, query
    text = client.get("/privacy/audit?start=0001-01-01&action=nope").get_data(as_text=True)
    assert "is not a date between 2000 and 2100" in text and "“nope” is not one of the choices." in text


def test_only_administrators_read_the_audit_log(client, auth, make_user):
    for role in (Role.COORDINATOR, Role.TEACHER, Role.LEARNER):
        auth.login(make_user(role))
        assert client.get("/privacy/audit").status_code == 403
        auth.logout()
    admin = make_user(Role.ADMIN, locale="en")
    auth.login(admin)
    assert "/privacy/audit" in client.get("/admin/users").get_data(as_text=True)  # in the admin's menu

"""Sessions end when they should, sign-in is throttled, passwords are strong, staff can add a
second step, and every security event is logged (issue 10)."""
import json
import logging
from datetime import timedelta

import pyotp
import pytest
from sqlalchemy import select, update

from lsk_learn.auth.models import User
from lsk_learn.auth.roles import Role
from lsk_learn.core.time import utcnow
from lsk_learn.exams.models import IN_PROGRESS, ExamAttempt
from lsk_learn.extensions import db
from lsk_learn.security.models import AuditEvent, UserSession

from ..conftest import PASSWORD


def signed_in(app, user, password=PASSWORD):
    client = app.test_client()
    response = client.post("/auth/login", data={"username": user.username, "password": password})
    assert response.status_code == 302, response.status_code
    return client


def replay(app, client):
    """A second browser holding a copy of `client`'s session cookie."""
    thief = app.test_client()
    thief.set_cookie("session", client.get_cookie("session").value)
    return thief


def opens_learner_pages(client) -> bool:
    return client.get("/learn/").status_code == 200


def actions(**filters) -> list[str]:
    db.session.expire_all()
    query = select(AuditEvent.action).order_by(AuditEvent.id)
    for key, value in filters.items():
        query = query.where(getattr(AuditEvent, key) == value)
    return list(db.session.scalars(query))


# --- sessions -------------------------------------------------------------------------------

def test_a_cookie_copied_before_sign_out_no_longer_works(app, make_user):
    client = signed_in(app, make_user())
    thief = replay(app, client)
    assert opens_learner_pages(thief)
    client.post("/auth/logout")
    assert not opens_learner_pages(thief)
    assert thief.get("/learn/").headers["Location"].startswith("/auth/login")


def test_a_password_change_ends_every_other_session_and_keeps_this_one(app, make_user):
    user = make_user()
    client, other_device = signed_in(app, user), signed_in(app, user)
    thief = replay(app, client)
    new = "zaļš ābols uz galda"
    response = client.post("/auth/profile", data={"password-current_password": PASSWORD, "password-new_password": new,
                                                  "password-confirm": new, "password-submit": "1"})
    assert response.status_code == 302
    assert opens_learner_pages(client)
    assert not opens_learner_pages(other_device)
    assert not opens_learner_pages(thief)
    assert "password_changed" in actions(subject_id=user.id)


def test_an_admin_reset_and_a_disable_end_the_learners_sessions(app, make_user):
    learner, admin = make_user(), make_user(Role.ADMIN)
    learner_client, admin_client = signed_in(app, learner), signed_in(app, admin)
    assert admin_client.post(f"/admin/users/{learner.id}/reset-password").status_code == 200
    assert not opens_learner_pages(learner_client)
    db.session.execute(update(User).where(User.id == learner.id).values(must_change_password=False))
    db.session.commit()
    learner.set_password(PASSWORD)
    db.session.commit()
    learner_client = signed_in(app, learner)
    admin_client.post(f"/admin/users/{learner.id}/toggle")
    assert not opens_learner_pages(learner_client)
    assert {"password_reset", "account_disabled"} <= set(actions(subject_id=learner.id))


def _age_sessions(user, **ago):
    values = {column: utcnow() - delta for column, delta in ago.items()}
    db.session.execute(update(UserSession).where(UserSession.user_id == user.id).values(**values))
    db.session.commit()


def test_idle_sessions_end_sooner_for_staff_than_for_learners(app, make_user):
    learner, teacher = make_user(), make_user(Role.TEACHER)
    learner_client, teacher_client = signed_in(app, learner), signed_in(app, teacher)
    _age_sessions(learner, last_seen_at=timedelta(minutes=100))
    _age_sessions(teacher, last_seen_at=timedelta(minutes=31))
    assert opens_learner_pages(learner_client)
    assert teacher_client.get("/cohorts/").status_code == 302
    _age_sessions(learner, last_seen_at=timedelta(minutes=121))
    response = learner_client.get("/learn/", follow_redirects=True)
    assert "/auth/login" in response.request.path
    assert "session_expired" in actions(subject_id=learner.id)


def test_a_running_mock_exam_keeps_the_session_open(app, make_user):
    learner = make_user()
    client = signed_in(app, learner)
    now = utcnow()
    db.session.add(ExamAttempt(user_id=learner.id, kind="knowledge", parts=["history"], settings={}, status=IN_PROGRESS,
                               started_at=now - timedelta(hours=3), deadline_at=now + timedelta(minutes=10)))
    db.session.commit()
    _age_sessions(learner, last_seen_at=timedelta(hours=3), created_at=timedelta(hours=13))
    assert opens_learner_pages(client)


def test_sessions_have_an_absolute_lifetime(app, make_user):
    learner = make_user()
    client = signed_in(app, learner)
    _age_sessions(learner, created_at=timedelta(hours=12, minutes=1))
    assert not opens_learner_pages(client)


def test_sign_in_starts_a_fresh_session(app, make_user):
    user = make_user()
    client = app.test_client()
    with client.session_transaction() as before:
        before["planted"] = "by someone else"
        before["locale"] = "ru"
    client.post("/auth/login", data={"username": user.username, "password": PASSWORD})
    with client.session_transaction() as after:
        assert "planted" not in after and after["locale"] == "ru"
        first_token = after["sid"]
    client.post("/auth/logout")
    client.post("/auth/login", data={"username": user.username, "password": PASSWORD})
    with client.session_transaction() as again:
        assert again["sid"] != first_token
    # the database keeps only a hash of the token
    assert db.session.scalar(select(UserSession).where(UserSession.token_hash == first_token)) is None


def test_the_session_cookie_is_not_a_31_day_cookie(app, make_user):
    client = signed_in(app, make_user())
    cookie = client.get_cookie("session")
    assert cookie.expires is None  # a browser-session cookie; the server ends it after 12 h at most
    assert app.config["PERMANENT_SESSION_LIFETIME"] <= timedelta(hours=12)


# --- throttling ------------------------------------------------------------------------------

def test_a_hundred_wrong_passwords_then_the_right_one_is_refused(app, make_user):
    user = make_user(locale="en")
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"  # signed out: the browser's language
    statuses = [client.post("/auth/login", data={"username": user.username, "password": f"wrong {n}"}).status_code
                for n in range(100)]
    assert statuses[:5] == [200] * 5 and set(statuses[5:]) == {429}
    response = client.post("/auth/login", data={"username": user.username, "password": PASSWORD})
    assert response.status_code == 429
    text = response.get_data(as_text=True)
    assert "signing in is paused until" in text and "min.)" in text
    assert not opens_learner_pages(client)
    assert actions(action="sign_in_failed").count("sign_in_failed") == 5
    assert "sign_in_locked" in actions(subject_id=user.id)


def test_a_pause_on_one_account_does_not_stop_another(app, make_user):
    victim, neighbour = make_user(), make_user()
    client = app.test_client()
    for n in range(6):
        client.post("/auth/login", data={"username": victim.username, "password": f"wrong {n}"})
    assert client.post("/auth/login", data={"username": neighbour.username, "password": PASSWORD}).status_code == 302


def test_guessing_across_many_names_from_one_address_is_paused(app, make_user):
    user = make_user()
    client = app.test_client()
    for n in range(30):
        client.post("/auth/login", data={"username": f"nobody{n}", "password": "wrong password"})
    assert client.post("/auth/login", data={"username": user.username, "password": PASSWORD}).status_code == 429
    other_address = app.test_client()
    response = other_address.post("/auth/login", data={"username": user.username, "password": PASSWORD},
                                  environ_base={"REMOTE_ADDR": "10.9.8.7"})
    assert response.status_code == 302


def test_unknown_and_known_names_cost_the_same_password_check(app, make_user, monkeypatch):
    from lsk_learn.auth import credentials
    checked = []
    real = credentials.check_password_hash
    monkeypatch.setattr(credentials, "check_password_hash", lambda h, p: checked.append(h) or real(h, p))
    user = make_user()
    client = app.test_client()
    client.post("/auth/login", data={"username": "no-such-person", "password": "whatever it is"})
    client.post("/auth/login", data={"username": user.username, "password": "wrong but long"})
    assert len(checked) == 2
    assert checked[0].split("$")[0] == checked[1].split("$")[0]  # the same hash method and cost


# --- passwords -------------------------------------------------------------------------------

@pytest.mark.parametrize("weak", ["12345678", "password", "password1234", "123456789012", "qwertyuiop12",
                                  "Daugavpils2024!", "aaaaaaaaaaaaaaa"])
def test_weak_passwords_are_refused(app, make_user, weak):
    user = make_user(locale="en")
    client = signed_in(app, user)
    response = client.post("/auth/profile", data={"password-current_password": PASSWORD, "password-new_password": weak,
                                                  "password-confirm": weak, "password-submit": "1"})
    assert response.status_code == 200
    text = response.get_data(as_text=True)
    assert "at least 12 characters" in text or "most common ones" in text
    db.session.expire_all()
    assert db.session.get(User, user.id).check_password(PASSWORD)


def test_a_passphrase_with_latvian_letters_is_welcome(app, make_user):
    user = make_user()
    client = signed_in(app, user)
    phrase = "zaļš ābols uz galda"
    client.post("/auth/profile", data={"password-current_password": PASSWORD, "password-new_password": phrase,
                                       "password-confirm": phrase, "password-submit": "1"})
    db.session.expire_all()
    assert db.session.get(User, user.id).check_password(phrase)


def test_a_temporary_password_must_be_changed_before_anything_else(app, make_user):
    user = make_user(must_change_password=True)
    client = signed_in(app, user)
    for page in ("/learn/", "/exams/", "/review/", "/learn/lessons"):
        assert client.get(page).headers["Location"].endswith("/auth/profile"), page
    assert client.get("/auth/profile").status_code == 200
    phrase = "mana jaunā parole ir gara"
    client.post("/auth/profile", data={"password-current_password": PASSWORD, "password-new_password": phrase,
                                       "password-confirm": phrase, "password-submit": "1"})
    assert opens_learner_pages(client)


# --- two-step sign-in ------------------------------------------------------------------------

def _turn_on_two_factor(client) -> str:
    client.get("/auth/two-factor/setup")
    with client.session_transaction() as session:
        secret = session["two_factor_setup_secret"]
    response = client.post("/auth/two-factor/setup", data={"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302
    return secret


def test_staff_sign_in_with_a_code_once_two_step_is_on(app, make_user):
    teacher = make_user(Role.TEACHER, locale="en")
    secret = _turn_on_two_factor(signed_in(app, teacher))
    client = app.test_client()
    client.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    response = client.post("/auth/login", data={"username": teacher.username, "password": PASSWORD})
    assert response.headers["Location"].endswith("/auth/two-factor")
    assert client.get("/cohorts/").status_code == 302  # the password alone does not sign in
    wrong = client.post("/auth/two-factor", data={"code": "000000"})
    assert "That code is not right" in wrong.get_data(as_text=True)
    code = pyotp.TOTP(secret).now()
    db.session.execute(update(User).where(User.id == teacher.id).values(totp_last_step=None))
    db.session.commit()
    assert client.post("/auth/two-factor", data={"code": code}).status_code == 302
    assert client.get("/cohorts/").status_code == 200
    # the same code cannot be used again by someone who saw it
    other = app.test_client()
    other.environ_base["HTTP_ACCEPT_LANGUAGE"] = "en"
    other.post("/auth/login", data={"username": teacher.username, "password": PASSWORD})
    assert "already used" in other.post("/auth/two-factor", data={"code": code}).get_data(as_text=True)
    assert {"two_factor_enabled", "two_factor_failed"} <= set(actions(subject_id=teacher.id))


def test_admins_are_required_to_turn_on_two_step(app, make_user, monkeypatch):
    monkeypatch.setitem(app.config, "REQUIRE_ADMIN_TWO_FACTOR", True)
    admin = make_user(Role.ADMIN)
    client = signed_in(app, admin)
    assert client.get("/admin/users").headers["Location"].endswith("/auth/two-factor/setup")
    _turn_on_two_factor(client)
    assert client.get("/admin/users").status_code == 200
    assert client.post("/auth/two-factor/off", data={"off-code": "123456"}).status_code == 403


def test_an_admin_can_turn_off_a_colleagues_lost_two_step(app, make_user):
    teacher, admin = make_user(Role.TEACHER), make_user(Role.ADMIN)
    teacher_client = signed_in(app, teacher)
    _turn_on_two_factor(teacher_client)
    signed_in(app, admin).post(f"/admin/users/{teacher.id}/two-factor-off")
    db.session.expire_all()
    assert db.session.get(User, teacher.id).totp_secret is None
    assert teacher_client.get("/cohorts/").status_code == 302  # their sessions ended too


# --- security events -------------------------------------------------------------------------

def test_security_events_go_to_the_log_as_json_and_to_the_audit_table(app, make_user, caplog):
    learner = make_user()
    client = app.test_client()
    with caplog.at_level(logging.INFO, logger="lsk_learn.security"):
        client.post("/auth/login", data={"username": learner.username, "password": "not the password"})
        client.post("/auth/login", data={"username": learner.username, "password": PASSWORD})
        assert client.get("/admin/users").status_code == 403
    lines = [json.loads(r.getMessage()) for r in caplog.records if r.name == "lsk_learn.security"]
    assert [line["event"] for line in lines] == ["sign_in_failed", "sign_in", "permission_denied"]
    assert lines[0]["subject"] == learner.id and lines[0]["ip"] == "127.0.0.1"
    assert actions() == ["sign_in_failed", "sign_in", "permission_denied"]


# --- a crowd signing in ----------------------------------------------------------------------

def test_no_more_password_checks_run_at_once_than_the_process_allows(app, make_user, monkeypatch):
    """Eight sign-ins at once, two slots: never more than two hashes in flight, and all eight
    are answered (the rest waited their turn)."""
    import threading
    import time

    from lsk_learn.auth import credentials
    real, running, most = credentials.check_password_hash, [0], [0]
    guard = threading.Lock()

    def slow_check(stored, password):
        with guard:
            running[0] += 1
            most[0] = max(most[0], running[0])
        time.sleep(0.05)
        with guard:
            running[0] -= 1
        return real(stored, password)

    monkeypatch.setattr(credentials, "check_password_hash", slow_check)
    monkeypatch.setitem(app.config, "PASSWORD_CHECKS_PER_PROCESS", 2)
    user, results = make_user(), []

    def sign_in():
        with app.app_context():
            results.append(credentials.check_credentials(user.username, PASSWORD) is not None)

    threads = [threading.Thread(target=sign_in) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert results == [True] * 8
    assert most[0] == 2


def test_a_sign_in_that_finds_no_free_check_is_asked_to_retry_and_not_counted_as_a_failure(app, make_user, monkeypatch):
    from lsk_learn.auth import credentials
    monkeypatch.setitem(app.config, "PASSWORD_CHECKS_PER_PROCESS", 1)
    monkeypatch.setitem(app.config, "PASSWORD_CHECK_WAIT_SECONDS", 0.05)
    user = make_user(locale="en")
    client = app.test_client()
    slots = credentials._slots(1)
    assert slots.acquire(timeout=1)  # another sign-in is being checked and takes long
    try:
        for _ in range(6):  # more than the throttle allows failures
            busy = client.post("/auth/login", data={"username": user.username, "password": PASSWORD})
            assert busy.status_code == 503
            assert "Šobrīd piesakās ļoti daudz cilvēku" in busy.get_data(as_text=True)  # the sign-in page is in Latvian
    finally:
        slots.release()
    assert not db.session.scalars(select(AuditEvent).where(AuditEvent.action == "sign_in_failed")).all()
    assert client.post("/auth/login", data={"username": user.username, "password": PASSWORD}).status_code == 302


def test_a_password_change_during_a_crowd_says_so(app, make_user, monkeypatch):
    from lsk_learn.auth import credentials
    user = make_user(locale="en")
    client = signed_in(app, user)
    monkeypatch.setitem(app.config, "PASSWORD_CHECKS_PER_PROCESS", 1)
    monkeypatch.setitem(app.config, "PASSWORD_CHECK_WAIT_SECONDS", 0.05)
    slots = credentials._slots(1)
    assert slots.acquire(timeout=1)
    try:
        phrase = "mežs un jūra pie Daugavas"
        response = client.post("/auth/profile", data={"password-current_password": PASSWORD, "password-new_password": phrase,
                                                      "password-confirm": phrase, "password-submit": "1"})
    finally:
        slots.release()
    assert response.status_code == 200
    assert "Many people are signing in right now" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(User, user.id).check_password(PASSWORD)

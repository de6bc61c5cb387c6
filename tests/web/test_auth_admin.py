"""Sign in and out, profile, and account administration."""
import re

from sqlalchemy import select

from lsk_learn.auth.models import User
from lsk_learn.auth.roles import Role
from lsk_learn.extensions import db


def test_sign_in_with_wrong_password_gives_one_message(client, make_user):
    user = make_user(locale="en")
    wrong = client.post("/auth/login", data={"username": user.username, "password": "nope"})
    unknown = client.post("/auth/login", data={"username": "nobody", "password": "nope"})
    for response in (wrong, unknown):
        assert response.status_code == 200
        assert "The user name or password is not correct." in response.get_data(as_text=True) or \
            "nav pareiza" in response.get_data(as_text=True)


def test_empty_sign_in_form_says_what_is_missing(client):
    response = client.post("/auth/login", data={}, headers={"Accept-Language": "en"})
    text = response.get_data(as_text=True)
    assert "Enter your user name." in text and "Enter your password." in text


def test_sign_in_is_case_insensitive_and_redirects_by_role(client, make_user):
    make_user(Role.ADMIN, username="Boss")
    response = client.post("/auth/login", data={"username": " boss ", "password": "correct horse battery"})
    assert response.status_code == 302
    assert client.get("/").headers["Location"].endswith("/admin/users")


def test_disabled_accounts_cannot_sign_in(client, make_user):
    user = make_user(is_enabled=False)
    client.post("/auth/login", data={"username": user.username, "password": "correct horse battery"})
    assert client.get("/learn/").status_code == 302


def test_logout_is_a_post(client, auth, make_user):
    auth.login(make_user())
    assert client.get("/auth/logout").status_code == 405
    assert client.post("/auth/logout").status_code == 302
    assert client.get("/learn/").status_code == 302


def test_profile_update_and_password_change(client, auth, make_user):
    user = make_user()
    auth.login(user)
    response = client.post("/auth/profile", data={
        "profile-display_name": "Anna Bērziņa", "profile-email": "", "profile-locale": "ru", "profile-submit": "1"})
    assert response.status_code == 302
    db.session.expire_all()
    assert (user.display_name, user.locale) == ("Anna Bērziņa", "ru")
    mismatch = client.post("/auth/profile", data={
        "password-current_password": "correct horse battery", "password-new_password": "new-password-1",
        "password-confirm": "other", "password-submit": "1"})
    assert mismatch.status_code == 200
    wrong = client.post("/auth/profile", data={
        "password-current_password": "wrong", "password-new_password": "new-password-1",
        "password-confirm": "new-password-1", "password-submit": "1"})
    assert wrong.status_code == 200
    ok = client.post("/auth/profile", data={
        "password-current_password": "correct horse battery", "password-new_password": "new-password-1",
        "password-confirm": "new-password-1", "password-submit": "1"})
    assert ok.status_code == 302
    db.session.expire_all()
    assert user.check_password("new-password-1")


def test_bad_email_on_profile_is_explained(client, auth, make_user):
    auth.login(make_user(locale="en"))
    response = client.post("/auth/profile", data={
        "profile-display_name": "X", "profile-email": "not-an-address", "profile-locale": "en", "profile-submit": "1"})
    assert "Enter a valid e-mail address." in response.get_data(as_text=True)


def test_admin_creates_a_user_and_the_password_works(client, auth, make_user):
    auth.login(make_user(Role.ADMIN, locale="en"))
    response = client.post("/admin/users/new", data={
        "username": "anna.berzina", "display_name": "Anna Bērziņa", "email": "", "role": "teacher", "locale": "lv"})
    assert response.status_code == 200
    password = re.search(r"<code>([^<]+)</code>", response.get_data(as_text=True)).group(1)
    created = db.session.scalar(select(User).where(User.username == "anna.berzina"))
    assert created.role == "teacher" and created.must_change_password
    assert created.check_password(password)
    duplicate = client.post("/admin/users/new", data={
        "username": "ANNA.berzina", "display_name": "X", "role": "learner", "locale": "lv"})
    assert "This user name is already taken." in duplicate.get_data(as_text=True)
    bad = client.post("/admin/users/new", data={"username": "a b", "display_name": "", "role": "king", "locale": "lv"})
    text = bad.get_data(as_text=True)
    assert "Use only Latin letters" in text and "Enter the person" in text and "Not a valid choice" in text


def test_admin_resets_a_password_and_disables_an_account(client, auth, make_user):
    admin = make_user(Role.ADMIN)
    learner = make_user()
    auth.login(admin)
    response = client.post(f"/admin/users/{learner.id}/reset-password")
    password = re.search(r"<code>([^<]+)</code>", response.get_data(as_text=True)).group(1)
    db.session.expire_all()
    assert learner.check_password(password)
    client.post(f"/admin/users/{learner.id}/toggle")
    db.session.expire_all()
    assert learner.is_enabled is False
    client.post(f"/admin/users/{admin.id}/toggle")
    db.session.expire_all()
    assert admin.is_enabled is True  # an admin cannot lock themselves out
    assert client.post("/admin/users/999999/reset-password").status_code == 404


def test_users_cli(runner, make_user):
    created = runner.invoke(args=["users", "create", "maija", "--name", "Maija Ozola", "--role", "teacher"])
    assert created.exit_code == 0 and "temporary password" in created.output
    again = runner.invoke(args=["users", "create", "maija", "--name", "X"])
    assert again.exit_code == 1
    reset = runner.invoke(args=["users", "reset-password", "maija"])
    password = reset.output.strip().split(": ")[-1]
    assert db.session.scalar(select(User).where(User.username == "maija")).check_password(password)
    assert runner.invoke(args=["users", "reset-password", "nobody"]).exit_code == 1


def test_admin_manages_the_lists(client, auth, make_user):
    from lsk_learn.profiles.models import Municipality, TargetGroup

    auth.login(make_user(Role.ADMIN, locale="en"))
    assert client.post("/admin/lists", data={"m-name": "Rēzeknes novads", "m-submit": "1"}).status_code == 302
    again = client.post("/admin/lists", data={"m-name": "Rēzeknes  novads", "m-submit": "1"})
    assert "already on the list" in again.get_data(as_text=True)
    client.post("/admin/lists", data={"g-code": "Refugees", "g-name_lv": "Bēgļi", "g-name_en": "Refugees", "g-submit": "1"})
    group = db.session.get(TargetGroup, "refugees")
    assert group.names == {"lv": "Bēgļi", "en": "Refugees"}
    municipality = db.session.scalar(select(Municipality).where(Municipality.name == "Rēzeknes novads"))
    client.post(f"/admin/lists/municipality/{municipality.id}/toggle")
    db.session.expire_all()
    assert municipality.active is False
    assert client.post("/admin/lists/planet/x/toggle").status_code == 404
    db.session.delete(group)
    db.session.delete(municipality)
    db.session.commit()  # the seeded lists survive between tests, so leave them as they were

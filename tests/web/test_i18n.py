"""Language choice: browser default, the switcher, and the saved preference of a signed-in user."""
from lsk_learn.extensions import db


def test_latvian_by_default(client):
    page = client.get("/").get_data(as_text=True)
    assert '<html lang="lv">' in page
    assert "Sagatavojieties Latvijas naturalizācijas pārbaudēm" in page


def test_browser_language_is_used(client):
    page = client.get("/", headers={"Accept-Language": "ru-RU,ru;q=0.9"}).get_data(as_text=True)
    assert '<html lang="ru">' in page
    assert "Подготовьтесь к экзаменам на натурализацию в Латвии" in page


def test_unsupported_browser_language_falls_back_to_latvian(client):
    page = client.get("/", headers={"Accept-Language": "de-DE"}).get_data(as_text=True)
    assert '<html lang="lv">' in page


def test_switcher_remembers_the_choice_for_the_visit(client):
    response = client.post("/language", data={"lang": "en", "next": "/auth/login"})
    assert response.headers["Location"] == "/auth/login"
    assert "Sign in" in client.get("/auth/login").get_data(as_text=True)


def test_switcher_ignores_unknown_languages_and_foreign_redirects(client):
    response = client.post("/language", data={"lang": "xx", "next": "https://evil.example/"})
    assert response.headers["Location"] == "/"
    assert '<html lang="lv">' in client.get("/").get_data(as_text=True)


def test_signed_in_users_choice_is_saved(client, auth, make_user):
    user = make_user()
    auth.login(user)
    client.post("/language", data={"lang": "ru", "next": "/learn/"})
    db.session.expire_all()
    assert user.locale == "ru"
    assert "Мой прогресс" in client.get("/learn/").get_data(as_text=True)


def test_form_errors_are_translated(client):
    page = client.post("/auth/login", data={}, headers={"Accept-Language": "ru"}).get_data(as_text=True)
    assert "Введите имя пользователя." in page


def test_wtforms_own_messages_are_translated(client, auth, make_user):
    from lsk_learn.auth.roles import Role
    auth.login(make_user(Role.ADMIN, locale="lv"))
    page = client.post("/admin/users/new", data={"username": "ab", "display_name": "X", "role": "king",
                                                 "locale": "lv"}).get_data(as_text=True)
    assert "Šāda izvēle nav iespējama." in page
    assert "Laukā jābūt no 3 līdz 64 rakstzīmēm." in page


def test_the_language_chosen_before_sign_in_wins_and_is_saved(client, auth, make_user):
    """Issue 11: the account said Latvian, the visitor chose Russian on the sign-in page."""
    user = make_user(locale="lv")
    client.post("/language", data={"lang": "ru", "next": "/auth/login"})
    assert "Войти" in client.get("/auth/login").get_data(as_text=True)
    auth.login(user)
    db.session.expire_all()
    assert user.locale == "ru"
    assert '<html lang="ru">' in client.get("/learn/").get_data(as_text=True)
    # the choice is kept on the account: the next sign-in, without a choice, is in Russian too
    auth.logout()
    auth.login(user)
    assert '<html lang="ru">' in client.get("/learn/").get_data(as_text=True)


def test_without_a_choice_the_accounts_language_applies(client, auth, make_user):
    user = make_user(locale="ru")
    assert '<html lang="lv">' in client.get("/auth/login", headers={"Accept-Language": "lv"}).get_data(as_text=True)
    auth.login(user)   # the browser's language is no explicit choice
    db.session.expire_all()
    assert user.locale == "ru"
    assert '<html lang="ru">' in client.get("/learn/", headers={"Accept-Language": "lv"}).get_data(as_text=True)


def test_the_choice_before_a_two_step_sign_in_wins_too(client, auth, make_user):
    import pyotp

    from lsk_learn.auth.roles import Role

    secret = pyotp.random_base32()
    teacher = make_user(Role.TEACHER, locale="ru", totp_secret=secret)
    client.post("/language", data={"lang": "en", "next": "/auth/login"})
    auth.login(teacher)
    client.post("/auth/two-factor", data={"code": pyotp.TOTP(secret).now()})
    db.session.expire_all()
    assert teacher.locale == "en"

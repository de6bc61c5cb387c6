"""CSRF on every form, security headers, safe redirects."""
import re

import pytest


@pytest.fixture
def csrf_on(app, monkeypatch):
    monkeypatch.setitem(app.config, "WTF_CSRF_ENABLED", True)


def test_a_post_without_csrf_token_is_refused(client, make_user, csrf_on):
    user = make_user(locale="en")
    response = client.post("/auth/login", data={"username": user.username, "password": "correct horse battery"})
    assert response.status_code == 400
    assert "Please reload the page and try again" in response.get_data(as_text=True) or \
        "Lūdzu, pārlādējiet lapu" in response.get_data(as_text=True)


def sign_in_with_token(client, user):
    page = client.get("/auth/login").get_data(as_text=True)
    token = page.split('name="csrf_token" type="hidden" value="')[1].split('"')[0]
    return client.post("/auth/login", data={"username": user.username, "password": "correct horse battery",
                                            "csrf_token": token})


def test_a_post_with_the_pages_csrf_token_works(client, make_user, csrf_on):
    assert sign_in_with_token(client, make_user()).status_code == 302


def test_every_form_in_every_page_carries_a_csrf_token(app, make_user, synced_bank, csrf_on):
    from lsk_learn.auth.roles import Role
    pages = {Role.LEARNER: ["/learn/", "/learn/practice", "/auth/profile", "/learn/lessons"],
             Role.ADMIN: ["/admin/users", "/admin/users/new", "/auth/profile"]}
    for role, urls in pages.items():
        user = make_user(role)
        client = app.test_client()
        sign_in_with_token(client, user)
        for url in urls:
            response = client.get(url)
            assert response.status_code == 200, url
            html = response.get_data(as_text=True)
            forms = html.count("<form")
            assert forms > 0
            assert len(re.findall(r'name="([\w-]+-)?csrf_token"', html)) >= forms, url


def test_security_headers(client):
    response = client.get("/auth/login")
    csp = response.headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["X-Frame-Options"] == "DENY"


def test_templates_have_no_inline_script_or_style():
    from pathlib import Path
    templates = Path(__file__).parents[2] / "templates"
    for path in templates.rglob("*.html"):
        text = path.read_text()
        assert "<script>" not in text and "<style" not in text and " style=" not in text, path
        assert " onclick=" not in text and " onload=" not in text, path


def test_login_redirect_only_to_local_paths(client, make_user):
    user = make_user()
    for target, expected in (("https://evil.example/", "/"), ("//evil.example/", "/"), ("/learn/history", "/learn/history")):
        client.post("/auth/logout")
        response = client.post(f"/auth/login?next={target}",
                               data={"username": user.username, "password": "correct horse battery"})
        assert response.headers["Location"] == expected


def test_passwords_are_hashed(make_user):
    user = make_user()
    assert "correct horse battery" not in user.password_hash
    assert user.password_hash.startswith(("pbkdf2:", "scrypt:"))

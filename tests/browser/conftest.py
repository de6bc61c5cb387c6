"""A real server (waitress, in its own process, on 127.0.0.1 and a free port: tests/servers.py) and
real Chromium. Every test sets up the accounts it signs in with through its fixtures, so any test
passes alone (`-k ru-360`) as well as in the whole run."""
import os
import sqlite3
import subprocess
import sys
from contextlib import contextmanager
from pathlib import Path

import pytest

from ..servers import ROOT, waitress

FIXTURE_BANK = ROOT / "tests" / "fixtures" / "bank"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def _flask(env, *args) -> str:
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "app", *args], cwd=ROOT, env=env,
                            capture_output=True, text=True, check=True)
    return result.stdout


def settled_password(env: dict, database: Path, username: str) -> str:
    """A password for an existing account that needs no change at sign-in: a new one, so that the
    account is in the same state however often (or after whatever other test) this runs."""
    password = _flask(env, "users", "reset-password", username).strip().rsplit(": ", 1)[-1]
    with sqlite3.connect(database) as connection:
        connection.execute("UPDATE user SET must_change_password = 0 WHERE username = ?", (username,))
    return password


@contextmanager
def learner_server(workdir: Path, bank: Path, username: str, name: str):
    """A server on a fresh SQLite database with `bank` synced and one learner whose password needs
    no change: yields (base_url, (username, password), database file)."""
    database = workdir / "live.sqlite3"
    env = {**os.environ, "LSK_DATABASE_URL": f"sqlite:///{database}", "LSK_QUESTION_BANK": str(bank),
           "LSK_SECRET_KEY": "browser-test-key"}
    _flask(env, "db", "upgrade")
    _flask(env, "bank", "sync")
    _flask(env, "users", "create", username, "--name", name, "--role", "learner")
    password = settled_password(env, database, username)
    with waitress(env, errors=workdir / "server.log") as server:
        yield server.base, (username, password), database


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """Yields (base_url, {role: (username, password)}) for a server on a fresh SQLite database."""
    workdir = tmp_path_factory.mktemp("live")
    database = workdir / "live.sqlite3"
    env = {**os.environ, "LSK_DATABASE_URL": f"sqlite:///{database}",
           "LSK_QUESTION_BANK": str(FIXTURE_BANK), "LSK_SECRET_KEY": "browser-test-key"}
    _flask(env, "db", "upgrade")
    _flask(env, "bank", "sync")
    accounts = {}
    for role in ("learner", "teacher", "admin"):
        output = _flask(env, "users", "create", f"b-{role}", "--name", f"Browser {role}", "--role", role)
        password = output.strip().rsplit(": ", 1)[-1]
        accounts[role] = (f"b-{role}", password)
    # a learner who has already replaced the temporary password (which must be changed first)
    _flask(env, "users", "create", "b-settled", "--name", "Browser settled", "--role", "learner")
    accounts["settled learner"] = ("b-settled", settled_password(env, database, "b-settled"))
    for name in ("author", "reviewer"):  # two teachers: nobody approves their own question
        _flask(env, "users", "create", f"b-{name}", "--name", f"Browser {name}", "--role", "teacher")
        accounts[name] = (f"b-{name}", settled_password(env, database, f"b-{name}"))
    with waitress(env, errors=workdir / "server.log") as server:
        yield server.base, accounts


@pytest.fixture(scope="session")
def playwright_driver():
    """The one Playwright driver of the test process: the sync API allows a single one at a time,
    so a test that needs a differently launched Chromium launches it from this driver."""
    if not Path(CHROMIUM).exists():
        if os.environ.get("LSK_REQUIRE_BROWSER") == "1":
            pytest.fail("Chromium is required (LSK_REQUIRE_BROWSER=1) but /usr/bin/chromium is missing")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        yield playwright


@pytest.fixture(scope="session")
def browser(playwright_driver):
    instance = playwright_driver.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield instance
    instance.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1200, "height": 900}, locale="lv-LV")
    page = context.new_page()
    yield page
    context.close()


def sign_in(page, base_url, username, password):
    page.goto(base_url + "/auth/login")
    page.fill("#username", username)
    page.fill("#password", password)
    page.click("input[type=submit]")

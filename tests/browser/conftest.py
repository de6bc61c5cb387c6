"""A real server (waitress, in its own process, on 127.0.0.1 and a free port) and real Chromium."""
import os
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).parents[2]
FIXTURE_BANK = ROOT / "tests" / "fixtures" / "bank"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def pytest_collection_modifyitems(items):
    for item in items:
        if "tests/browser/" in str(item.fspath):
            item.add_marker(pytest.mark.browser)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _flask(env, *args) -> str:
    result = subprocess.run([sys.executable, "-m", "flask", "--app", "app", *args], cwd=ROOT, env=env,
                            capture_output=True, text=True, check=True)
    return result.stdout


@pytest.fixture(scope="session")
def live_server(tmp_path_factory):
    """Yields (base_url, {role: (username, password)}) for a server on a fresh SQLite database."""
    workdir = tmp_path_factory.mktemp("live")
    env = {**os.environ, "LSK_DATABASE_URL": f"sqlite:///{workdir / 'live.sqlite3'}",
           "LSK_QUESTION_BANK": str(FIXTURE_BANK), "LSK_SECRET_KEY": "browser-test-key"}
    _flask(env, "db", "upgrade")
    _flask(env, "bank", "sync")
    accounts = {}
    for role in ("learner", "teacher", "admin"):
        output = _flask(env, "users", "create", f"b-{role}", "--name", f"Browser {role}", "--role", role)
        password = output.strip().rsplit(": ", 1)[-1]
        accounts[role] = (f"b-{role}", password)
    # a learner who has already replaced the temporary password (which must be changed first)
    output = _flask(env, "users", "create", "b-settled", "--name", "Browser settled", "--role", "learner")
    with sqlite3.connect(workdir / "live.sqlite3") as connection:
        connection.execute("UPDATE user SET must_change_password = 0 WHERE username = 'b-settled'")
    accounts["settled learner"] = ("b-settled", output.strip().rsplit(": ", 1)[-1])
    base_url, server = start_server(env)
    try:
        yield base_url, accounts
    finally:
        server.terminate()
        server.wait(timeout=10)


def start_server(env: dict) -> tuple[str, subprocess.Popen]:
    """Serve the app with waitress on 127.0.0.1 and a free port; return its address once it answers."""
    port = _free_port()
    server = subprocess.Popen(
        [sys.executable, "-m", "waitress", "--host", "127.0.0.1", f"--port={port}", "--threads", "4",
         "--call", "lsk_learn:create_app"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    base_url = f"http://127.0.0.1:{port}"
    for _ in range(100):
        try:
            urllib.request.urlopen(base_url + "/auth/login", timeout=1)
            return base_url, server
        except OSError:
            time.sleep(0.1)
    server.terminate()
    raise RuntimeError("the test server did not start")


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        if os.environ.get("LSK_REQUIRE_BROWSER") == "1":
            pytest.fail("Chromium is required (LSK_REQUIRE_BROWSER=1) but /usr/bin/chromium is missing")
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
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

"""Two app servers sharing Redis share the sign-in pause: failures on one count on the other.
Real processes (waitress) on 127.0.0.1, a real Redis, a shared SQLite file."""
import http.cookiejar
import os
import re
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request
import uuid

import pytest

from ..deploy.support import redis_answers
from ..servers import ROOT, start_waitress

REDIS_URL = os.environ.get("LSK_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def _sign_in(base, username, password) -> int:
    """A browser's sign-in: the page (for its CSRF token and cookie), then the form."""
    opener = urllib.request.build_opener(_NoRedirect, urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))
    page = opener.open(base + "/auth/login", timeout=10).read().decode()
    token = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    data = urllib.parse.urlencode({"username": username, "password": password, "csrf_token": token}).encode()
    try:
        return opener.open(base + "/auth/login", data=data, timeout=10).status
    except urllib.error.HTTPError as error:
        return error.code


@pytest.fixture
def two_servers(tmp_path):
    if not redis_answers():
        if os.environ.get("CI"):
            pytest.fail("Redis is required in CI (127.0.0.1:6379)")
        pytest.skip("no Redis on 127.0.0.1:6379")
    env = {**os.environ, "LSK_DATABASE_URL": f"sqlite:///{tmp_path / 'shared.sqlite3'}", "LSK_SECRET_KEY": "two-servers",
           "LSK_REDIS_URL": REDIS_URL}
    env.pop("LSK_TEST_DATABASE_URL", None)
    flask = [sys.executable, "-m", "flask", "--app", "app"]
    subprocess.run([*flask, "db", "upgrade"], cwd=ROOT, env=env, check=True, capture_output=True)
    username = f"shared-{uuid.uuid4().hex[:8]}"
    out = subprocess.run([*flask, "users", "create", username, "--name", "Shared", "--role", "learner"],
                         cwd=ROOT, env=env, check=True, capture_output=True, text=True).stdout
    password = out.strip().rsplit(": ", 1)[-1]
    servers = []
    try:
        servers += [start_waitress(env, errors=tmp_path / f"server-{n}.log") for n in range(2)]
        yield [server.base for server in servers], username, password
    finally:
        for server in servers:
            server.stop()


def test_failures_on_one_server_pause_sign_in_on_the_other(two_servers):
    (first, second), username, password = two_servers
    assert [_sign_in(first, username, f"wrong {n}") for n in range(5)] == [200] * 5
    assert _sign_in(second, username, password) == 429

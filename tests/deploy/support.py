"""What the deployment tests share: PostgreSQL databases of their own, real `flask` commands,
gunicorn servers with deploy/gunicorn.conf.py on free loopback ports (started by tests/servers.py),
and a small browser (cookies, CSRF tokens, no redirects followed, keep-alive connections, a chosen
source address)."""
import html
import http.client
import os
import re
import shutil
import socket
import subprocess
import sys
import urllib.parse
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from pathlib import Path

import pytest
from sqlalchemy.engine import make_url

from ..databases import new_postgres_database
from ..servers import ROOT, Server, free_port, start, stop  # noqa: F401 (Server, stop: for the tests here)

GUNICORN_CONF = ROOT / "deploy" / "gunicorn.conf.py"
POSTGRES_SERVER = (os.environ.get("LSK_TEST_DATABASE_URL") or os.environ.get("LSK_TEST_POSTGRES_URL")
                   or "postgresql+psycopg://root@127.0.0.1:5432/test")
REDIS_URL = os.environ.get("LSK_TEST_REDIS_URL", "redis://127.0.0.1:6379/15")


def missing(what: str) -> None:
    """Skip on a developer's machine without `what`; in CI (env CI set) fail instead."""
    if os.environ.get("CI"):
        pytest.fail(f"{what} is required in CI")
    pytest.skip(f"{what} is not available")


def port_answers(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def gunicorn_binary() -> str:
    path = Path(sys.executable).with_name("gunicorn")
    if not path.exists():
        missing("gunicorn (pip install -r requirements.txt)")
    return str(path)


def redis_answers() -> bool:
    try:
        with socket.create_connection(("127.0.0.1", 6379), timeout=1) as s:
            s.sendall(b"PING\r\n")
            return s.recv(16).startswith(b"+PONG")
    except OSError:
        return False


@contextmanager
def postgres_database(prefix: str = "lsk_deploy"):
    """A new, empty PostgreSQL database; its URL; dropped afterwards."""
    server = make_url(POSTGRES_SERVER)
    if not port_answers(server.host or "127.0.0.1", server.port or 5432):
        missing(f"PostgreSQL on {server.host}:{server.port or 5432}")
    with new_postgres_database(POSTGRES_SERVER, prefix) as url:
        yield url


def app_env(database_url: str, **extra) -> dict:
    env = {**os.environ, "LSK_DATABASE_URL": database_url, "LSK_SECRET_KEY": "deploy-test-secret-key",
           "PYTHONDONTWRITEBYTECODE": "1", **extra}
    env.pop("LSK_TEST_DATABASE_URL", None)
    return env


def flask(env: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "flask", "--app", "app", *args], cwd=ROOT, env=env,
                          capture_output=True, text=True, check=check, timeout=120)


def start_gunicorn(env: dict, workdir: Path, name: str) -> Server:
    """gunicorn with deploy/gunicorn.conf.py (2 workers, 2 threads); its access log kept in workdir."""
    port = free_port()
    return start([gunicorn_binary(), "--config", str(GUNICORN_CONF)], name=f"gunicorn {name}", port=port,
                 env={**env, "LSK_BIND": f"127.0.0.1:{port}", "LSK_GUNICORN_WORKERS": "2", "LSK_GUNICORN_THREADS": "2"},
                 log=workdir / f"{name}.access.log", errors=workdir / f"{name}.error.log")


@dataclass
class Response:
    status: int
    headers: http.client.HTTPMessage
    body: str

    @property
    def location(self) -> str:
        return urllib.parse.urlsplit(self.headers.get("Location", "")).path

    def csrf_token(self, name: str = "csrf_token") -> str:
        for tag in re.findall(r"<input[^>]*>", self.body):
            if f'name="{name}"' in tag:
                return html.unescape(re.search(r'value="([^"]*)"', tag).group(1))
        raise AssertionError(f"no {name} in the page")


@dataclass
class Browser:
    """Cookies are kept per host, not per port, as a browser does: the same learner behind a load
    balancer reaches different servers with one cookie jar."""
    source_address: str | None = None
    ssl_context: object | None = None
    cookies: dict = field(default_factory=dict)
    connections: dict = field(default_factory=dict)
    requests: int = 0

    def request(self, base: str, method: str, path: str, form: dict | None = None,
                headers: dict | None = None) -> Response:
        parts = urllib.parse.urlsplit(base)
        key = (parts.scheme, parts.hostname, parts.port)
        connection = self.connections.get(key)
        if connection is None:
            source = (self.source_address, 0) if self.source_address else None
            if parts.scheme == "https":
                connection = http.client.HTTPSConnection(parts.hostname, parts.port, timeout=30,
                                                         source_address=source, context=self.ssl_context)
            else:
                connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30, source_address=source)
            self.connections[key] = connection
        sent = {"User-Agent": "lsk-deploy-test", **(headers or {})}
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if form is not None:
            body = urllib.parse.urlencode(form, doseq=True).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=sent)
        response = connection.getresponse()
        data = response.read().decode("utf-8", "replace")
        self.requests += 1
        for header in response.headers.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(header)
            for name, morsel in cookie.items():
                if morsel["max-age"] == "0" or (morsel["expires"] and "1970" in morsel["expires"]):
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = morsel.value
        if response.headers.get("Connection", "").lower() == "close":
            connection.close()
            del self.connections[key]
        return Response(response.status, response.headers, data)

    def get(self, base: str, path: str, **kwargs) -> Response:
        return self.request(base, "GET", path, **kwargs)

    def post(self, base: str, path: str, form: dict, **kwargs) -> Response:
        return self.request(base, "POST", path, form=form, **kwargs)

    def close(self) -> None:
        for connection in self.connections.values():
            connection.close()
        self.connections.clear()


def nginx_binary() -> str | None:
    return shutil.which("nginx") or next((p for p in ("/usr/sbin/nginx",) if Path(p).exists()), None)

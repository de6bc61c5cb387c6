"""Stateless app servers (issue 13): two gunicorn servers started with deploy/gunicorn.conf.py on
different loopback ports share one PostgreSQL database (created here, dropped after) and Redis, and
one learner's mock exam alternates between them request by request. When nginx is installed, the
deploy config runs in front of them: the plain-HTTP variant, and the HTTPS site with a self-signed
certificate. Skipped without gunicorn, PostgreSQL, Redis or nginx; in CI (env CI set) they fail."""
import json
import os
import re
import shutil
import signal
import ssl
import subprocess
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text

from tests.web.exam_bank import build_exam_bank
from tests.web.test_exams import OFFICIAL

from .support import (REDIS_URL, ROOT, Browser, Server, app_env, flask, free_port, gunicorn_binary, missing,
                      nginx_binary, port_answers, postgres_database, redis_answers, start_gunicorn, stop)

NEW_PASSWORD = "seven quiet herons at dusk"
NGINX = ROOT / "deploy" / "nginx"


@dataclass
class Cluster:
    env: dict
    url: str
    servers: list[Server]
    workdir: Path

    def new_learner(self) -> tuple[str, str]:
        username = f"learner-{uuid.uuid4().hex[:8]}"
        out = flask(self.env, "users", "create", username, "--name", "Olga Ivanova", "--role", "learner").stdout
        return username, out.strip().rsplit(": ", 1)[-1]

    def query(self, sql: str, **params) -> list:
        engine = create_engine(self.url)
        try:
            with engine.connect() as connection:
                return connection.execute(text(sql), params).all()
        finally:
            engine.dispose()


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    gunicorn_binary()
    if not redis_answers():
        missing("Redis on 127.0.0.1:6379")
    workdir = tmp_path_factory.mktemp("cluster")
    bank = build_exam_bank(workdir / "bank")
    with postgres_database() as url:
        env = app_env(url, LSK_REDIS_URL=REDIS_URL, LSK_PROXY_HOPS="1", LSK_QUESTION_BANK=str(bank))
        flask(env, "db", "upgrade")
        flask(env, "bank", "sync")
        servers = []
        try:
            servers = [start_gunicorn(env, workdir, name) for name in ("a", "b")]
            yield Cluster(env, url, servers, workdir)
        finally:
            for server in servers:
                stop(server.process)
        for name in ("a", "b"):
            assert "Traceback" not in (workdir / f"{name}.error.log").read_text(), f"server {name} logged an error"


@pytest.fixture
def browser():
    browser = Browser()
    yield browser
    browser.close()


def sign_in(browser: Browser, base: str, username: str, password: str) -> str:
    """The sign-in form; returns where it sends the learner."""
    page = browser.get(base, "/auth/login")
    assert page.status == 200
    response = browser.post(base, "/auth/login", {"username": username, "password": password,
                                                  "csrf_token": page.csrf_token()})
    assert response.status == 302, response.body[:500]
    assert response.location != "/auth/login"
    return response.location


def choose_own_password(browser: Browser, base: str, temporary: str) -> None:
    page = browser.get(base, "/auth/profile")
    assert page.status == 200
    response = browser.post(base, "/auth/profile", {
        "password-csrf_token": page.csrf_token("password-csrf_token"), "password-current_password": temporary,
        "password-new_password": NEW_PASSWORD, "password-confirm": NEW_PASSWORD, "password-submit": "1"})
    assert (response.status, response.location) == (302, "/auth/profile"), response.body[:500]


def test_one_learners_mock_exam_alternates_between_two_servers(cluster, browser):
    a, b = (server.base for server in cluster.servers)
    logged_before = [len(server.access_log()) for server in cluster.servers]
    username, temporary = cluster.new_learner()

    sign_in(browser, a, username, temporary)                    # sign in on A ...
    choose_own_password(browser, b, temporary)                  # ... the session holds on B
    intro = browser.get(a, "/exams/start/knowledge")
    assert intro.status == 200
    started = browser.post(b, "/exams/start/knowledge", {"csrf_token": intro.csrf_token()})  # start on B
    assert started.status == 302 and re.fullmatch(r"/exams/\d+/item/0", started.location), started.location
    attempt_id = int(started.location.split("/")[2])

    acknowledged = {}  # position -> the answer the server confirmed (a redirect onwards)
    servers = [a, b]
    turn = 0
    position = 0
    while True:
        page = browser.get(servers[turn % 2], f"/exams/{attempt_id}/item/{position}")
        assert page.status == 200, (position, page.status)
        form = {"csrf_token": page.csrf_token(), "go": "next"}
        if 'name="answer"' in page.body:
            form["answer"] = "b" if position % 3 == 1 else "a"  # every third one wrong, on purpose
        else:
            assert 'name="text"' in page.body  # the anthem
            form["text"] = OFFICIAL
        saved = browser.post(servers[(turn + 1) % 2], f"/exams/{attempt_id}/item/{position}", form)
        turn += 1
        assert saved.status == 302, (position, saved.status, saved.body[:300])
        acknowledged[position] = form.get("answer", form.get("text"))
        if saved.location == f"/exams/{attempt_id}/overview":
            break
        assert saved.location == f"/exams/{attempt_id}/item/{position + 1}", saved.location
        position += 1

    confirm = browser.get(a, f"/exams/{attempt_id}/submit")
    assert confirm.status == 200
    submitted = browser.post(a, f"/exams/{attempt_id}/submit", {"csrf_token": confirm.csrf_token()})  # submit on A
    assert (submitted.status, submitted.location) == (302, f"/exams/{attempt_id}/results")
    results = browser.get(b, f"/exams/{attempt_id}/results")                                      # results on B
    assert results.status == 200

    # what the database holds is exactly what the servers acknowledged, and graded by it
    rows = cluster.query("SELECT i.position, i.part, a.response FROM exam_item i LEFT JOIN exam_answer a "
                         "ON a.item_id = i.id WHERE i.attempt_id = :id ORDER BY i.position", id=attempt_id)
    assert len(rows) == len(acknowledged) == 19
    stored = {row.position: row.response for row in rows}
    assert {p: (r["text"] if isinstance(r, dict) else r) for p, r in stored.items()} == acknowledged
    right = {}
    for row in rows:
        if row.part != "anthem":
            right[row.part] = right.get(row.part, 0) + (acknowledged[row.position] == "a")
    graded = {row.part: (row.score, row.max_score, row.passed) for row in cluster.query(
        "SELECT part, score, max_score, passed FROM exam_part_result WHERE attempt_id = :id", id=attempt_id)}
    assert {part: score for part, (score, _m, _p) in graded.items() if part != "anthem"} == right
    assert graded["anthem"][2] is True
    for part, count in right.items():
        assert f"{count:g} / {graded[part][1]:g}" in results.body
    assert cluster.query("SELECT status FROM exam_attempt WHERE id = :id", id=attempt_id)[0].status == "submitted"

    # both servers served this learner, and logged every request as one JSON object a line
    for server, before in zip(cluster.servers, logged_before):
        lines = [json.loads(line) for line in server.access_log()[before:]]
        mine = [line for line in lines if line.get("user_agent") == "lsk-deploy-test"]
        assert len(mine) >= 20, len(mine)
        assert all(line["status"] < 400 and line["remote"] == "127.0.0.1" for line in mine)


def test_the_production_path_refuses_to_start_without_a_shared_secret_key(cluster):
    env = {**cluster.env}
    env.pop("LSK_SECRET_KEY")
    result = flask(env, "health", check=False)
    assert result.returncode != 0
    assert "LSK_SECRET_KEY is not set" in result.stderr
    assert flask(cluster.env, "health").stdout.splitlines()[0] == "database: ok (postgresql)"


# --- nginx in front -----------------------------------------------------------------------------

def _replace(config: str, old: str, new: str) -> str:
    assert old in config, f"{old!r} is no longer in the nginx config: update the test's rendering"
    return config.replace(old, new)


def _render_locations(tmp_path: Path) -> Path:
    locations = _replace((NGINX / "lsk-learn-locations.conf").read_text(), "alias /srv/lsk-learn/static/;",
                         f"alias {ROOT}/static/;")
    path = tmp_path / "lsk-learn-locations.conf"
    path.write_text(locations)
    return path


def _upstream(config: str) -> str:
    return re.search(r"^upstream lsk_learn \{.*?^\}", config, re.S | re.M).group(0)


def _start_nginx(tmp_path: Path, site: str, ports: list[int]):
    """Our own nginx master (prefix, pid, logs and temp dirs under tmp_path), not the system's."""
    binary = nginx_binary()
    if binary is None:
        missing("nginx (Debian package: nginx)")
    (tmp_path / "site.conf").write_text(site)
    temp_dirs = "\n".join(f"    {kind}_temp_path {tmp_path / kind};" for kind in ("client_body", "proxy", "fastcgi",
                                                                                   "uwsgi", "scgi"))
    user = "user root;\n" if os.geteuid() == 0 else ""  # workers read this checkout and write tmp_path
    (tmp_path / "nginx.conf").write_text(f"""{user}worker_processes 1;
pid {tmp_path / 'nginx.pid'};
error_log {tmp_path / 'error.log'} notice;
events {{ worker_connections 256; }}
http {{
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    access_log {tmp_path / 'access.log'};
{temp_dirs}
    include {tmp_path / 'site.conf'};
}}
""")
    command = [binary, "-p", str(tmp_path), "-e", str(tmp_path / "error.log"), "-c", str(tmp_path / "nginx.conf")]
    checked = subprocess.run([*command, "-t"], capture_output=True, text=True)
    assert checked.returncode == 0, checked.stderr
    with (tmp_path / "nginx.stderr").open("w") as stderr:
        process = subprocess.Popen([*command, "-g", "daemon off;"], stdout=subprocess.DEVNULL, stderr=stderr,
                                   start_new_session=True)
    deadline = time.monotonic() + 10
    while not all(port_answers("127.0.0.1", port) for port in ports):
        assert process.poll() is None and time.monotonic() < deadline, (tmp_path / "error.log").read_text()
        time.sleep(0.1)
    return process


def _with_upstreams(config: str, cluster: Cluster) -> str:
    config = _replace(config, "server 127.0.0.1:8001 ", f"server 127.0.0.1:{cluster.servers[0].port} ")
    return _replace(config, "server 127.0.0.1:8002 ", f"server 127.0.0.1:{cluster.servers[1].port} ")


@pytest.fixture
def nginx_http(cluster, tmp_path):
    """deploy/nginx/lsk-learn-http.conf on a free loopback port in front of the two servers."""
    port = free_port()
    site = (NGINX / "lsk-learn-http.conf").read_text()
    assert _upstream(site) == _upstream((NGINX / "lsk-learn.conf").read_text()), "the two upstream blocks differ"
    site = _with_upstreams(site, cluster)
    site = _replace(site, "listen 127.0.0.1:8080;", f"listen 127.0.0.1:{port};")
    site = _replace(site, "include /etc/nginx/snippets/lsk-learn-locations.conf;", f"include {_render_locations(tmp_path)};")
    process = _start_nginx(tmp_path, site, [port])
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        stop(process)


def test_nginx_serves_static_files_with_long_cache_headers(nginx_http, cluster, browser):
    page = browser.get(nginx_http, "/auth/login")
    assert page.status == 200
    stylesheets = re.findall(r'href="(/static/css/app\.css\?v=[0-9a-f]{12})"', page.body)
    assert stylesheets, "static URLs carry a content hash"
    logged_before = [len(server.access_log()) for server in cluster.servers]
    css = browser.get(nginx_http, stylesheets[0])
    assert css.status == 200
    assert css.body == (ROOT / "static" / "css" / "app.css").read_text()
    assert css.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    assert css.headers["Content-Type"].startswith("text/css")
    assert "Strict-Transport-Security" not in css.headers  # plain HTTP: no HSTS
    assert browser.get(nginx_http, "/static/css/no-such-file.css").status == 404
    # nginx answered those itself: no app server saw a static request
    for server, before in zip(cluster.servers, logged_before):
        assert not [line for line in server.access_log()[before:] if '"/static/' in line]
    # pages are the app's, not cached
    assert page.headers["Cache-Control"] == "no-store"


def test_pages_come_through_nginx_with_the_clients_address(nginx_http, cluster, browser):
    username, temporary = cluster.new_learner()
    browser.source_address = "127.0.0.2"  # not nginx's own address (127.0.0.1)
    logged_before = [len(server.access_log()) for server in cluster.servers]
    page = browser.get(nginx_http, "/auth/login")
    response = browser.post(nginx_http, "/auth/login", {"username": username, "password": temporary,
                                                        "csrf_token": page.csrf_token()},
                            headers={"X-Forwarded-For": "203.0.113.9"})  # forged: must not count
    assert response.status == 302 and response.location != "/auth/login"
    choose_own_password(browser, nginx_http, temporary)
    for _ in range(6):
        assert browser.get(nginx_http, "/learn/").status == 200

    # the app saw the client, not nginx and not the forged header
    sessions = cluster.query('SELECT s.ip FROM user_session s JOIN "user" u ON u.id = s.user_id '
                             "WHERE u.username = :name", name=username)
    assert sessions and {row.ip for row in sessions} == {"127.0.0.2"}
    events = cluster.query("SELECT e.action, e.ip FROM audit_event e JOIN \"user\" u ON u.id = e.subject_id "
                           "WHERE u.username = :name AND e.action = 'sign_in'", name=username)
    assert [row.ip for row in events] == ["127.0.0.2"]
    # least_conn spread the requests over both servers; their logs show the client and the proxy
    for server, before in zip(cluster.servers, logged_before):
        mine = [json.loads(line) for line in server.access_log()[before:] if "lsk-deploy-test" in line]
        assert mine, f"{server.base} got no request through nginx"
        assert all(line["remote"] == "127.0.0.2" and line["proxy"] == "127.0.0.1" and line.get("request_id")
                   for line in mine)


# --- the HTTPS site ------------------------------------------------------------------------------

@pytest.fixture
def nginx_https(cluster, tmp_path):
    """deploy/nginx/lsk-learn.conf itself, its ports moved to free loopback ones and a self-signed certificate."""
    if shutil.which("openssl") is None:
        missing("openssl")
    cert, key = tmp_path / "cert.pem", tmp_path / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", "/CN=lsk.example.lv",
                    "-addext", "subjectAltName=DNS:lsk.example.lv,IP:127.0.0.1", "-keyout", str(key), "-out", str(cert)],
                   check=True, capture_output=True)
    http_port, https_port = free_port(), free_port()
    site = _with_upstreams((NGINX / "lsk-learn.conf").read_text(), cluster)
    site = _replace(site, "    listen [::]:80;\n", "")
    site = _replace(site, "    listen [::]:443 ssl http2;\n", "")
    site = _replace(site, "listen 80;", f"listen 127.0.0.1:{http_port};")
    site = _replace(site, "listen 443 ssl http2;", f"listen 127.0.0.1:{https_port} ssl http2;")
    site = _replace(site, "/etc/letsencrypt/live/lsk.example.lv/fullchain.pem", str(cert))
    site = _replace(site, "/etc/letsencrypt/live/lsk.example.lv/privkey.pem", str(key))
    site = _replace(site, "include /etc/nginx/snippets/lsk-learn-locations.conf;", f"include {_render_locations(tmp_path)};")
    process = _start_nginx(tmp_path, site, [http_port, https_port])
    try:
        yield f"http://127.0.0.1:{http_port}", f"https://127.0.0.1:{https_port}", ssl.create_default_context(cafile=cert)
    finally:
        stop(process)


def test_the_https_site_redirects_plain_http_and_sends_hsts(nginx_https, browser):
    plain, secure, browser.ssl_context = nginx_https
    moved = browser.get(plain, "/exams/?x=1", headers={"Host": "lsk.example.lv"})
    assert moved.status == 301
    assert moved.headers["Location"] == "https://lsk.example.lv/exams/?x=1"
    hsts = "max-age=31536000; includeSubDomains"
    page = browser.get(secure, "/auth/login", headers={"Host": "lsk.example.lv"})
    assert page.status == 200 and page.headers.get_all("Strict-Transport-Security") == [hsts]
    static = browser.get(secure, "/static/css/app.css", headers={"Host": "lsk.example.lv"})
    assert static.status == 200 and static.headers.get_all("Strict-Transport-Security") == [hsts]
    assert static.headers["Cache-Control"] == "public, max-age=31536000, immutable"
    health = browser.get(secure, "/healthz", headers={"Host": "lsk.example.lv"})
    assert (health.status, json.loads(health.body)) == (200, {"status": "ok", "database": "ok"})


def test_a_graceful_reload_of_both_servers_during_an_exam_loses_nothing(nginx_http, cluster, browser):
    """`systemctl reload` sends HUP: gunicorn starts new workers and lets the old ones finish. Through
    nginx, a learner answering meanwhile notices nothing and every answer is stored."""
    username, temporary = cluster.new_learner()
    sign_in(browser, nginx_http, username, temporary)
    choose_own_password(browser, nginx_http, temporary)
    intro = browser.get(nginx_http, "/exams/start/knowledge")
    started = browser.post(nginx_http, "/exams/start/knowledge", {"csrf_token": intro.csrf_token()})
    attempt_id = int(started.location.split("/")[2])
    old_workers = {server.port: _workers(server) for server in cluster.servers}
    for position in range(19):
        if position == 5:
            for server in cluster.servers:
                server.process.send_signal(signal.SIGHUP)
        page = browser.get(nginx_http, f"/exams/{attempt_id}/item/{position}")
        assert page.status == 200, (position, page.status)
        form = {"csrf_token": page.csrf_token(), "go": "next"}
        form.update({"answer": "a"} if 'name="answer"' in page.body else {"text": OFFICIAL})
        saved = browser.post(nginx_http, f"/exams/{attempt_id}/item/{position}", form)
        assert saved.status == 302, (position, saved.status)
        time.sleep(0.05)
    stored = cluster.query("SELECT count(*) AS n FROM exam_answer WHERE attempt_id = :id", id=attempt_id)
    assert stored[0].n == 19
    for server in cluster.servers:  # the reload happened: new worker processes serve now
        deadline = time.monotonic() + 15
        while not _workers(server).isdisjoint(old_workers[server.port]) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert _workers(server) and _workers(server).isdisjoint(old_workers[server.port])


def _workers(server: Server) -> set[int]:
    children = Path(f"/proc/{server.process.pid}/task/{server.process.pid}/children").read_text().split()
    return {int(pid) for pid in children}

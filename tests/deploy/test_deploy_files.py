"""The files in deploy/ agree with each other and with the app: gunicorn's keep-alive outlasts nginx's,
nginx's body limit is the app's, the systemd units parse, the access log is JSON whatever the
request, and the operator's wrapper runs `flask` commands with the env file."""
import json
import os
import re
import runpy
import shutil
import subprocess
from datetime import timedelta

import pytest

from lsk_learn.config import Config
from lsk_learn.ops.access_log import access_record

from .support import ROOT

DEPLOY = ROOT / "deploy"


def gunicorn_settings(monkeypatch, **env) -> dict:
    for name in [n for n in os.environ if n.startswith(("LSK_GUNICORN_", "LSK_BIND", "LSK_FORWARDED"))]:
        monkeypatch.delenv(name)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    return runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))


def test_gunicorn_settings_and_their_overrides(monkeypatch):
    settings = gunicorn_settings(monkeypatch)
    cores = len(os.sched_getaffinity(0))
    assert settings["workers"] == min(2 * cores + 1, settings["MAX_WORKERS"])
    assert (settings["worker_class"], settings["threads"]) == ("gthread", 4)
    assert settings["bind"] == ["127.0.0.1:8001"] and settings["wsgi_app"] == "lsk_learn:create_app()"
    assert settings["max_requests"] > 0 and 0 < settings["max_requests_jitter"] < settings["max_requests"]
    assert settings["graceful_timeout"] >= 10 and settings["preload_app"] is False
    assert settings["forwarded_allow_ips"] == "127.0.0.1,::1"
    assert settings["accesslog"] == "-" and settings["logger_class"] == "lsk_learn.ops.access_log.JsonAccessLogger"
    assert settings["control_socket_disable"] is True  # two servers of one user would share its default path

    overridden = gunicorn_settings(monkeypatch, LSK_GUNICORN_WORKERS="3", LSK_BIND="127.0.0.1:8003",
                                   LSK_GUNICORN_WORKER_CLASS="sync", LSK_FORWARDED_ALLOW_IPS="10.0.0.11")
    assert (overridden["workers"], overridden["bind"], overridden["threads"]) == (3, ["127.0.0.1:8003"], 1)
    assert overridden["worker_class"] == "sync" and overridden["forwarded_allow_ips"] == "10.0.0.11"


def test_gunicorn_keeps_idle_connections_longer_than_nginx(monkeypatch):
    """nginx must close an idle upstream connection first, or it may send a request on one gunicorn
    is closing at that moment (issue 13's lost requests)."""
    nginx = (DEPLOY / "nginx" / "lsk-learn.conf").read_text()
    upstream_idle = int(re.search(r"^\s*keepalive_timeout (\d+)s;", nginx, re.M).group(1))
    assert gunicorn_settings(monkeypatch)["keepalive"] > upstream_idle


def test_nginx_takes_the_same_body_limit_as_the_app():
    locations = (DEPLOY / "nginx" / "lsk-learn-locations.conf").read_text()
    megabytes = int(re.search(r"^client_max_body_size (\d+)m;", locations, re.M).group(1))
    assert megabytes * 1024 * 1024 == Config.MAX_CONTENT_LENGTH


def test_the_json_access_log_survives_any_request():
    class Response:
        status = "302 FOUND"
        sent = 231

    environ = {"REMOTE_ADDR": "127.0.0.2", "werkzeug.proxy_fix.orig": {"REMOTE_ADDR": "127.0.0.1"},
               "REQUEST_METHOD": "POST", "PATH_INFO": '/exams/7/item/3"\n', "QUERY_STRING": "q=Olga+Ivanova",
               "HTTP_USER_AGENT": 'Mozilla/5.0 "quoted" \\ ünïcode', "HTTP_X_REQUEST_ID": "abc123"}
    line = json.dumps(access_record(Response(), environ, timedelta(milliseconds=12.345)), ensure_ascii=False)
    assert "\n" not in line
    record = json.loads(line)
    assert record["status"] == 302 and record["bytes"] == 231 and record["duration_ms"] == 12.35
    assert (record["remote"], record["proxy"], record["request_id"]) == ("127.0.0.2", "127.0.0.1", "abc123")
    assert record["user_agent"] == environ["HTTP_USER_AGENT"]
    assert "Olga" not in line  # query strings (searches for names) stay out of the journal


def test_the_systemd_units_parse(tmp_path):
    analyze = shutil.which("systemd-analyze")
    if analyze is None:
        pytest.skip("systemd-analyze is not installed")
    for unit in (DEPLOY / "systemd").iterdir():  # this checkout stands for /srv/lsk-learn
        name = "lsk-learn@8001.service" if unit.name == "lsk-learn@.service" else unit.name
        (tmp_path / name).write_text(unit.read_text().replace("/srv/lsk-learn", str(ROOT)))
    if not (ROOT / ".venv" / "bin" / "gunicorn").exists():
        pytest.skip("gunicorn is not installed in .venv")
    result = subprocess.run([analyze, "verify", *sorted(str(p) for p in tmp_path.iterdir())],
                            capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0 and result.stderr.strip() == "", result.stderr


def test_the_operator_wrapper_runs_flask_with_the_env_file(tmp_path):
    env_file = tmp_path / "env"
    env_file.write_text(f"LSK_SECRET_KEY=wrapper-test\nLSK_DATABASE_URL=sqlite:///{tmp_path / 'lsk.sqlite3'}\n")
    run = {**{k: v for k, v in os.environ.items() if not k.startswith("LSK_")}, "LSK_HOME": str(ROOT),
           "LSK_ENV_FILE": str(env_file), "LSK_USER": subprocess.run(["id", "-un"], capture_output=True,
                                                                      text=True).stdout.strip()}
    wrapper = str(DEPLOY / "lsk-learn-flask")
    before = subprocess.run([wrapper, "health"], env=run, capture_output=True, text=True)
    assert before.returncode == 1 and "migrations: FAILED" in before.stderr
    assert subprocess.run([wrapper, "db", "upgrade"], env=run, capture_output=True).returncode == 0
    after = subprocess.run([wrapper, "health"], env=run, capture_output=True, text=True)
    assert after.returncode == 0 and "migrations: ok" in after.stdout
    missing = subprocess.run([wrapper, "health"], env={**run, "LSK_ENV_FILE": str(tmp_path / "none")},
                             capture_output=True, text=True)
    assert missing.returncode == 1 and "cannot read" in missing.stderr

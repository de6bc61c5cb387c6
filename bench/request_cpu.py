"""Benchmark (not a test): how much CPU one gunicorn worker spends on one exam item page and one
answer save, with requests back to back and with a pause between them.

    .venv/bin/python bench/request_cpu.py [--requests 300] [--pauses 0,0.02] [--database postgres|sqlite]

One gunicorn server (deploy/gunicorn.conf.py, 1 worker, 1 thread), one learner in a knowledge mock
exam, one client on one keep-alive connection. For each pause, it sends `--requests` item pages and
then as many saves of the first item, and prints per request the wall time and the worker's user
and system CPU time (read from /proc before and after). Loopback only; builds and drops its own
database (PostgreSQL `lsk_bench_request_cpu`, or a temporary SQLite file).

Why a pause: on an exam day each worker serves requests spaced out in time between the other
processes' (other workers, PostgreSQL, nginx), never back to back. A request that finds the CPU's
caches filled by someone else costs more CPU than the same request in a tight loop; this shows
by how much, on this machine, against the in-loop figure that profiles usually report.
"""
import argparse
import contextlib
import http.client
import re
import shutil
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import psutil  # noqa: E402

from exam_day import PASSWORD, app_env, bench_database, build_database, csrf_token, start_gunicorn, stop  # noqa: E402


class Client:
    """One keep-alive connection with a cookie jar (http.client: the least client CPU per request)."""

    def __init__(self, port: int):
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
        self.cookies: dict[str, str] = {}

    def send(self, method: str, path: str, data: dict | None = None) -> tuple[int, str | None, str]:
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        self.connection.request(method, path, body=body, headers=headers)
        response = self.connection.getresponse()
        text = response.read().decode()
        for name, value in response.getheaders():
            if name.lower() == "set-cookie":
                key, _, rest = value.partition("=")
                self.cookies[key] = rest.split(";")[0]
        return response.status, response.getheader("Location"), text


def sit_exam(client: Client, username: str) -> tuple[str, dict]:
    """Sign in, start the knowledge exam; the first item's path and an answer to it."""
    _status, _location, body = client.send("GET", "/auth/login")
    status, _location, _body = client.send("POST", "/auth/login", {"csrf_token": csrf_token(body),
                                                                    "username": username, "password": PASSWORD})
    if status != 302:
        raise SystemExit(f"sign-in answered {status}")
    _status, _location, body = client.send("GET", "/exams/start/knowledge")
    _status, location, _body = client.send("POST", "/exams/start/knowledge", {"csrf_token": csrf_token(body)})
    attempt_id = int(re.search(r"/exams/(\d+)/", location).group(1))
    path = f"/exams/{attempt_id}/item/0"
    _status, _location, page = client.send("GET", path)
    radio = re.search(r'type="radio" name="([^"]+)"[^>]*value="([^"]+)"', page)
    if radio is None:
        raise SystemExit("the first item has no radio button")
    return path, {radio.group(1): radio.group(2), "csrf_token": csrf_token(page), "go": "next"}


def measure(worker: psutil.Process, call, expected: int, count: int, pause: float) -> str:
    before, started = worker.cpu_times(), time.perf_counter()
    for _ in range(count):
        status = call()
        if status != expected:
            raise SystemExit(f"answered {status}, expected {expected}")
        if pause:
            time.sleep(pause)
    after = worker.cpu_times()
    wall = (time.perf_counter() - started - pause * count) / count * 1000
    user, system = ((after.user - before.user) / count * 1000, (after.system - before.system) / count * 1000)
    return f"{wall:8.2f} {user:8.2f} {system:8.2f} {user + system:8.2f}"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--requests", type=int, default=300, help="requests of each kind per pause (300)")
    parser.add_argument("--pauses", default="0,0.02", help="seconds between requests, comma-separated (0,0.02)")
    parser.add_argument("--database", choices=("postgres", "sqlite"), default="postgres")
    args = parser.parse_args(argv)
    pauses = [float(p) for p in args.pauses.split(",")]
    workdir = Path(tempfile.mkdtemp(prefix="lsk-bench-cpu-"))
    with contextlib.ExitStack() as stack:
        stack.callback(shutil.rmtree, workdir, ignore_errors=True)
        url = stack.enter_context(bench_database(args.database, "lsk_bench_request_cpu", workdir))
        username = build_database(url, 1)[0]
        env = {**app_env(url, None, 0, 1), "LSK_GUNICORN_THREADS": "1"}
        server = start_gunicorn(env, workdir, "app")
        stack.callback(stop, server.process)
        worker = psutil.Process(server.process.pid).children()[0]
        client = Client(server.port)
        path, answer = sit_exam(client, username)
        for _ in range(50):  # warm up: templates compiled, statements cached
            client.send("GET", path)
            client.send("POST", path, answer)
        print(f"{args.database}, gunicorn 1 worker x 1 thread; per request, ms")
        print(f"{'request':<10} {'pause s':>7} {'wall':>8} {'user':>8} {'system':>8} {'CPU':>8}")
        for pause in pauses:
            page = measure(worker, lambda: client.send("GET", path)[0], 200, args.requests, pause)
            save = measure(worker, lambda: client.send("POST", path, answer)[0], 302, args.requests, pause)
            print(f"{'item page':<10} {pause:>7g} {page}\n{'save':<10} {pause:>7g} {save}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
